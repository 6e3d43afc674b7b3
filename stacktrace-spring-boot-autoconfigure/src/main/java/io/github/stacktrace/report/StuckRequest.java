package io.github.stacktrace.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A request (or recorded task) that ran on one thread for longer than its threshold: the thread with its stack and
 * what it served as they were when it was found stuck, or as a later look saw them, and how it ended once it has.
 *
 * @param id the request's number among the stuck requests found since start, from 1
 * @param thread the thread: its stack (bounded in depth), locks where the capture has them, and its request
 * @param omittedFrames how many frames below the kept ones were left out
 * @param detectedAt when it was found stuck
 * @param group the number of the group it was found with: the requests found stuck at one stack in one check
 * @param ending how it ended, or {@code null} while it is still running
 * @since 0.1.0
 */
public record StuckRequest(long id, ThreadCapture thread, int omittedFrames, Instant detectedAt, long group,
		@Nullable Ending ending) {

	/**
	 * Creates a stuck request.
	 * @param id the request's number among the stuck requests found since start
	 * @param thread the thread, with a request
	 * @param omittedFrames how many frames below the kept ones were left out
	 * @param detectedAt when it was found stuck
	 * @param group the number of the group it was found with
	 * @param ending how it ended, or {@code null} while it is still running
	 */
	public StuckRequest {
		Objects.requireNonNull(thread, "thread");
		Objects.requireNonNull(thread.request(), "thread.request");
		Objects.requireNonNull(detectedAt, "detectedAt");
	}

	/**
	 * What the thread served, as it was read when its stack was taken.
	 * @return the request
	 */
	public RequestContext request() {
		return Objects.requireNonNull(this.thread.request());
	}

	/**
	 * The same request, ended.
	 * @param ending how it ended
	 * @return the ended request
	 */
	public StuckRequest ended(Ending ending) {
		return new StuckRequest(this.id, this.thread, this.omittedFrames, this.detectedAt, this.group, ending);
	}

	/**
	 * The same request seen again: a newer stack of its thread.
	 * @param thread the thread as seen now, with the request as read now
	 * @param omittedFrames how many frames below the kept ones were left out
	 * @return the request as seen now
	 */
	public StuckRequest seenAs(ThreadCapture thread, int omittedFrames) {
		return new StuckRequest(this.id, thread, omittedFrames, this.detectedAt, this.group, this.ending);
	}

	/**
	 * How a stuck request ended.
	 *
	 * @param endedAt when its end was noticed (at most one check period after it happened)
	 * @param total how long it ran in all, to when its end was noticed
	 * @param how {@code completed} when its thread stopped serving it, {@code thread_ended} when its thread was gone
	 * @since 0.1.0
	 */
	public record Ending(Instant endedAt, Duration total, String how) {

		/** The thread stopped serving the request: it answered, failed, or handed the request to another thread. */
		public static final String COMPLETED = "completed";

		/** The thread is gone. */
		public static final String THREAD_ENDED = "thread_ended";

	}

}
