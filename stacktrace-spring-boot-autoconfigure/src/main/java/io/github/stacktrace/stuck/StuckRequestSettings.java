package io.github.stacktrace.stuck;

import java.time.Duration;
import java.util.Objects;

/**
 * How the stuck-request checker works.
 *
 * @param thresholds the threshold of each route, and the routes never watched
 * @param maxEventsPerMinute the most log events in any minute; the rest are counted in the next one
 * @param maxDepth the most frames kept of a stuck request's stack; the rest are counted
 * @param maxRequestsPerEvent the most requests one log event names; the rest are counted
 * @param recentCount the most ended stuck requests kept for the report
 * @param recentMaxChars about the most characters the kept ended stuck requests may take, their stacks included
 * @since 0.1.0
 */
public record StuckRequestSettings(RouteThresholds thresholds, int maxEventsPerMinute, int maxDepth,
		int maxRequestsPerEvent, int recentCount, long recentMaxChars) {

	private static final Duration MIN_PERIOD = Duration.ofMillis(50);

	private static final Duration MAX_PERIOD = Duration.ofSeconds(1);

	/**
	 * Creates the settings.
	 * @param thresholds the threshold of each route
	 * @param maxEventsPerMinute the most log events in any minute
	 * @param maxDepth the most frames kept of a stack, at least 1
	 * @param maxRequestsPerEvent the most requests one log event names, at least 1
	 * @param recentCount the most ended stuck requests kept
	 * @param recentMaxChars about the most characters the kept ended stuck requests may take
	 */
	public StuckRequestSettings {
		Objects.requireNonNull(thresholds, "thresholds");
		if (maxEventsPerMinute < 0 || maxDepth < 1 || maxRequestsPerEvent < 1 || recentCount < 0
				|| recentMaxChars < 0) {
			throw new IllegalArgumentException("invalid stuck-request settings");
		}
	}

	/**
	 * How often the checker looks: a tenth of the smallest threshold, between 50 ms and 1 s. A request is then found
	 * stuck at most a tenth of its threshold late, and at the default threshold of a minute the checker wakes once a
	 * second.
	 * @return the period
	 */
	public Duration period() {
		Duration tenth = this.thresholds.smallest().dividedBy(10);
		if (tenth.compareTo(MIN_PERIOD) < 0) {
			return MIN_PERIOD;
		}
		return (tenth.compareTo(MAX_PERIOD) > 0) ? MAX_PERIOD : tenth;
	}

}
