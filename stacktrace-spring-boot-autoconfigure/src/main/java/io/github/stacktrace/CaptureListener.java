package io.github.stacktrace;

import java.util.List;
import java.util.Map;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DetailMode;
import org.jspecify.annotations.Nullable;

/**
 * Receives the engine's timings and outcomes, e.g. to record metrics. Callbacks run on the requesting thread and must
 * be quick.
 *
 * @since 0.1.0
 */
public interface CaptureListener {

	/** A listener that ignores everything. */
	CaptureListener NONE = new CaptureListener() {
	};

	/**
	 * A capture took the single-flight slot and starts now.
	 */
	default void captureStarted() {
	}

	/**
	 * A capture released the single-flight slot.
	 */
	default void captureEnded() {
	}

	/**
	 * A request ended.
	 * @param outcome how it ended
	 * @param mode its detail mode, or {@code null} when it was invalid
	 * @param selective whether it named its threads
	 * @param durationNanos how long it took
	 */
	default void requestCompleted(CaptureOutcome outcome, @Nullable DetailMode mode, boolean selective,
			long durationNanos) {
	}

	/**
	 * A hot-threads request ended.
	 * @param outcome how it ended
	 * @param mode its detail mode, or {@code null} when it was invalid
	 * @param durationNanos how long it took, its window included
	 */
	default void hotThreadsCompleted(CaptureOutcome outcome, @Nullable DetailMode mode, long durationNanos) {
	}

	/**
	 * A report was produced.
	 * @param threadsByStatus how many threads ended in each status
	 */
	default void threadsCaptured(Map<CaptureStatus, Integer> threadsByStatus) {
	}

	/**
	 * A listener that forwards every callback to each of the given listeners, in order; a listener that throws is
	 * logged and does not keep the others from their callback.
	 * @param listeners the listeners
	 * @return the composite listener
	 */
	static CaptureListener composite(List<? extends CaptureListener> listeners) {
		List<CaptureListener> all = listeners.stream().map(GuardedListener::of).toList();
		if (all.isEmpty()) {
			return NONE;
		}
		if (all.size() == 1) {
			return all.get(0);
		}
		return new CaptureListener() {

			@Override
			public void captureStarted() {
				all.forEach(CaptureListener::captureStarted);
			}

			@Override
			public void captureEnded() {
				all.forEach(CaptureListener::captureEnded);
			}

			@Override
			public void requestCompleted(CaptureOutcome outcome, @Nullable DetailMode mode, boolean selective,
					long durationNanos) {
				all.forEach((listener) -> listener.requestCompleted(outcome, mode, selective, durationNanos));
			}

			@Override
			public void hotThreadsCompleted(CaptureOutcome outcome, @Nullable DetailMode mode, long durationNanos) {
				all.forEach((listener) -> listener.hotThreadsCompleted(outcome, mode, durationNanos));
			}

			@Override
			public void threadsCaptured(Map<CaptureStatus, Integer> threadsByStatus) {
				all.forEach((listener) -> listener.threadsCaptured(threadsByStatus));
			}

		};
	}

}
