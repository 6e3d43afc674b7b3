package io.github.stacktrace;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the capture engine.
 *
 * @param maxRequestDuration the most one request may spend capturing, whatever its per-thread timeout
 * @param maxStalledCaptures how many stalled per-thread captures one request may abandon before it gives up on the
 * threads left
 * @since 0.1.0
 */
public record StackTraceSettings(Duration maxRequestDuration, int maxStalledCaptures) {

	/** The longest budget a request may be given. */
	public static final Duration MAX_REQUEST_DURATION = Duration.ofHours(1);

	/** The defaults: 30 seconds per request, 8 stalled captures. */
	public static final StackTraceSettings DEFAULTS = new StackTraceSettings(Duration.ofSeconds(30), 8);

	/**
	 * Creates settings.
	 * @param maxRequestDuration the most one request may spend capturing, whatever its per-thread timeout
	 * @param maxStalledCaptures how many stalled per-thread captures one request may abandon before it gives up on the
	 * threads left
	 * @throws IllegalArgumentException if {@code maxRequestDuration} is not positive or is over
	 * {@link #MAX_REQUEST_DURATION}, or {@code maxStalledCaptures} is below 1
	 */
	public StackTraceSettings {
		Objects.requireNonNull(maxRequestDuration, "maxRequestDuration");
		if (maxRequestDuration.isNegative() || maxRequestDuration.isZero()
				|| maxRequestDuration.compareTo(MAX_REQUEST_DURATION) > 0) {
			throw new IllegalArgumentException(
					"maxRequestDuration must be positive and at most " + MAX_REQUEST_DURATION + ", was " + maxRequestDuration);
		}
		if (maxStalledCaptures < 1) {
			throw new IllegalArgumentException("maxStalledCaptures must be at least 1");
		}
	}

}
