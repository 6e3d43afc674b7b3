package io.github.stacktrace;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DetailMode;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A capture listener that records what the capture service tells it and, when given one, runs an action at the start
 * of the next capture.
 */
final class RecordingListener implements CaptureListener {

	volatile @Nullable Runnable onNextStart;

	final List<CaptureOutcome> outcomes = new CopyOnWriteArrayList<>();

	final List<@Nullable DetailMode> modes = new CopyOnWriteArrayList<>();

	final List<Boolean> selective = new CopyOnWriteArrayList<>();

	final List<CaptureOutcome> hotOutcomes = new CopyOnWriteArrayList<>();

	final List<Map<CaptureStatus, Integer>> counts = new CopyOnWriteArrayList<>();

	volatile int started;

	volatile int ended;

	@Override
	public void captureStarted() {
		this.started++;
		Runnable action = this.onNextStart;
		this.onNextStart = null;
		if (action != null) {
			action.run();
		}
	}

	@Override
	public void captureEnded() {
		this.ended++;
	}

	@Override
	public void requestCompleted(CaptureOutcome outcome, @Nullable DetailMode mode, boolean selective,
			long durationNanos) {
		assertThat(durationNanos).isNotNegative();
		this.outcomes.add(outcome);
		this.modes.add(mode);
		this.selective.add(selective);
	}

	@Override
	public void hotThreadsCompleted(CaptureOutcome outcome, @Nullable DetailMode mode, long durationNanos) {
		assertThat(durationNanos).isNotNegative();
		this.hotOutcomes.add(outcome);
	}

	@Override
	public void threadsCaptured(Map<CaptureStatus, Integer> threadsByStatus) {
		this.counts.add(threadsByStatus);
	}

}
