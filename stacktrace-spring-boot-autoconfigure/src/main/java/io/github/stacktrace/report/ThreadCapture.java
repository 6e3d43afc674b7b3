package io.github.stacktrace.report;

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
 * @param locks what the thread waits for and holds (FULL modes only), or {@code null}
 * @param counters the JVM's scheduling facts and counters (FULL modes only), or {@code null}
 * @param syscall the blocking native call the thread sits in, when it was skipped for it, or {@code null}
 * @param timeoutReason why the capture was given up, for a {@code timeout}, or {@code null}
 * @param error the JVM's message for a capture error, or {@code null}
 * @param virtual what the thread is as far as virtual threads go (a virtual thread, or a carrier running one), or
 * {@code null} for a platform thread carrying nothing
 * @since 0.1.0
 */
public record ThreadCapture(long id, @Nullable String name, Thread.@Nullable State state, CaptureStatus status,
		List<StackTraceElement> frames, @Nullable ThreadLocks locks, @Nullable ThreadCounters counters,
		@Nullable String syscall, @Nullable TimeoutReason timeoutReason, @Nullable String error,
		@Nullable VirtualThreadFacts virtual) {

	/**
	 * Creates a thread's capture.
	 * @param id the Java thread id
	 * @param name the thread name, or {@code null} when unknown
	 * @param state the thread state when captured, or {@code null} when unknown
	 * @param status what happened
	 * @param frames the stack, top frame first; empty when nothing was captured
	 * @param locks what the thread waits for and holds (FULL modes only), or {@code null}
	 * @param counters the JVM's scheduling facts and counters (FULL modes only), or {@code null}
	 * @param syscall the blocking native call the thread sits in, when it was skipped for it, or {@code null}
	 * @param timeoutReason why the capture was given up, for a {@code timeout}, or {@code null}
	 * @param error the JVM's message for a capture error, or {@code null}
	 * @param virtual what the thread is as far as virtual threads go, or {@code null}
	 */
	public ThreadCapture {
		Objects.requireNonNull(status, "status");
		frames = List.copyOf(frames);
	}

	/**
	 * Creates a platform thread's capture.
	 * @param id the Java thread id
	 * @param name the thread name, or {@code null} when unknown
	 * @param state the thread state when captured, or {@code null} when unknown
	 * @param status what happened
	 * @param frames the stack, top frame first; empty when nothing was captured
	 * @param locks what the thread waits for and holds (FULL modes only), or {@code null}
	 * @param counters the JVM's scheduling facts and counters (FULL modes only), or {@code null}
	 * @param syscall the blocking native call the thread sits in, when it was skipped for it, or {@code null}
	 * @param timeoutReason why the capture was given up, for a {@code timeout}, or {@code null}
	 * @param error the JVM's message for a capture error, or {@code null}
	 */
	public ThreadCapture(long id, @Nullable String name, Thread.@Nullable State state, CaptureStatus status,
			List<StackTraceElement> frames, @Nullable ThreadLocks locks, @Nullable ThreadCounters counters,
			@Nullable String syscall, @Nullable TimeoutReason timeoutReason, @Nullable String error) {
		this(id, name, state, status, frames, locks, counters, syscall, timeoutReason, error, null);
	}

	/**
	 * Whether this is a virtual thread.
	 * @return {@code true} for a virtual thread
	 */
	public boolean isVirtual() {
		return this.virtual != null && this.virtual.virtual();
	}

	/**
	 * This capture with other virtual thread facts.
	 * @param facts the facts, or {@code null}
	 * @return the new capture
	 */
	public ThreadCapture withVirtual(@Nullable VirtualThreadFacts facts) {
		return new ThreadCapture(this.id, this.name, this.state, this.status, this.frames, this.locks, this.counters,
				this.syscall, this.timeoutReason, this.error, facts);
	}

	/**
	 * A thread whose stack was taken.
	 * @param id the thread id
	 * @param name the thread name
	 * @param state the thread state
	 * @param status {@link CaptureStatus#OK} or {@link CaptureStatus#OK_CURRENT_THREAD}
	 * @param frames the stack, top frame first
	 * @param locks its locks, or {@code null} when not asked for
	 * @param counters its counters, or {@code null} when not asked for
	 * @return the capture
	 */
	public static ThreadCapture captured(long id, String name, Thread.State state, CaptureStatus status,
			List<StackTraceElement> frames, @Nullable ThreadLocks locks, @Nullable ThreadCounters counters) {
		return new ThreadCapture(id, name, state, status, frames, locks, counters, null, null, null);
	}

	/**
	 * A thread that does not exist (any more).
	 * @param id the thread id
	 * @param name its last known name, or {@code null}
	 * @return the capture
	 */
	public static ThreadCapture exited(long id, @Nullable String name) {
		return new ThreadCapture(id, name, null, CaptureStatus.THREAD_EXITED, List.of(), null, null, null, null, null);
	}

	/**
	 * A thread left alone because it sits in a blocking native call.
	 * @param id the thread id
	 * @param name the thread name
	 * @param state the thread state
	 * @param syscall the call's name
	 * @return the capture
	 */
	public static ThreadCapture skipped(long id, String name, Thread.State state, String syscall) {
		return new ThreadCapture(id, name, state, CaptureStatus.SKIPPED_BLOCKING_SYSCALL, List.of(), null, null,
				syscall, null, null);
	}

	/**
	 * A thread whose capture was given up.
	 * @param id the thread id
	 * @param name the thread name, or {@code null}
	 * @param state the thread state, or {@code null} when not read
	 * @param reason why
	 * @return the capture
	 */
	public static ThreadCapture timedOut(long id, @Nullable String name, Thread.@Nullable State state,
			TimeoutReason reason) {
		return new ThreadCapture(id, name, state, CaptureStatus.TIMEOUT, List.of(), null, null, null, reason, null);
	}

	/**
	 * A thread the JVM failed to capture.
	 * @param id the thread id
	 * @param name the thread name, or {@code null}
	 * @param failure what the JVM threw
	 * @return the capture
	 */
	public static ThreadCapture failed(long id, @Nullable String name, Throwable failure) {
		String message = (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getName();
		return new ThreadCapture(id, name, null, CaptureStatus.CAPTURE_ERROR, List.of(), null, null, null, null,
				message);
	}

}
