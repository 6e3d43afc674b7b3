package io.github.stacktrace.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Threads of one report that look the same under the report's detail mode: the same frames as the mode shows them
 * (no line numbers in {@code DISABLED}, no loader or module before {@code FULL}), the same status, state and
 * diagnostics, and in the FULL modes the same locks (and in {@code FULL_WITH_INLINE} the same counters). A renderer
 * shows a group as one section.
 *
 * @param threads the threads, in report order; never empty
 * @since 0.1.0
 */
public record StackGroup(List<ThreadCapture> threads) {

	/**
	 * Creates a group.
	 * @param threads the threads, in report order; never empty
	 * @throws IllegalArgumentException if {@code threads} is empty
	 */
	public StackGroup {
		threads = List.copyOf(threads);
		if (threads.isEmpty()) {
			throw new IllegalArgumentException("a group has at least one thread");
		}
	}

	/**
	 * The thread whose frames, status and diagnostics stand for the group.
	 * @return the first thread
	 */
	public ThreadCapture first() {
		return this.threads.get(0);
	}

	/**
	 * How many threads the group has.
	 * @return the count
	 */
	public int size() {
		return this.threads.size();
	}

	/**
	 * Groups a report's threads, largest groups first; groups of equal size keep the order of their first thread.
	 * @param report the report
	 * @return the groups
	 */
	public static List<StackGroup> of(StackTraceReport report) {
		DetailMode mode = report.request().mode();
		Map<Key, List<ThreadCapture>> groups = new LinkedHashMap<>();
		for (ThreadCapture thread : report.threads()) {
			Key key = new Key(thread.status(), thread.state(), thread.syscall(), thread.timeoutReason(),
					thread.error(), report.isDeadlocked(thread.id()), mode.includesLocks() ? thread.locks() : null,
					(mode == DetailMode.FULL_WITH_INLINE) ? thread.counters() : null,
					new ShownFrames(thread.frames(), mode));
			groups.computeIfAbsent(key, (k) -> new ArrayList<>()).add(thread);
		}
		List<StackGroup> sorted = new ArrayList<>(groups.size());
		groups.values().forEach((threads) -> sorted.add(new StackGroup(threads)));
		sorted.sort(Comparator.comparingInt(StackGroup::size).reversed());
		return sorted;
	}

	private record Key(CaptureStatus status, Thread.@Nullable State state, @Nullable String syscall,
			@Nullable TimeoutReason timeoutReason, @Nullable String error, boolean deadlocked,
			@Nullable ThreadLocks locks, @Nullable ThreadCounters counters, ShownFrames frames) {

	}

	/**
	 * Frames compared by what the mode shows of them: class and method; then file and line (which also tells a
	 * native frame); then, in the FULL modes, every field of the frame.
	 */
	private static final class ShownFrames {

		private final List<StackTraceElement> frames;

		private final DetailMode mode;

		private final int hash;

		ShownFrames(List<StackTraceElement> frames, DetailMode mode) {
			this.frames = frames;
			this.mode = mode;
			int hash = 1;
			for (StackTraceElement frame : frames) {
				hash = 31 * hash + frameHash(frame);
			}
			this.hash = hash;
		}

		private int frameHash(StackTraceElement frame) {
			if (this.mode.includesLocks()) {
				return frame.hashCode();
			}
			int hash = 31 * frame.getClassName().hashCode() + frame.getMethodName().hashCode();
			if (this.mode == DetailMode.DISABLED) {
				return hash;
			}
			return 31 * (31 * hash + Objects.hashCode(frame.getFileName())) + frame.getLineNumber();
		}

		private boolean sameFrame(StackTraceElement a, StackTraceElement b) {
			if (this.mode.includesLocks()) {
				return a.equals(b);
			}
			boolean sameMethod = a.getClassName().equals(b.getClassName()) && a.getMethodName().equals(b.getMethodName());
			if (this.mode == DetailMode.DISABLED) {
				return sameMethod;
			}
			return sameMethod && Objects.equals(a.getFileName(), b.getFileName())
					&& a.getLineNumber() == b.getLineNumber();
		}

		@Override
		public boolean equals(Object other) {
			if (!(other instanceof ShownFrames that) || this.hash != that.hash || this.mode != that.mode
					|| this.frames.size() != that.frames.size()) {
				return false;
			}
			for (int i = 0; i < this.frames.size(); i++) {
				if (!sameFrame(this.frames.get(i), that.frames.get(i))) {
					return false;
				}
			}
			return true;
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
