package io.github.stacktrace.actuate;

import org.jspecify.annotations.Nullable;

/**
 * The stacktrace endpoint's query parameters as received; any of them may be {@code null} or empty, which both mean
 * absent.
 *
 * @param threadId comma-separated Java thread ids ({@code thread_id})
 * @param tid legacy alias of {@code threadId}
 * @param mode frame detail
 * @param dwarfLocationInfoMode long name of {@code mode} ({@code dwarf_location_info_mode})
 * @param timeoutMs the per-thread timeout in milliseconds ({@code timeout_ms})
 * @param skipBlockingSyscalls whether to skip threads blocked in a blocking native call
 * ({@code skip_blocking_syscalls})
 * @param format text, json, folded, jstack or html
 * @param group whether to group identical stacks
 * @param state comma-separated thread states to keep
 * @param name a glob over the whole thread name
 * @param virtual include, exclude or only: which threads to cover by kind
 * @since 0.1.0
 */
public record RawParameters(@Nullable String threadId, @Nullable String tid, @Nullable String mode,
		@Nullable String dwarfLocationInfoMode, @Nullable String timeoutMs, @Nullable String skipBlockingSyscalls,
		@Nullable String format, @Nullable String group, @Nullable String state, @Nullable String name,
		@Nullable String virtual) {

	/** No parameter given: every live thread with the defaults. */
	public static final RawParameters NONE = new RawParameters(null, null, null, null, null, null, null, null, null,
			null, null);

	/**
	 * Parameters without {@code virtual}.
	 * @param threadId comma-separated Java thread ids ({@code thread_id})
	 * @param tid legacy alias of {@code threadId}
	 * @param mode frame detail
	 * @param dwarfLocationInfoMode long name of {@code mode} ({@code dwarf_location_info_mode})
	 * @param timeoutMs the per-thread timeout in milliseconds ({@code timeout_ms})
	 * @param skipBlockingSyscalls whether to skip threads blocked in a blocking native call
	 * ({@code skip_blocking_syscalls})
	 * @param format text, json or folded
	 * @param group whether to group identical stacks
	 * @param state comma-separated thread states to keep
	 * @param name a glob over the whole thread name
	 */
	public RawParameters(@Nullable String threadId, @Nullable String tid, @Nullable String mode,
			@Nullable String dwarfLocationInfoMode, @Nullable String timeoutMs, @Nullable String skipBlockingSyscalls,
			@Nullable String format, @Nullable String group, @Nullable String state, @Nullable String name) {
		this(threadId, tid, mode, dwarfLocationInfoMode, timeoutMs, skipBlockingSyscalls, format, group, state, name,
				null);
	}

	/**
	 * Whether the parameters name threads, valid or not: how a rejected request is counted.
	 * @return {@code true} when {@code thread_id} or {@code tid} is not empty
	 */
	public boolean isSelective() {
		return !isEmpty(this.threadId) || !isEmpty(this.tid);
	}

	private static boolean isEmpty(@Nullable String value) {
		return value == null || value.isEmpty();
	}

}
