package io.github.stacktrace;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the capture engine.
 *
 * @param maxRequestDuration the most one request may spend capturing, whatever its per-thread timeout
 * @param maxStalledCaptures how many stalled captures (a thread's, or a chunk's on the bulk path) one request may
 * abandon before it gives up on the threads left
 * @param maxPause the longest safepoint pause one chunk of a bulk capture should cause: the chunks are sized from the
 * measured cost of the previous ones (a fixed part plus a part per thread) to aim at 70% of it
 * @param virtualThreadDump whether captures may take the JDK's thread dump, the source of the virtual threads
 * @since 0.1.0
 */
public record StackTraceSettings(Duration maxRequestDuration, int maxStalledCaptures, Duration maxPause,
		VirtualThreadDumpPolicy virtualThreadDump) {

	/** The longest budget a request may be given. */
	public static final Duration MAX_REQUEST_DURATION = Duration.ofHours(1);

	/** The default longest pause of one chunk. */
	public static final Duration DEFAULT_MAX_PAUSE = Duration.ofMillis(5);

	/** The shortest pause one chunk may be sized for: below it, reaching the safepoint is most of the cost. */
	public static final Duration MIN_PAUSE = Duration.ofMillis(1);

	/** The longest pause one chunk may be sized for: a chunk never takes more than 4,096 threads anyway. */
	public static final Duration MAX_PAUSE = Duration.ofMinutes(1);

	/** The defaults: 30 seconds per request, 8 stalled captures, 5 ms pauses, the thread dump where it is safe. */
	public static final StackTraceSettings DEFAULTS = new StackTraceSettings(Duration.ofSeconds(30), 8,
			DEFAULT_MAX_PAUSE);

	/**
	 * Settings that take the JDK's thread dump where it is safe ({@link VirtualThreadDumpPolicy#AUTO}).
	 * @param maxRequestDuration the most one request may spend capturing
	 * @param maxStalledCaptures how many stalled captures one request may abandon
	 * @param maxPause the longest safepoint pause one chunk of a bulk capture should cause
	 */
	public StackTraceSettings(Duration maxRequestDuration, int maxStalledCaptures, Duration maxPause) {
		this(maxRequestDuration, maxStalledCaptures, maxPause, VirtualThreadDumpPolicy.AUTO);
	}

	/**
	 * Settings with the default longest pause.
	 * @param maxRequestDuration the most one request may spend capturing
	 * @param maxStalledCaptures how many stalled captures one request may abandon
	 */
	public StackTraceSettings(Duration maxRequestDuration, int maxStalledCaptures) {
		this(maxRequestDuration, maxStalledCaptures, DEFAULT_MAX_PAUSE);
	}

	/**
	 * Creates settings.
	 * @param maxRequestDuration the most one request may spend capturing, whatever its per-thread timeout
	 * @param maxStalledCaptures how many stalled per-thread captures one request may abandon before it gives up on the
	 * threads left
	 * @param maxPause the longest safepoint pause one chunk of a bulk capture should cause
	 * @param virtualThreadDump whether captures may take the JDK's thread dump
	 * @throws IllegalArgumentException if {@code maxRequestDuration} is not positive or is over
	 * {@link #MAX_REQUEST_DURATION}, {@code maxStalledCaptures} is below 1, or {@code maxPause} is outside
	 * [{@link #MIN_PAUSE}, {@link #MAX_PAUSE}]
	 */
	public StackTraceSettings {
		Objects.requireNonNull(maxPause, "maxPause");
		Objects.requireNonNull(virtualThreadDump, "virtualThreadDump");
		if (maxPause.compareTo(MIN_PAUSE) < 0 || maxPause.compareTo(MAX_PAUSE) > 0) {
			throw new IllegalArgumentException(
					"maxPause must be between " + MIN_PAUSE + " and " + MAX_PAUSE + ", was " + maxPause);
		}
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
