package io.github.stacktrace;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.function.Consumer;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DetailMode;
import org.jspecify.annotations.Nullable;

/**
 * A listener that keeps another listener's failures away from the capture: each failure is logged once at WARNING
 * and the capture goes on.
 */
final class GuardedListener implements CaptureListener {

	private static final System.Logger logger = System.getLogger(GuardedListener.class.getName());

	private final CaptureListener delegate;

	private GuardedListener(CaptureListener delegate) {
		this.delegate = delegate;
	}

	static CaptureListener of(CaptureListener listener) {
		return (listener instanceof GuardedListener || listener == NONE) ? listener : new GuardedListener(listener);
	}

	@Override
	public void captureStarted() {
		call(CaptureListener::captureStarted);
	}

	@Override
	public void captureEnded() {
		call(CaptureListener::captureEnded);
	}

	@Override
	public void requestCompleted(CaptureOutcome outcome, @Nullable DetailMode mode, boolean selective,
			long durationNanos) {
		call((listener) -> listener.requestCompleted(outcome, mode, selective, durationNanos));
	}

	@Override
	public void hotThreadsCompleted(CaptureOutcome outcome, @Nullable DetailMode mode, long durationNanos) {
		call((listener) -> listener.hotThreadsCompleted(outcome, mode, durationNanos));
	}

	@Override
	public void threadsCaptured(Map<CaptureStatus, Integer> threadsByStatus) {
		call((listener) -> listener.threadsCaptured(threadsByStatus));
	}

	private void call(Consumer<CaptureListener> callback) {
		try {
			callback.accept(this.delegate);
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Capture listener " + this.delegate.getClass().getName() + " failed", ex);
		}
	}

}
