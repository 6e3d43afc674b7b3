package io.github.stacktrace.capture;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.TimeoutReason;

/**
 * Takes stacks one thread after another with {@link Thread#getStackTrace()}. On Java 21 and later that is a
 * handshake with the target thread alone: no safepoint, nothing else stops. A capture thread walks the list while
 * the request thread watches its progress; when one thread's capture outlasts the per-thread timeout, that thread is
 * reported {@code timeout}, the stalled capture thread is abandoned and a new one continues with the next thread.
 */
final class PerThreadCaptureStrategy implements CaptureStrategy {

	static final String METHOD = "thread_get_stack_trace_per_thread";

	private final int maxStalledCaptures;

	PerThreadCaptureStrategy(int maxStalledCaptures) {
		this.maxStalledCaptures = maxStalledCaptures;
	}

	@Override
	public String method() {
		return METHOD;
	}

	@Override
	public List<ThreadCapture> capture(List<CaptureTarget> targets, StackTraceRequest request, long deadlineNanos,
			SafepointPauses pauses) throws InterruptedException {
		// Thread#getStackTrace on Java 21+ is a handshake with the one thread: no pause is counted.
		int count = targets.size();
		CaptureSlots results = new CaptureSlots(targets);
		long timeoutNanos = request.timeoutPerThread().toNanos();
		int next = 0;
		int stalled = 0;
		while (next < count) {
			if (stalled >= this.maxStalledCaptures) {
				results.timeOut(next, count, TimeoutReason.TOO_MANY_STALLED_CAPTURES);
				break;
			}
			// A spent budget must not start another walk: whether it would be reported depends on a race.
			if (System.nanoTime() - deadlineNanos >= 0) {
				results.timeOut(next, count, TimeoutReason.REQUEST_BUDGET_EXHAUSTED);
				break;
			}
			Walker walker = new Walker(targets, results, next, request.skipBlockingSyscalls());
			if (!CaptureThreads.start(walker)) {
				results.timeOut(next, count, TimeoutReason.CAPTURE_THREADS_EXHAUSTED);
				break;
			}
			int resumeAt;
			try {
				resumeAt = supervise(walker, results, targets, timeoutNanos, deadlineNanos);
			}
			finally {
				walker.abandoned = true;
			}
			if (resumeAt < 0) {
				results.timeOut(next, count, TimeoutReason.REQUEST_BUDGET_EXHAUSTED);
				break;
			}
			if (resumeAt < count) {
				stalled++;
			}
			next = resumeAt;
		}
		return results.toList();
	}

	/**
	 * Waits for the walker to finish, or to stall on one thread.
	 * @return the count when it finished, the index to resume from when it stalled, -1 when the budget ran out
	 */
	private int supervise(Walker walker, CaptureSlots results, List<CaptureTarget> targets,
			long timeoutNanos, long deadlineNanos) throws InterruptedException {
		while (true) {
			Progress progress = walker.progress;
			long now = System.nanoTime();
			// nanoTime values are compared by difference only: they may wrap.
			long wait = Math.min(timeoutNanos - (now - progress.startedNanos), deadlineNanos - now);
			if (walker.done.await(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
				return targets.size();
			}
			now = System.nanoTime();
			if (now - deadlineNanos >= 0) {
				return -1;
			}
			if (walker.progress == progress && now - progress.startedNanos >= timeoutNanos) {
				CaptureTarget stuck = targets.get(progress.index);
				// Claim the slot first: if the walker filled it meanwhile, it is not stalled and goes on.
				if (results.fill(progress.index, ThreadCapture.timedOut(stuck.id(),
						stuck.thread().getName(), stuck.thread().getState(), TimeoutReason.PER_THREAD_TIMEOUT))) {
					walker.abandoned = true;
					return progress.index + 1;
				}
			}
		}
	}

	static ThreadCapture captureOne(CaptureTarget target, boolean skipBlockingSyscalls) {
		Thread thread = target.thread();
		String name = thread.getName();
		try {
			StackTraceElement[] stack = thread.getStackTrace();
			Thread.State state = thread.getState();
			if (state == Thread.State.TERMINATED || (stack.length == 0 && !thread.isAlive())) {
				return ThreadCapture.exited(target.id(), name);
			}
			List<StackTraceElement> frames = List.of(stack);
			if (skipBlockingSyscalls) {
				String syscall = BlockingCallDetector.blockingSyscall(state, frames);
				if (syscall != null) {
					return ThreadCapture.skipped(target.id(), name, state, syscall);
				}
			}
			return ThreadCapture.captured(target.id(), name, state, CaptureStatus.OK, frames, null, null);
		}
		catch (RuntimeException ex) {
			return ThreadCapture.failed(target.id(), name, ex);
		}
	}

	/** Which thread a walker works on, and since when; a new instance per thread, so one read sees both. */
	private record Progress(int index, long startedNanos) {

	}

	private static final class Walker implements Runnable {

		private final List<CaptureTarget> targets;

		private final CaptureSlots results;

		private final boolean skipBlockingSyscalls;

		private final CountDownLatch done = new CountDownLatch(1);

		private volatile Progress progress;

		private volatile boolean abandoned;

		Walker(List<CaptureTarget> targets, CaptureSlots results, int from,
				boolean skipBlockingSyscalls) {
			this.targets = targets;
			this.results = results;
			this.skipBlockingSyscalls = skipBlockingSyscalls;
			this.progress = new Progress(from, System.nanoTime());
		}

		@Override
		public void run() {
			try {
				// The first thread's time starts here, not when the walk was handed to a capture thread.
				this.progress = new Progress(this.progress.index, System.nanoTime());
				for (int i = this.progress.index; i < this.targets.size() && !this.abandoned; i++) {
					if (i != this.progress.index) {
						this.progress = new Progress(i, System.nanoTime());
					}
					ThreadCapture capture = captureOne(this.targets.get(i), this.skipBlockingSyscalls);
					this.results.fill(i, capture);
				}
			}
			finally {
				this.done.countDown();
			}
		}

	}

}
