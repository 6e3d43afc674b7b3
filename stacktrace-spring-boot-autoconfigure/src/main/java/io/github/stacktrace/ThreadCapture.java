package io.github.stacktrace;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of capturing one thread: who it is, what happened, and its frames.
 *
 * @param id the Java thread id
 * @param name the thread name, or {@code null} when unknown
 * @param state the thread state when captured, or {@code null} when unknown
 * @param status what happened
 * @param frames the stack, top frame first; empty when nothing was captured
 * @param lockDetails lock and scheduling facts (FULL modes only), or {@code null}
 * @param syscall the blocking native call the thread sits in, when it was skipped for it, or {@code null}
 * @param reason why the capture timed out or failed, as a short token, or {@code null}
 * @param error the JVM's message for a capture error, or {@code null}
 */
public record ThreadCapture(long id, @Nullable String name, Thread.@Nullable State state, CaptureStatus status,
		List<StackTraceElement> frames, @Nullable LockDetails lockDetails, @Nullable String syscall,
		@Nullable String reason, @Nullable String error) {

	public ThreadCapture {
		Objects.requireNonNull(status, "status");
		frames = List.copyOf(frames);
	}

	static ThreadCapture captured(long id, String name, Thread.State state, CaptureStatus status,
			List<StackTraceElement> frames, @Nullable LockDetails lockDetails) {
		return new ThreadCapture(id, name, state, status, frames, lockDetails, null, null, null);
	}

	static ThreadCapture exited(long id, @Nullable String name) {
		return new ThreadCapture(id, name, null, CaptureStatus.THREAD_EXITED, List.of(), null, null, null, null);
	}

	static ThreadCapture skipped(long id, String name, Thread.State state, String syscall) {
		return new ThreadCapture(id, name, state, CaptureStatus.SKIPPED_BLOCKING_SYSCALL, List.of(), null, syscall,
				null, null);
	}

	static ThreadCapture timedOut(long id, @Nullable String name, Thread.@Nullable State state, String reason) {
		return new ThreadCapture(id, name, state, CaptureStatus.TIMEOUT, List.of(), null, null, reason, null);
	}

	static ThreadCapture failed(long id, @Nullable String name, Throwable failure) {
		String message = (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getName();
		return new ThreadCapture(id, name, null, CaptureStatus.CAPTURE_ERROR, List.of(), null, null, null, message);
	}

}
