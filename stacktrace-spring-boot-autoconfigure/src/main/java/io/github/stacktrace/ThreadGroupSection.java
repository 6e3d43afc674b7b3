package io.github.stacktrace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Threads of one report whose stacks render identically under the report's mode, with the same status, state and
 * diagnostics.
 *
 * @param threads the threads, in report order
 * @param stack the rendered stack they share; empty when they have no frames
 */
record ThreadGroupSection(List<ThreadCapture> threads, String stack) {

	/**
	 * Groups a report's threads, largest groups first; groups of equal size keep the order of their first thread.
	 * @param report the report
	 * @param renderer renders each stack (through its cache)
	 * @return the groups
	 */
	static List<ThreadGroupSection> group(StackTraceReport report, TextReportRenderer renderer) {
		DetailMode mode = report.request().mode();
		Map<Key, List<ThreadCapture>> groups = new LinkedHashMap<>();
		for (ThreadCapture thread : report.threads()) {
			String stack = renderer.renderStack(thread, mode);
			// In FULL_WITH_INLINE the per-thread counters are diagnostics too: threads differing in them stay apart.
			LockDetails counters = (mode == DetailMode.FULL_WITH_INLINE) ? thread.lockDetails() : null;
			Key key = new Key(thread.status(), thread.state(), thread.syscall(), thread.reason(), thread.error(),
					report.isDeadlocked(thread.id()), counters, stack);
			groups.computeIfAbsent(key, (k) -> new ArrayList<>()).add(thread);
		}
		List<ThreadGroupSection> sections = new ArrayList<>(groups.size());
		groups.forEach((key, threads) -> sections.add(new ThreadGroupSection(List.copyOf(threads), key.stack())));
		sections.sort(Comparator.comparingInt((ThreadGroupSection section) -> section.threads().size()).reversed());
		return sections;
	}

	private record Key(CaptureStatus status, Thread.@Nullable State state, @Nullable String syscall,
			@Nullable String reason, @Nullable String error, boolean deadlocked, @Nullable LockDetails counters,
			String stack) {

		Key {
			Objects.requireNonNull(stack);
		}

	}

}
