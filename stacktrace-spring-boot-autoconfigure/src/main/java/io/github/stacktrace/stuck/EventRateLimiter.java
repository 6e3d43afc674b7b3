package io.github.stacktrace.stuck;

/**
 * Lets at most a given number of events through in any sliding minute, and counts the ones it turns away until the
 * next one it lets through. The times of the last events let through are kept in a ring: the oldest of them must be
 * a minute old before another may pass. Not thread-safe: the checker's one thread asks.
 */
final class EventRateLimiter {

	private static final long MINUTE_NANOS = 60_000_000_000L;

	private final long[] passed;

	private int oldest;

	private int count;

	private long suppressed;

	private long suppressedTotal;

	EventRateLimiter(int maxPerMinute) {
		if (maxPerMinute < 0) {
			throw new IllegalArgumentException("maxPerMinute must not be negative");
		}
		this.passed = new long[maxPerMinute];
	}

	/**
	 * Asks to let an event through now.
	 * @param nowNanos the {@link System#nanoTime()} now
	 * @return how many events were turned away since the last one let through, or {@code -1} when this one is turned
	 * away
	 */
	long tryPass(long nowNanos) {
		if (this.passed.length == 0) {
			return turnAway();
		}
		if (this.count == this.passed.length) {
			if (nowNanos - this.passed[this.oldest] < MINUTE_NANOS) {
				return turnAway();
			}
			this.passed[this.oldest] = nowNanos;
			this.oldest = (this.oldest + 1) % this.passed.length;
		}
		else {
			this.passed[(this.oldest + this.count) % this.passed.length] = nowNanos;
			this.count++;
		}
		long before = this.suppressed;
		this.suppressed = 0;
		return before;
	}

	private long turnAway() {
		this.suppressed++;
		this.suppressedTotal++;
		return -1;
	}

	/**
	 * How many events were turned away since start.
	 * @return the count
	 */
	long suppressedTotal() {
		return this.suppressedTotal;
	}

}
