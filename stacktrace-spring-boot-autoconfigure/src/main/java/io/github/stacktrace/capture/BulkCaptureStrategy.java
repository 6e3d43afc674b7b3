package io.github.stacktrace.capture;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadCounters;
import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.report.TimeoutReason;
import org.jspecify.annotations.Nullable;

/**
 * Takes the requested stacks with {@link ThreadMXBean#getThreadInfo(long[], boolean, boolean, int)} in chunks: each
 * call is one safepoint, which stops every thread of the application while the JVM walks the chunk's stacks, so the
 * threads are taken a chunk at a time, each chunk sized so that its pause stays within the configured maximum. Used
 * where a per-thread walk would cost a safepoint per thread (Java 17 to 20) and where lock information is wanted
 * (the FULL modes).
 * <p>
 * The chunk sizes come from a {@link ChunkSizer} ({@link PauseModelSizer}: a model of a call's fixed cost and its
 * cost per thread, fitted to the chunks measured so far, aiming below the maximum). A safepoint cannot be cancelled,
 * so the per-thread timeout bounds each chunk: {@code timeout_ms} times its number of threads, within the request's
 * budget. The chunks are taken one after another by one capture thread while the request thread watches; a chunk
 * that outlasts its wait has its threads reported {@code timeout}, its capture thread is abandoned and a new one goes
 * on with the next chunk; past as many stalled chunks as the request may abandon, the threads left are given up.
 * Locked ownable synchronizers are never asked for: they cost a walk of the whole heap.
 */
final class BulkCaptureStrategy implements CaptureStrategy {

	static final String METHOD = "thread_mx_bean_chunked";

	static final String METHOD_WITH_MONITORS = "thread_mx_bean_chunked_locked_monitors";

	private static final long MILLISECOND = TimeUnit.MILLISECONDS.toNanos(1);

	private final ThreadMXBean threads;

	private final boolean lockedMonitors;

	private final ChunkSizer sizer;

	private final int maxStalledChunks;

	BulkCaptureStrategy(ThreadMXBean threads, boolean lockedMonitors, ChunkSizer sizer, int maxStalledChunks) {
		this.threads = threads;
		this.lockedMonitors = lockedMonitors && threads.isObjectMonitorUsageSupported();
		this.sizer = sizer;
		this.maxStalledChunks = maxStalledChunks;
	}

	BulkCaptureStrategy(ThreadMXBean threads, boolean lockedMonitors) {
		this(threads, lockedMonitors, ChunkSizer.adaptive(Duration.ofMillis(5)), Integer.MAX_VALUE);
	}

	BulkCaptureStrategy(boolean lockedMonitors) {
		this(ManagementFactory.getThreadMXBean(), lockedMonitors);
	}

	@Override
	public String method() {
		return this.lockedMonitors ? METHOD_WITH_MONITORS : METHOD;
	}

	@Override
	public List<ThreadCapture> capture(List<CaptureTarget> targets, StackTraceRequest request, long deadlineNanos,
			SafepointPauses pauses) throws InterruptedException {
		int count = targets.size();
		CaptureSlots results = new CaptureSlots(targets);
		ChunkSizer.Sizing sizing = this.sizer.start();
		int next = 0;
		int size = sizing.first();
		int stalled = 0;
		while (next < count) {
			if (System.nanoTime() - deadlineNanos >= 0) {
				results.timeOut(next, count, TimeoutReason.REQUEST_BUDGET_EXHAUSTED);
				break;
			}
			if (stalled >= this.maxStalledChunks) {
				results.timeOut(next, count, TimeoutReason.TOO_MANY_STALLED_CAPTURES);
				break;
			}
			// Until the capture thread takes it, the first chunk is bounded from here, as if its call had started.
			Walker walker = new Walker(targets, results, request, deadlineNanos, pauses, sizing,
					Chunk.startingNow(next, Math.min(size, count - next), request, deadlineNanos));
			if (!CaptureThreads.start(walker)) {
				results.timeOut(next, count, TimeoutReason.CAPTURE_THREADS_EXHAUSTED);
				break;
			}
			Chunk given;
			try {
				given = supervise(walker, results, request.timeoutPerThread().toNanos());
			}
			catch (InterruptedException ex) {
				// A cancelled request: its walker makes no further call and drops the answer it waits for.
				walker.abandoned = true;
				walker.chunk.settled.compareAndSet(false, true);
				throw ex;
			}
			finally {
				walker.abandoned = true;
			}
			if (given == null) {
				break;
			}
			stalled++;
			next = given.from + given.size;
			size = given.size;
		}
		return results.toList();
	}

	/**
	 * Waits for the walker to finish, or for its chunk to outlast its wait.
	 * @param perThreadNanos the per-thread timeout: no chunk's wait is shorter, unless the budget ends it
	 * @return the chunk given up, its threads reported timed out, or {@code null} when the walker finished
	 * @throws CaptureFailedException if the walk failed
	 */
	private @Nullable Chunk supervise(Walker walker, CaptureSlots results, long perThreadNanos)
			throws InterruptedException {
		while (true) {
			Chunk chunk = walker.chunk;
			long now = System.nanoTime();
			// nanoTime values are compared by difference only: they may wrap. A chunk settled already waits for its
			// walker to publish the next one. The walker moves on meanwhile, and a later, smaller chunk may end
			// sooner than the one read here: waking at least once per thread's timeout, the request thread sees a
			// stalled chunk before its wait is over.
			long wait = chunk.settled.get() ? MILLISECOND
					: Math.min(chunk.waitNanos - (now - chunk.startedNanos), Math.max(MILLISECOND, perThreadNanos));
			if (walker.done.await(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
				if (walker.failure != null) {
					throw new CaptureFailedException("the chunked capture failed", walker.failure);
				}
				return null;
			}
			// Claim the chunk first: if its walker settled it meanwhile, it did not stall and the walk goes on.
			if (System.nanoTime() - chunk.startedNanos >= chunk.waitNanos && chunk.settled.compareAndSet(false, true)) {
				results.timeOut(chunk.from, chunk.from + chunk.size, chunk.perThreadBound
						? TimeoutReason.BULK_CAPTURE_TIMEOUT : TimeoutReason.REQUEST_BUDGET_EXHAUSTED);
				return chunk;
			}
		}
	}

	private ThreadCapture toCapture(CaptureTarget target, @Nullable ThreadInfo info, StackTraceRequest request) {
		if (info == null) {
			return ThreadCapture.exited(target.id(), target.thread().getName());
		}
		Thread.State state = info.getThreadState();
		List<StackTraceElement> frames = List.of(info.getStackTrace());
		if (request.skipBlockingSyscalls()) {
			String syscall = BlockingCallDetector.blockingSyscall(state, frames);
			if (syscall != null) {
				return ThreadCapture.skipped(target.id(), info.getThreadName(), state, syscall);
			}
		}
		boolean full = request.mode().includesLocks();
		return ThreadCapture.captured(target.id(), info.getThreadName(), state, CaptureStatus.OK, frames,
				full ? ThreadLocks.of(info) : null, full ? counters(info) : null);
	}

	static ThreadCounters counters(ThreadInfo info) {
		return new ThreadCounters(info.isDaemon(), info.getPriority(), info.isInNative(), info.isSuspended(),
				info.getBlockedCount(), info.getWaitedCount());
	}

	static long saturatedMultiply(long a, long b) {
		long high = Math.multiplyHigh(a, b);
		long low = a * b;
		return ((high == 0 && low >= 0) || (high == -1 && low < 0)) ? low : Long.MAX_VALUE;
	}

	/**
	 * Takes chunk after chunk on a capture thread while the request thread watches. One hand-over per request rather
	 * than one per chunk: at thousands of threads, waking a thread per chunk costs about as much as the chunk's call.
	 * Each chunk it publishes is settled exactly once: by the walker, when it takes the chunk it was handed or when a
	 * call answers, and only then does it publish the next; or by the request thread, which gives the chunk up. A
	 * walker that finds its chunk given up stops there, so a chunk's threads are reported once, and a walker the
	 * request thread abandoned starts no further call (the stalled one cannot be cancelled: it ends when the JVM
	 * answers, and its answer is dropped) and never touches the request's sizing again.
	 */
	private final class Walker implements Runnable {

		private final List<CaptureTarget> targets;

		private final CaptureSlots results;

		private final StackTraceRequest request;

		private final long deadlineNanos;

		private final SafepointPauses pauses;

		private final ChunkSizer.Sizing sizing;

		private final CountDownLatch done = new CountDownLatch(1);

		private volatile Chunk chunk;

		private volatile boolean abandoned;

		private volatile @Nullable Throwable failure;

		Walker(List<CaptureTarget> targets, CaptureSlots results, StackTraceRequest request, long deadlineNanos,
				SafepointPauses pauses, ChunkSizer.Sizing sizing, Chunk first) {
			this.targets = targets;
			this.results = results;
			this.request = request;
			this.deadlineNanos = deadlineNanos;
			this.pauses = pauses;
			this.sizing = sizing;
			this.chunk = first;
		}

		@Override
		public void run() {
			try {
				Chunk handed = this.chunk;
				// Taking the chunk it was handed settles it; unless the request thread gave it up first.
				if (handed.settled.compareAndSet(false, true)) {
					walk(handed.from, handed.size);
				}
			}
			catch (Throwable ex) {
				this.failure = ex;
			}
			finally {
				this.done.countDown();
			}
		}

		private void walk(int from, int size) {
			int count = this.targets.size();
			while (from < count && !this.abandoned) {
				int end = Math.min(count, from + size);
				if (System.nanoTime() - this.deadlineNanos >= 0) {
					// A spent budget must not cost a safepoint whose result would be reported or not by a race.
					this.results.timeOut(from, count, TimeoutReason.REQUEST_BUDGET_EXHAUSTED);
					return;
				}
				Chunk current = Chunk.startingNow(from, end - from, this.request, this.deadlineNanos);
				this.chunk = current;
				if (this.abandoned) {
					return;
				}
				long[] ids = new long[end - from];
				for (int i = from; i < end; i++) {
					ids[i - from] = this.targets.get(i).id();
				}
				this.pauses.add();
				ThreadInfo[] infos = BulkCaptureStrategy.this.threads.getThreadInfo(ids,
						BulkCaptureStrategy.this.lockedMonitors, false, Integer.MAX_VALUE);
				long nanos = System.nanoTime() - current.startedNanos;
				if (!current.settled.compareAndSet(false, true)) {
					// Given up by the request thread: its threads are reported timed out, the walk is over.
					return;
				}
				for (int i = from; i < end; i++) {
					this.results.fill(i, toCapture(this.targets.get(i), infos[i - from], this.request));
				}
				if (this.abandoned) {
					return;
				}
				size = this.sizing.next(current.size, nanos);
				from = end;
			}
		}

	}

	/**
	 * A chunk of the walk: its first index and size; when its wait started and how long it may last; whether that
	 * bound is its threads' timeouts rather than the request's budget. Settled once, by whichever of its walker and
	 * the request thread claims it first.
	 */
	private static final class Chunk {

		private final int from;

		private final int size;

		private final long startedNanos;

		private final long waitNanos;

		private final boolean perThreadBound;

		private final AtomicBoolean settled = new AtomicBoolean();

		private Chunk(int from, int size, long startedNanos, long waitNanos, boolean perThreadBound) {
			this.from = from;
			this.size = size;
			this.startedNanos = startedNanos;
			this.waitNanos = waitNanos;
			this.perThreadBound = perThreadBound;
		}

		/**
		 * A chunk whose wait starts now. A safepoint cannot be cancelled: the chunk may take its threads' timeouts,
		 * within the request's budget, and which bound applies is decided before the call, so a timeout names the
		 * bound that ended it.
		 * @return the chunk; its wait is not positive when the budget is spent
		 */
		static Chunk startingNow(int from, int size, StackTraceRequest request, long deadlineNanos) {
			long now = System.nanoTime();
			long budgetLeft = deadlineNanos - now;
			long perThreadBudget = saturatedMultiply(request.timeoutPerThread().toNanos(), size);
			return new Chunk(from, size, now, Math.min(perThreadBudget, budgetLeft), perThreadBudget < budgetLeft);
		}

	}

}
