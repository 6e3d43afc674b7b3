package io.github.stacktrace.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of stuck-request detection: which requests count as stuck, how they are logged, remembered and
 * reported.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("stacktrace.stuck-requests")
public class StuckRequestsProperties {

	/**
	 * Whether to watch for requests and tasks that run on one thread past their threshold.
	 */
	private boolean enabled = true;

	/**
	 * How long a request or task may run on one thread before it is stuck, unless a pattern of 'thresholds' gives its
	 * route another threshold.
	 */
	private Duration threshold = Duration.ofSeconds(60);

	/**
	 * Route templates never watched, as patterns: '*' matches any characters but '/', '**' any characters (for example
	 * '/downloads/**'). A scheduled task's route is 'SimpleClassName.method'.
	 */
	private List<String> exclude = new ArrayList<>();

	/**
	 * Thresholds of their own, by route-template pattern ('[/reports/**]=5m'); the first matching pattern wins.
	 */
	private Map<String, Duration> thresholds = new LinkedHashMap<>();

	/**
	 * The most log events in any minute; the events left out are counted in the next one.
	 */
	private int maxEventsPerMinute = 10;

	/**
	 * The most frames kept and logged of a stuck request's stack; the rest are counted.
	 */
	private int maxDepth = 64;

	/**
	 * The most requests one log event names one by one; the rest of its group are counted.
	 */
	private int maxRequestsPerEvent = 10;

	/**
	 * Remembered stuck requests that ended, for the stuck report.
	 */
	private final Recent recent = new Recent();

	/**
	 * The most requests stuck now that the stuck report shows.
	 */
	private int maxReported = 100;

	/**
	 * The most distinct method and uri tag pairs of the stuck-request meters; routes past it count as uri=OTHER.
	 */
	private int maxUriTags = 100;

	/**
	 * The stuckRequests health contributor.
	 */
	private final Health health = new Health();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getThreshold() {
		return this.threshold;
	}

	public void setThreshold(Duration threshold) {
		this.threshold = threshold;
	}

	public List<String> getExclude() {
		return this.exclude;
	}

	public void setExclude(List<String> exclude) {
		this.exclude = exclude;
	}

	public Map<String, Duration> getThresholds() {
		return this.thresholds;
	}

	public void setThresholds(Map<String, Duration> thresholds) {
		this.thresholds = thresholds;
	}

	public int getMaxEventsPerMinute() {
		return this.maxEventsPerMinute;
	}

	public void setMaxEventsPerMinute(int maxEventsPerMinute) {
		this.maxEventsPerMinute = maxEventsPerMinute;
	}

	public int getMaxDepth() {
		return this.maxDepth;
	}

	public void setMaxDepth(int maxDepth) {
		this.maxDepth = maxDepth;
	}

	public int getMaxRequestsPerEvent() {
		return this.maxRequestsPerEvent;
	}

	public void setMaxRequestsPerEvent(int maxRequestsPerEvent) {
		this.maxRequestsPerEvent = maxRequestsPerEvent;
	}

	public Recent getRecent() {
		return this.recent;
	}

	public int getMaxReported() {
		return this.maxReported;
	}

	public void setMaxReported(int maxReported) {
		this.maxReported = maxReported;
	}

	public int getMaxUriTags() {
		return this.maxUriTags;
	}

	public void setMaxUriTags(int maxUriTags) {
		this.maxUriTags = maxUriTags;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * Remembered stuck requests that ended.
	 */
	public static class Recent {

		/**
		 * The most ended stuck requests remembered.
		 */
		private int count = 20;

		/**
		 * About the most memory the remembered ones may take, their stacks included.
		 */
		private DataSize maxSize = DataSize.ofKilobytes(256);

		public int getCount() {
			return this.count;
		}

		public void setCount(int count) {
			this.count = count;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * The stuckRequests health contributor.
	 */
	public static class Health {

		/**
		 * Whether to contribute 'stuckRequests' to the health endpoint.
		 */
		private boolean enabled = false;

		/**
		 * How many requests must be stuck at once before the status is 'status'; UP below.
		 */
		private int minCount = 10;

		/**
		 * The status while at least 'min-count' requests are stuck.
		 */
		private String status = "DOWN";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMinCount() {
			return this.minCount;
		}

		public void setMinCount(int minCount) {
			this.minCount = minCount;
		}

		public String getStatus() {
			return this.status;
		}

		public void setStatus(String status) {
			this.status = status;
		}

	}

}
