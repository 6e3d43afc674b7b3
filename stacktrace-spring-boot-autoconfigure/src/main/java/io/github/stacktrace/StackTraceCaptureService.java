package io.github.stacktrace;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import io.github.stacktrace.capture.CaptureFailedException;
import io.github.stacktrace.capture.StackTraceCapturer;
import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.hot.HotThreadsSampler;
import io.github.stacktrace.report.CaptureSummary;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import org.jspecify.annotations.Nullable;

/**
 * Captures the stacks of the live JVM's threads, one request at a time. Usable without Spring:
 * {@code new StackTraceCaptureService(settings, listener).capture(request)} returns an immutable report.
 * <p>
 * A second request while one runs fails at once with {@link CaptureInProgressException}; a request never runs past
 * its budget ({@link StackTraceSettings#maxRequestDuration()}). How the stacks are taken is up to
 * {@link StackTraceCapturer}.
 *
 * @since 0.1.0
 */
public final class StackTraceCaptureService {

	private final StackTraceSettings settings;

	private final CaptureListener listener;

	private final ReentrantLock lock = new ReentrantLock();

	private final StackTraceCapturer capturer;

	private final HotThreadsSampler sampler;

	/**
	 * Creates a service.
	 * @param settings the engine's limits
	 * @param listener receives timings and outcomes
	 */
	public StackTraceCaptureService(StackTraceSettings settings, CaptureListener listener) {
		this(settings, listener, new RequestContextRegistry());
	}

	/**
	 * Creates a service whose reports say which request each thread serves.
	 * @param settings the engine's limits
	 * @param listener receives timings and outcomes
	 * @param requests what each thread serves, as the application's request hooks record it
	 */
	public StackTraceCaptureService(StackTraceSettings settings, CaptureListener listener,
			RequestContextRegistry requests) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.listener = GuardedListener.of(Objects.requireNonNull(listener, "listener"));
		this.capturer = new StackTraceCapturer(settings.maxStalledCaptures(), settings.maxPause(),
				Objects.requireNonNull(requests, "requests"), settings.virtualThreadDump().allowsHere());
		// Hot-thread snapshots on Java 17-20 are chunked by the captures' own sizer: one model of what a pause costs.
		this.sampler = new HotThreadsSampler(requests, this.capturer.threadInfoChunks());
	}

	/**
	 * Captures the requested threads.
	 * @param request the validated request
	 * @return the report
	 * @throws CaptureInProgressException if another capture is running
	 * @throws StackTraceCaptureException if the capture fails as a whole
	 */
	public StackTraceReport capture(StackTraceRequest request) {
		return inSlot((started, deadline) -> {
			StackTraceReport report = this.capturer.capture(request, started, deadline);
			this.listener.threadsCaptured(CaptureSummary.countByStatus(report.threads()));
			return report;
		}, (outcome, nanos) -> this.listener.requestCompleted(outcome, request.mode(), request.isSelective(), nanos),
				"thread stack capture", "capturing thread stacks");
	}

	/**
	 * Finds the busiest threads over the request's window and takes their stacks. The request holds the single-flight
	 * slot for its whole window, so a capture or another hot-threads request meanwhile is turned away.
	 * @param request the validated request
	 * @return the report
	 * @throws CaptureInProgressException if another capture is running
	 * @throws StackTraceCaptureException if the sampling fails as a whole
	 */
	public HotThreadsReport hotThreads(HotThreadsRequest request) {
		return inSlot((started, deadline) -> this.sampler.sample(request, started, deadline),
				(outcome, nanos) -> this.listener.hotThreadsCompleted(outcome, request.mode(), nanos),
				"hot threads sampling", "sampling hot threads");
	}

	/**
	 * Runs work in the single-flight slot within the request budget, and reports how the request ended.
	 */
	private <T> T inSlot(SlotWork<T> work, Completion completion, String what, String doing) {
		long started = System.nanoTime();
		if (!this.lock.tryLock()) {
			completion.completed(CaptureOutcome.CONFLICT, System.nanoTime() - started);
			throw new CaptureInProgressException();
		}
		CaptureOutcome outcome = CaptureOutcome.ERROR;
		try {
			this.listener.captureStarted();
			T result = work.run(started, started + this.settings.maxRequestDuration().toNanos());
			outcome = CaptureOutcome.OK;
			return result;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			outcome = CaptureOutcome.CANCELLED;
			throw new CaptureCancelledException("cancelled while " + doing, ex);
		}
		catch (CaptureFailedException ex) {
			outcome = cancelledOr(outcome);
			throw failure(outcome, ex.getMessage(), ex.getCause());
		}
		catch (RuntimeException ex) {
			outcome = cancelledOr(outcome);
			throw failure(outcome, what + " failed: " + ex, ex);
		}
		finally {
			// Ended before the next capture can start, so a 0/1 gauge never reads 2.
			this.listener.captureEnded();
			this.lock.unlock();
			completion.completed(outcome, System.nanoTime() - started);
		}
	}

	// An interrupted thread's I/O fails too (an interruptible channel closes): that is the cancellation, not an error.
	private static CaptureOutcome cancelledOr(CaptureOutcome outcome) {
		return Thread.currentThread().isInterrupted() ? CaptureOutcome.CANCELLED : outcome;
	}

	private static StackTraceCaptureException failure(CaptureOutcome outcome, String message, Throwable cause) {
		return (outcome == CaptureOutcome.CANCELLED) ? new CaptureCancelledException(message, cause)
				: new StackTraceCaptureException(message, cause);
	}

	/**
	 * Reports a request that was rejected before capturing, so listeners see every request.
	 * @param selective whether the request named threads
	 * @param durationNanos how long validating it took
	 */
	public void recordRejectedRequest(boolean selective, long durationNanos) {
		recordRefusedRequest(CaptureOutcome.BAD_REQUEST, null, selective, durationNanos);
	}

	/**
	 * Reports a request that was turned away before capturing, so listeners see every request: invalid, or refused by
	 * the layer that serves it (e.g. while the reports it sends are at their bound).
	 * @param outcome how it ended
	 * @param mode its detail mode, or {@code null} when it was invalid
	 * @param selective whether the request named threads
	 * @param durationNanos how long it took until it was turned away
	 */
	public void recordRefusedRequest(CaptureOutcome outcome, @Nullable DetailMode mode, boolean selective,
			long durationNanos) {
		this.listener.requestCompleted(outcome, mode, selective, durationNanos);
	}

	/**
	 * Reports a hot-threads request that was rejected before sampling, so listeners see every request.
	 * @param durationNanos how long validating it took
	 */
	public void recordRejectedHotThreadsRequest(long durationNanos) {
		recordRefusedHotThreadsRequest(CaptureOutcome.BAD_REQUEST, null, durationNanos);
	}

	/**
	 * Reports a hot-threads request that was turned away before sampling, as {@link #recordRefusedRequest} does.
	 * @param outcome how it ended
	 * @param mode its detail mode, or {@code null} when it was invalid
	 * @param durationNanos how long it took until it was turned away
	 */
	public void recordRefusedHotThreadsRequest(CaptureOutcome outcome, @Nullable DetailMode mode,
			long durationNanos) {
		this.listener.hotThreadsCompleted(outcome, mode, durationNanos);
	}

	/**
	 * The most one request may take, sampling window included.
	 * @return the request budget
	 */
	public Duration maxRequestDuration() {
		return this.settings.maxRequestDuration();
	}

	/**
	 * Whether a capture is running now.
	 * @return {@code true} while a capture holds the single-flight slot
	 */
	public boolean isCaptureRunning() {
		return this.lock.isLocked();
	}

	/**
	 * The name of the method a request with this mode would use, as the report header shows it.
	 * @param mode the detail mode
	 * @return the capture method
	 */
	public String captureMethod(DetailMode mode) {
		return this.capturer.captureMethod(mode);
	}

	/** Work done in the single-flight slot. */
	@FunctionalInterface
	private interface SlotWork<T> {

		T run(long startedNanos, long deadlineNanos) throws InterruptedException;

	}

	/** Tells the listener how a request ended. */
	@FunctionalInterface
	private interface Completion {

		void completed(CaptureOutcome outcome, long durationNanos);

	}

}
