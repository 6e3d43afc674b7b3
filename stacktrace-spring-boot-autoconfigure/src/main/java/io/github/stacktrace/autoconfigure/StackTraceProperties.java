package io.github.stacktrace.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.github.stacktrace.VirtualThreadDumpPolicy;
import io.github.stacktrace.report.DetailMode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the stacktrace endpoint's engine and limits.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("stacktrace")
public class StackTraceProperties {

	/**
	 * Per-thread capture timeout used when a request gives no timeout_ms.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration defaultTimeout = Duration.ofMillis(100);

	/**
	 * Largest per-thread timeout a request may ask for with timeout_ms (at most 10s).
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration maxTimeout = Duration.ofSeconds(10);

	/**
	 * Frame detail used when a request gives no mode.
	 */
	private DetailMode defaultMode = DetailMode.FAST;

	/**
	 * Most time one request may spend capturing; threads not reached by then are reported as timed out.
	 */
	private Duration maxRequestDuration = Duration.ofSeconds(30);

	/**
	 * Most thread ids one request may name.
	 */
	private int maxThreadIds = 1024;

	/**
	 * Most stalled captures (a thread's, or a chunk's of a bulk capture) one request abandons before it reports the
	 * remaining threads as timed out.
	 */
	private int maxStalledCaptures = 8;

	/**
	 * Longest safepoint pause one chunk of a bulk capture (Java 17-20, and the full modes) should cause; threads are
	 * taken in chunks sized from the measured cost of the previous ones to aim at 70% of it (1ms to 1m).
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration maxPause = Duration.ofMillis(5);

	private final Cache cache = new Cache();

	private final InFlight inFlight = new InFlight();

	private final RequestContext requestContext = new RequestContext();

	private final VirtualThreads virtualThreads = new VirtualThreads();

	/**
	 * Creates the properties, each at its default.
	 */
	public StackTraceProperties() {
	}

	/**
	 * Returns the per-thread capture timeout used when a request gives no {@code timeout_ms}.
	 * @return the timeout
	 */
	public Duration getDefaultTimeout() {
		return this.defaultTimeout;
	}

	/**
	 * Sets the per-thread capture timeout used when a request gives no {@code timeout_ms}.
	 * @param defaultTimeout the timeout
	 */
	public void setDefaultTimeout(Duration defaultTimeout) {
		this.defaultTimeout = defaultTimeout;
	}

	/**
	 * Returns the largest per-thread timeout a request may ask for with {@code timeout_ms}.
	 * @return the timeout, at most 10 seconds
	 */
	public Duration getMaxTimeout() {
		return this.maxTimeout;
	}

	/**
	 * Sets the largest per-thread timeout a request may ask for with {@code timeout_ms}.
	 * @param maxTimeout the timeout, at most 10 seconds
	 */
	public void setMaxTimeout(Duration maxTimeout) {
		this.maxTimeout = maxTimeout;
	}

	/**
	 * Returns the frame detail used when a request gives no mode.
	 * @return the mode
	 */
	public DetailMode getDefaultMode() {
		return this.defaultMode;
	}

	/**
	 * Sets the frame detail used when a request gives no mode.
	 * @param defaultMode the mode
	 */
	public void setDefaultMode(DetailMode defaultMode) {
		this.defaultMode = defaultMode;
	}

	/**
	 * Returns the most time one request may spend capturing.
	 * @return the duration
	 */
	public Duration getMaxRequestDuration() {
		return this.maxRequestDuration;
	}

	/**
	 * Sets the most time one request may spend capturing.
	 * @param maxRequestDuration the duration
	 */
	public void setMaxRequestDuration(Duration maxRequestDuration) {
		this.maxRequestDuration = maxRequestDuration;
	}

	/**
	 * Returns the most thread ids one request may name.
	 * @return the count
	 */
	public int getMaxThreadIds() {
		return this.maxThreadIds;
	}

	/**
	 * Sets the most thread ids one request may name.
	 * @param maxThreadIds the count
	 */
	public void setMaxThreadIds(int maxThreadIds) {
		this.maxThreadIds = maxThreadIds;
	}

	/**
	 * Returns the most stalled per-thread captures one request abandons.
	 * @return the count
	 */
	public int getMaxStalledCaptures() {
		return this.maxStalledCaptures;
	}

	/**
	 * Sets the most stalled per-thread captures one request abandons.
	 * @param maxStalledCaptures the count
	 */
	public void setMaxStalledCaptures(int maxStalledCaptures) {
		this.maxStalledCaptures = maxStalledCaptures;
	}

	/**
	 * Returns the longest safepoint pause one chunk of a bulk capture should cause.
	 * @return the longest pause
	 */
	public Duration getMaxPause() {
		return this.maxPause;
	}

	/**
	 * Sets the longest safepoint pause one chunk of a bulk capture should cause.
	 * @param maxPause the longest pause
	 */
	public void setMaxPause(Duration maxPause) {
		this.maxPause = maxPause;
	}

	/**
	 * Returns the rendered-frame cache settings.
	 * @return the rendered-frame cache settings
	 */
	public Cache getCache() {
		return this.cache;
	}

	/**
	 * Returns the bounds of the reports being sent to clients over HTTP.
	 * @return the bounds of the reports being sent to clients over HTTP
	 */
	public InFlight getInFlight() {
		return this.inFlight;
	}

	/**
	 * Returns the settings of the record of which request each thread serves.
	 * @return the request-context settings
	 */
	public RequestContext getRequestContext() {
		return this.requestContext;
	}

	/**
	 * Returns the virtual-thread settings.
	 * @return the virtual-thread settings
	 */
	public VirtualThreads getVirtualThreads() {
		return this.virtualThreads;
	}

	/**
	 * Virtual-thread settings (Java 21 and later).
	 *
	 * @since 0.1.0
	 */
	public static class VirtualThreads {

		/**
		 * Whether captures take the JDK's thread dump, the only source of the virtual threads: 'auto' on Java 21-24
		 * only (on Java 25 the dump can crash the JVM while virtual threads mount or unmount, JDK-8364343), 'always'
		 * on every JDK that has it, 'never'.
		 */
		private VirtualThreadDumpPolicy dump = VirtualThreadDumpPolicy.AUTO;

		/**
		 * Creates the virtual-thread settings, each at its default.
		 */
		public VirtualThreads() {
		}

		/**
		 * Returns whether captures take the JDK's thread dump.
		 * @return the policy
		 */
		public VirtualThreadDumpPolicy getDump() {
			return this.dump;
		}

		/**
		 * Sets whether captures take the JDK's thread dump.
		 * @param dump the policy
		 */
		public void setDump(VirtualThreadDumpPolicy dump) {
			this.dump = dump;
		}

	}

	/**
	 * Settings of the record of which request (or scheduled task) each thread serves.
	 *
	 * @since 0.1.0
	 */
	public static class RequestContext {

		/**
		 * Whether to record which request each thread serves, for reports to show; off registers no filter and no
		 * interceptor.
		 */
		private boolean enabled = true;

		/**
		 * Creates the request-context settings, each at its default.
		 */
		public RequestContext() {
		}

		/**
		 * Returns whether to record which request each thread serves.
		 * @return whether to record which request each thread serves
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Sets whether to record which request each thread serves.
		 * @param enabled whether to record which request each thread serves
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Rendered-frame cache settings.
	 *
	 * @since 0.1.0
	 */
	public static class Cache {

		/**
		 * Most rendered frame blocks kept; 0 disables the cache.
		 */
		private int maxEntries = 1024;

		/**
		 * Most rendered text kept over all blocks (one byte per character); 0 disables the cache.
		 */
		private DataSize maxSize = DataSize.ofMegabytes(4);

		/**
		 * Creates the cache settings, each at its default.
		 */
		public Cache() {
		}

		/**
		 * Returns the most rendered frame blocks kept; 0 disables the cache.
		 * @return the count
		 */
		public int getMaxEntries() {
			return this.maxEntries;
		}

		/**
		 * Sets the most rendered frame blocks kept; 0 disables the cache.
		 * @param maxEntries the count
		 */
		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

		/**
		 * Returns the most rendered text kept over all blocks (one byte per character); 0 disables the cache.
		 * @return the size
		 */
		public DataSize getMaxSize() {
			return this.maxSize;
		}

		/**
		 * Sets the most rendered text kept over all blocks (one byte per character); 0 disables the cache.
		 * @param maxSize the size
		 */
		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * Bounds of the reports being sent to clients over HTTP.
	 *
	 * @since 0.1.0
	 */
	public static class InFlight {

		/**
		 * Most reports sent to clients at once; a request beyond it gets a 503 with Retry-After.
		 */
		private int maxReports = 4;

		/**
		 * Most rendered text the reports being sent may hold together (one byte per character); a request beyond it
		 * gets a 503 with Retry-After. A larger report is still sent when it is the only one.
		 */
		private DataSize maxSize = DataSize.ofMegabytes(64);

		/**
		 * How long a client may read nothing before its report is abandoned and its memory released. On Tomcat the
		 * connection is then closed, so that the request thread writing the report is free at once.
		 */
		private Duration writeTimeout = Duration.ofSeconds(20);

		/**
		 * Retry-After of a 503 refusal.
		 */
		private Duration retryAfter = Duration.ofSeconds(5);

		/**
		 * Creates the bounds, each at its default.
		 */
		public InFlight() {
		}

		/**
		 * Returns the most reports sent to clients at once.
		 * @return the count
		 */
		public int getMaxReports() {
			return this.maxReports;
		}

		/**
		 * Sets the most reports sent to clients at once.
		 * @param maxReports the count
		 */
		public void setMaxReports(int maxReports) {
			this.maxReports = maxReports;
		}

		/**
		 * Returns the most rendered text the reports being sent may hold together (one byte per character).
		 * @return the size
		 */
		public DataSize getMaxSize() {
			return this.maxSize;
		}

		/**
		 * Sets the most rendered text the reports being sent may hold together (one byte per character).
		 * @param maxSize the size
		 */
		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		/**
		 * Returns how long a client may read nothing before its report is abandoned.
		 * @return the timeout
		 */
		public Duration getWriteTimeout() {
			return this.writeTimeout;
		}

		/**
		 * Sets how long a client may read nothing before its report is abandoned.
		 * @param writeTimeout the timeout
		 */
		public void setWriteTimeout(Duration writeTimeout) {
			this.writeTimeout = writeTimeout;
		}

		/**
		 * Returns the {@code Retry-After} of a 503 refusal.
		 * @return the delay
		 */
		public Duration getRetryAfter() {
			return this.retryAfter;
		}

		/**
		 * Sets the {@code Retry-After} of a 503 refusal.
		 * @param retryAfter the delay
		 */
		public void setRetryAfter(Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

	}

}
