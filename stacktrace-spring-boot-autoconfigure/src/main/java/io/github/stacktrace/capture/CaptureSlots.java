package io.github.stacktrace.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.TimeoutReason;

/**
 * One capture per target, filled by whichever of a capture thread (an answer) and the request thread (a timeout)
 * fills a slot first: each target is reported exactly once.
 */
final class CaptureSlots {

	private final List<CaptureTarget> targets;

	private final AtomicReferenceArray<ThreadCapture> slots;

	CaptureSlots(List<CaptureTarget> targets) {
		this.targets = targets;
		this.slots = new AtomicReferenceArray<>(targets.size());
	}

	int size() {
		return this.targets.size();
	}

	/**
	 * Fills a slot that is still empty.
	 * @param index the target's index
	 * @param capture its capture
	 * @return {@code true} when this capture filled it
	 */
	boolean fill(int index, ThreadCapture capture) {
		return this.slots.compareAndSet(index, null, capture);
	}

	/**
	 * Reports every target from {@code from} to {@code to} (excluded) whose slot is still empty timed out.
	 * @param from the first index
	 * @param to the index after the last
	 * @param reason why
	 */
	void timeOut(int from, int to, TimeoutReason reason) {
		for (int i = from; i < to; i++) {
			CaptureTarget target = this.targets.get(i);
			fill(i, ThreadCapture.timedOut(target.id(), target.thread().getName(), null, reason));
		}
	}

	/**
	 * The captures in target order.
	 * @return one capture per target
	 */
	List<ThreadCapture> toList() {
		List<ThreadCapture> captures = new ArrayList<>(this.targets.size());
		for (int i = 0; i < this.targets.size(); i++) {
			ThreadCapture capture = this.slots.get(i);
			CaptureTarget target = this.targets.get(i);
			// Only a capture thread killed by an Error leaves a slot empty; the thread is reported, not lost.
			captures.add((capture != null) ? capture : ThreadCapture.failed(target.id(), target.thread().getName(),
					new IllegalStateException("capture thread ended early")));
		}
		return captures;
	}

}
