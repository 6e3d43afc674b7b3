package io.github.stacktrace.capture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.TimeoutReason;
import io.github.stacktrace.report.VirtualThreadFacts;
import io.github.stacktrace.report.VirtualThreadSelection;
import io.github.stacktrace.report.VirtualThreadsOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Captures the virtual threads a request covers from one JDK thread dump: the threads it names, or every one that
 * passes its filter, each with its container and carrier. The dump also tells which platform thread carries which
 * virtual thread. States, names and locks are what the dump gives: where it gives no state (Java 21), a state filter
 * cannot keep the thread, and no state is guessed.
 */
final class VirtualThreadCapture {

	private final @Nullable VirtualThreadDump dump;

	private final boolean disabled;

	/**
	 * Creates a capture.
	 * @param dump the JDK's dump, or {@code null} where there is none or it is turned off
	 * @param disabled whether the JDK has a dump that was turned off
	 */
	VirtualThreadCapture(@Nullable VirtualThreadDump dump, boolean disabled) {
		this.dump = dump;
		this.disabled = disabled;
	}

	/**
	 * Whether virtual threads can be captured here.
	 * @return {@code false} before Java 21
	 */
	boolean isSupported() {
		return this.dump != null;
	}

	/**
	 * Whether the JVM may run virtual threads, listed or not: where they are supported, and where their dump is
	 * turned off (an id no platform thread has may then be a live virtual thread's).
	 * @return {@code false} before Java 21
	 */
	boolean mayExist() {
		return isSupported() || this.disabled;
	}

	/**
	 * What a report says of virtual threads when no dump is taken for it, or {@code null} when one is needed.
	 * @param selection which kinds of thread the request covers
	 * @param nothingToFind whether the request is selective and every id it names is a live platform thread's
	 * @return the outcome, or {@code null} to take the dump
	 */
	@Nullable VirtualThreadsOutcome outcomeWithoutDump(VirtualThreadSelection selection, boolean nothingToFind) {
		if (!selection.coversVirtualThreads()) {
			return VirtualThreadsOutcome.EXCLUDED;
		}
		if (!mayExist()) {
			return VirtualThreadsOutcome.UNSUPPORTED;
		}
		if (nothingToFind) {
			return VirtualThreadsOutcome.NOT_NEEDED;
		}
		// The capturer lists the tracked virtual threads instead.
		return this.disabled ? VirtualThreadsOutcome.DISABLED : null;
	}

	/**
	 * Captures virtual threads.
	 * @param request the request: its mode, filter and {@code skip_blocking_syscalls}
	 * @param wanted the ids to look for, or {@code null} for every virtual thread
	 * @param currentId the id of the thread serving the request
	 * @param currentThread captures the thread serving the request, when it is a virtual thread the dump lists
	 * @param deadlineNanos the {@link System#nanoTime()} by which the dump must be read
	 * @return the captures in ascending id order, the carriers, and how it went
	 * @throws InterruptedException if the calling thread is interrupted while it waits for the dump
	 */
	Captured capture(StackTraceRequest request, @Nullable Set<Long> wanted, long currentId,
			Supplier<ThreadCapture> currentThread, long deadlineNanos) throws InterruptedException {
		VirtualThreadDump dump = this.dump;
		if (dump == null) {
			return new Captured(List.of(), Map.of(), VirtualThreadsOutcome.UNSUPPORTED, List.of());
		}
		List<ThreadCapture> captures = new ArrayList<>();
		Map<Long, Long> carrying = new HashMap<>();
		ThreadFilter filter = request.filter();
		boolean locks = request.mode().includesLocks();
		int[] stateless = new int[1];
		LongPredicate platformIds = new PlatformIds();
		VirtualThreadDump.Result result = dump.take(deadlineNanos, (thread) -> {
			if (!thread.isVirtual(platformIds)) {
				return true;
			}
			if (thread.carrier() >= 0) {
				carrying.put(thread.carrier(), thread.tid());
			}
			if (wanted != null && !wanted.contains(thread.tid())) {
				return true;
			}
			VirtualThreadFacts facts = VirtualThreadFacts.ofVirtual(thread.container(), thread.carrier());
			if (thread.tid() == currentId) {
				ThreadCapture current = currentThread.get();
				if (filter.matches(current.state(), thread.name())) {
					captures.add(current.withVirtual(facts));
				}
				return true;
			}
			if (!filter.states().isEmpty() && thread.state() == null) {
				stateless[0]++;
				return true;
			}
			if (!filter.matches(thread.state(), thread.name())) {
				return true;
			}
			captures.add(capture(thread, facts, locks, request.skipBlockingSyscalls()));
			return true;
		});
		captures.sort(Comparator.comparingLong(ThreadCapture::id));
		List<String> notices = new ArrayList<>(2);
		if (result.notice() != null) {
			notices.add(result.notice());
		}
		if (stateless[0] > 0) {
			notices.add(stateless[0] + " virtual threads left out: this JDK's thread dump gives no thread states,"
					+ " so a state filter cannot keep them");
		}
		return new Captured(captures, carrying, result.outcome(), notices);
	}

	/**
	 * What becomes of an id asked for that is neither a platform thread's nor found in the dump: no live thread has it
	 * when the dump was read whole (and, with a filter, it matches nothing, as for platform threads); when the dump
	 * was not, nobody knows, and the thread is reported as not captured rather than lost. Where the dump is turned off
	 * the id is reported as where there are no virtual threads, and the report says why it may be a live one.
	 */
	static @Nullable ThreadCapture unresolvedId(long id, VirtualThreadsOutcome outcome, boolean unfiltered) {
		return switch (outcome) {
			case INCLUDED, NOT_NEEDED, EXCLUDED, UNSUPPORTED, DISABLED, TRACKED, NOT_LOOKED_FOR -> unfiltered
					? ThreadCapture.exited(id, null) : null;
			case TIMEOUT -> ThreadCapture.timedOut(id, null, null, TimeoutReason.REQUEST_BUDGET_EXHAUSTED);
			case LOW_DISK_SPACE, CAPTURE_ERROR -> ThreadCapture.failed(id, null,
					new IllegalStateException("the JDK's thread dump was not read: " + outcome.reportName()));

		};
	}

	private static ThreadCapture capture(ThreadDumpReader.DumpedThread thread, VirtualThreadFacts facts,
			boolean withLocks, boolean skipBlockingSyscalls) {
		Thread.State state = thread.state();
		if (skipBlockingSyscalls && state != null) {
			String syscall = BlockingCallDetector.blockingSyscall(state, thread.frames());
			if (syscall != null) {
				return ThreadCapture.skipped(thread.tid(), thread.name(), state, syscall).withVirtual(facts);
			}
		}
		return new ThreadCapture(thread.tid(), thread.name(), state, CaptureStatus.OK, thread.frames(),
				withLocks ? thread.locks() : null, null, null, null, null, facts);
	}

	/**
	 * The virtual threads captured, in ascending id order.
	 *
	 * @param captures the captures
	 * @param carrying the virtual thread each carrier was running at the dump, by carrier id
	 * @param outcome how the dump went
	 * @param notices what the report should say about it
	 */
	record Captured(List<ThreadCapture> captures, Map<Long, Long> carrying, VirtualThreadsOutcome outcome,
			List<String> notices) {

		/**
		 * Marks the platform threads that were carrying a virtual thread at the dump.
		 * @param captures the platform captures, replaced in place; {@code null} slots are left alone
		 */
		void markCarriers(ThreadCapture[] captures) {
			if (this.carrying.isEmpty()) {
				return;
			}
			for (int i = 0; i < captures.length; i++) {
				ThreadCapture capture = captures[i];
				Long carried = (capture != null) ? this.carrying.get(capture.id()) : null;
				if (carried != null && !capture.isVirtual()) {
					captures[i] = capture.withVirtual(VirtualThreadFacts.carrierOf(carried));
				}
			}
		}
	}

	/**
	 * The ids of the live platform threads, listed when first asked: only a dump without {@code virtual} flags (Java
	 * 21) asks, after the dump, so that a platform thread started meanwhile is not taken for a virtual one.
	 */
	private static final class PlatformIds implements LongPredicate {

		private @Nullable Set<Long> ids;

		@Override
		public boolean test(long id) {
			Set<Long> known = this.ids;
			if (known == null) {
				known = new HashSet<>();
				for (Thread thread : ThreadDirectory.snapshot()) {
					known.add(ThreadDirectory.idOf(thread));
				}
				this.ids = known;
			}
			return known.contains(id);
		}

	}

}
