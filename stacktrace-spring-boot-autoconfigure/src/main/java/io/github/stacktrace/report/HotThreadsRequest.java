package io.github.stacktrace.report;

import java.time.Duration;
import java.util.Objects;

/**
 * One validated hot-threads request: measure every thread over a window, rank them, take stacks of the busiest.
 *
 * @param type what to rank by
 * @param threads how many of the busiest threads to show
 * @param interval the measuring window
 * @param snapshots how many stacks to take of each shown thread
 * @param ignoreIdle whether to leave out threads whose every snapshot sits in a known idle frame
 * @param mode the frame detail of the snapshots
 * @param filter which threads may be ranked, by state and name
 * @since 0.1.0
 */
public record HotThreadsRequest(HotThreadsType type, int threads, Duration interval, int snapshots,
		boolean ignoreIdle, DetailMode mode, ThreadFilter filter) {

	/** The defaults: CPU, 3 threads, 500 ms, 10 snapshots, idle threads left out, FAST frames, no filter. */
	public static final HotThreadsRequest DEFAULTS = new HotThreadsRequest(HotThreadsType.CPU, 3,
			Duration.ofMillis(500), 10, true, DetailMode.FAST, ThreadFilter.NONE);

	/**
	 * Creates a request.
	 * @param type what to rank by
	 * @param threads how many of the busiest threads to show, at least 1
	 * @param interval the measuring window, positive
	 * @param snapshots how many stacks to take of each shown thread, at least 1
	 * @param ignoreIdle whether to leave out threads whose every snapshot sits in a known idle frame
	 * @param mode the frame detail of the snapshots
	 * @param filter which threads may be ranked
	 */
	public HotThreadsRequest {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(interval, "interval");
		Objects.requireNonNull(mode, "mode");
		Objects.requireNonNull(filter, "filter");
		if (threads < 1 || snapshots < 1 || interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("threads and snapshots must be at least 1 and the interval positive");
		}
	}

}
