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

}
