package io.github.stacktrace.actuate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.CaptureOutcome;
import io.github.stacktrace.report.DetailMode;
import org.jspecify.annotations.Nullable;

/**
 * A capture listener that records what the capture service tells it and, when asked, holds the next capture inside
 * the single-flight slot until released.
 */
final class RecordingListener implements CaptureListener {

	private final AtomicInteger started = new AtomicInteger();

	private final List<Completed> completed = new CopyOnWriteArrayList<>();

	private final List<CaptureOutcome> hotCompleted = new CopyOnWriteArrayList<>();

	private volatile CountDownLatch release = new CountDownLatch(0);

	/**
	 * Makes the next capture wait in {@link #captureStarted()}, holding the slot, until {@link #release()}.
	 */
	void holdNextCapture() {
		this.release = new CountDownLatch(1);
	}

	void release() {
		this.release.countDown();
	}

	int started() {
		return this.started.get();
	}

	List<Completed> completed() {
		return List.copyOf(this.completed);
	}

	List<CaptureOutcome> hotCompleted() {
		return List.copyOf(this.hotCompleted);
	}

	@Override
	public void captureStarted() {
		this.started.incrementAndGet();
		CountDownLatch latch = this.release;
		if (latch.getCount() == 0) {
			return;
		}
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.release = new CountDownLatch(0);
		}
	}

	@Override
	public void requestCompleted(CaptureOutcome outcome, @Nullable DetailMode mode, boolean selective,
			long durationNanos) {
		this.completed.add(new Completed(outcome, selective));
	}

	@Override
	public void hotThreadsCompleted(CaptureOutcome outcome, @Nullable DetailMode mode, long durationNanos) {
		this.hotCompleted.add(outcome);
	}

	/**
	 * One request as the listener saw it end.
	 *
	 * @param outcome how it ended
	 * @param selective whether it named threads
	 */
	record Completed(CaptureOutcome outcome, boolean selective) {

	}

}
