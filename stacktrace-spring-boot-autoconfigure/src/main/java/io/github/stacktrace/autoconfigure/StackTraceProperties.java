package io.github.stacktrace.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.github.stacktrace.report.DetailMode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the stacktrace endpoint's engine and limits.
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
	 * Most stalled per-thread captures one request abandons before it reports the remaining threads as timed out.
	 */
	private int maxStalledCaptures = 8;

	private final Cache cache = new Cache();

	private final InFlight inFlight = new InFlight();

	public Duration getDefaultTimeout() {
		return this.defaultTimeout;
	}

	public void setDefaultTimeout(Duration defaultTimeout) {
		this.defaultTimeout = defaultTimeout;
	}

	public Duration getMaxTimeout() {
		return this.maxTimeout;
	}

	public void setMaxTimeout(Duration maxTimeout) {
		this.maxTimeout = maxTimeout;
	}

	public DetailMode getDefaultMode() {
		return this.defaultMode;
	}

	public void setDefaultMode(DetailMode defaultMode) {
		this.defaultMode = defaultMode;
	}

	public Duration getMaxRequestDuration() {
		return this.maxRequestDuration;
	}

	public void setMaxRequestDuration(Duration maxRequestDuration) {
		this.maxRequestDuration = maxRequestDuration;
	}

	public int getMaxThreadIds() {
		return this.maxThreadIds;
	}

	public void setMaxThreadIds(int maxThreadIds) {
		this.maxThreadIds = maxThreadIds;
	}

	public int getMaxStalledCaptures() {
		return this.maxStalledCaptures;
	}

	public void setMaxStalledCaptures(int maxStalledCaptures) {
		this.maxStalledCaptures = maxStalledCaptures;
	}

	public Cache getCache() {
		return this.cache;
	}

	public InFlight getInFlight() {
		return this.inFlight;
	}

	/**
	 * Rendered-frame cache settings.
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

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * Bounds of the reports being sent to clients over HTTP.
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
		 * How long a client may read nothing before its report is abandoned and its memory released.
		 */
		private Duration writeTimeout = Duration.ofSeconds(20);

		/**
		 * Retry-After of a 503 refusal.
		 */
		private Duration retryAfter = Duration.ofSeconds(5);

		public int getMaxReports() {
			return this.maxReports;
		}

		public void setMaxReports(int maxReports) {
			this.maxReports = maxReports;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public Duration getWriteTimeout() {
			return this.writeTimeout;
		}

		public void setWriteTimeout(Duration writeTimeout) {
			this.writeTimeout = writeTimeout;
		}

		public Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

	}

}
