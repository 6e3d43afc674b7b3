package io.github.stacktrace.report;

import java.util.List;
import java.util.Objects;

/**
 * One log event about stuck requests: the requests found stuck at one stack in one check, or the requests of one
 * such group that ended in one check.
 *
 * @param kind whether they were found stuck or ended
 * @param requests the requests, at least one, the oldest first
 * @param suppressedBefore how many events the rate limit left out since the last event that was let through
 * @since 0.1.0
 */
public record StuckRequestEvent(Kind kind, List<StuckRequest> requests, long suppressedBefore) {

	/**
	 * Creates an event.
	 * @param kind whether they were found stuck or ended
	 * @param requests the requests, at least one
	 * @param suppressedBefore how many events were left out before this one
	 */
	public StuckRequestEvent {
		Objects.requireNonNull(kind, "kind");
		requests = List.copyOf(requests);
		if (requests.isEmpty()) {
			throw new IllegalArgumentException("an event names at least one request");
		}
	}

	/**
	 * The first request, the one whose stack and trace the event shows.
	 * @return the first request
	 */
	public StuckRequest first() {
		return this.requests.get(0);
	}

	/** What happened to the requests of an event. */
	public enum Kind {

		/** They were found stuck. */
		STUCK,

		/** They ended after being stuck. */
		ENDED

	}

}
