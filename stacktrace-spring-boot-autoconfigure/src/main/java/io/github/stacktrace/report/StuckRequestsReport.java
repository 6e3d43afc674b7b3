package io.github.stacktrace.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The requests stuck now, with stacks taken now, and the last ones that were stuck and ended, with their stacks as
 * they were when they were found stuck.
 *
 * @param takenAt when the report was made
 * @param threshold the default threshold past which a request is stuck
 * @param stuck the requests stuck now, the oldest first
 * @param recent the last stuck requests that ended, the latest first
 * @param detected how many stuck requests were found since start
 * @param suppressed how many log events the rate limit left out since start
 * @since 0.1.0
 */
public record StuckRequestsReport(Instant takenAt, Duration threshold, List<StuckRequest> stuck,
		List<StuckRequest> recent, long detected, long suppressed) {

	/**
	 * Creates a report.
	 * @param takenAt when the report was made
	 * @param threshold the default threshold
	 * @param stuck the requests stuck now
	 * @param recent the last stuck requests that ended
	 * @param detected how many stuck requests were found since start
	 * @param suppressed how many log events were left out since start
	 */
	public StuckRequestsReport {
		Objects.requireNonNull(takenAt, "takenAt");
		Objects.requireNonNull(threshold, "threshold");
		stuck = List.copyOf(stuck);
		recent = List.copyOf(recent);
	}

}
