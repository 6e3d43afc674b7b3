package io.github.stacktrace.actuate;

import org.jspecify.annotations.Nullable;

/**
 * The hot-threads operation's query parameters as received; any of them may be {@code null} or empty, which both
 * mean absent.
 *
 * @param threads how many of the busiest threads to show
 * @param intervalMs the measuring window in milliseconds ({@code interval_ms})
 * @param snapshots how many stacks to take of each shown thread
 * @param type what to rank by: cpu, wait, block or alloc
 * @param ignoreIdle whether to leave out threads waiting for work ({@code ignore_idle})
 * @param mode frame detail
 * @param format text, json, folded or html
 * @param state comma-separated thread states to keep
 * @param name a glob over the whole thread name
 * @since 0.1.0
 */
public record HotThreadsParameters(@Nullable String threads, @Nullable String intervalMs, @Nullable String snapshots,
		@Nullable String type, @Nullable String ignoreIdle, @Nullable String mode, @Nullable String format,
		@Nullable String state, @Nullable String name) {

	/** No parameter given: the defaults. */
	public static final HotThreadsParameters NONE = new HotThreadsParameters(null, null, null, null, null, null, null,
			null, null);

}
