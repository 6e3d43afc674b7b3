package io.github.stacktrace.capture;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The daemon threads that take stacks on a request's behalf, so the request thread can stop waiting on a capture
 * that stalls. None exists at rest: a thread is started on the first request, reused by requests that follow within
 * a couple of seconds, and ends when idle. A stalled capture keeps its thread; the number of threads is bounded
 * across all requests, so stalls cannot pile up threads.
 */
final class CaptureThreads {

	/** The most capture threads alive at once, stalled ones included. */
	static final int MAX_THREADS = 32;

	private static final long KEEP_ALIVE_MILLIS = 2000;

	private static final AtomicInteger counter = new AtomicInteger();

	private static final ThreadPoolExecutor executor = new ThreadPoolExecutor(0, MAX_THREADS, KEEP_ALIVE_MILLIS,
			TimeUnit.MILLISECONDS, new SynchronousQueue<>(), CaptureThreads::newThread,
			new ThreadPoolExecutor.AbortPolicy());

	private CaptureThreads() {
	}

	/**
	 * Runs a task on a capture thread.
	 * @param task the task
	 * @return {@code true} when it was started, {@code false} when every capture thread is taken by stalled captures
	 */
	static boolean start(Runnable task) {
		try {
			executor.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	/**
	 * Calls a JVM operation on a capture thread and waits for its answer at most {@code waitNanos}, so that a JVM
	 * slow to reach its safepoint cannot hold the request thread past its deadline. A late answer is dropped.
	 * @param <T> the answer's type
	 * @param operation what the call is, for the failure message
	 * @param task the call
	 * @param waitNanos how long to wait for the answer
	 * @return the answer, or why there is none
	 * @throws CaptureFailedException if the call failed
	 * @throws InterruptedException if the calling thread is interrupted while it waits
	 */
	static <T> Call<T> call(String operation, Callable<T> task, long waitNanos) throws InterruptedException {
		CompletableFuture<T> answer = new CompletableFuture<>();
		boolean started = start(() -> {
			try {
				answer.complete(task.call());
			}
			catch (Throwable ex) {
				answer.completeExceptionally(ex);
			}
		});
		if (!started) {
			return new Call<>(Call.Outcome.NO_CAPTURE_THREAD, null);
		}
		try {
			return new Call<>(Call.Outcome.ANSWERED, answer.get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS));
		}
		catch (TimeoutException ex) {
			return new Call<>(Call.Outcome.TIMED_OUT, null);
		}
		catch (ExecutionException ex) {
			throw new CaptureFailedException(operation + " failed", ex.getCause());
		}
	}

	/**
	 * Whether a thread is one of the capture threads, the tool's own machinery.
	 * @param thread the thread
	 * @return {@code true} for a capture thread
	 */
	static boolean isCaptureThread(Thread thread) {
		return thread instanceof CaptureThread;
	}

	private static Thread newThread(Runnable task) {
		Thread thread = new CaptureThread(task, "stacktrace-capture-" + counter.incrementAndGet());
		thread.setDaemon(true);
		// Created on a request thread: nothing of that request (context class loader, thread locals) is kept.
		thread.setContextClassLoader(CaptureThreads.class.getClassLoader());
		return thread;
	}

	/**
	 * The end of a {@link #call}.
	 *
	 * @param <T> the answer's type
	 * @param outcome whether an answer came
	 * @param answer the answer when one came
	 */
	record Call<T>(Outcome outcome, @Nullable T answer) {

		enum Outcome {

			ANSWERED, TIMED_OUT, NO_CAPTURE_THREAD

		}

	}

	private static final class CaptureThread extends Thread {

		CaptureThread(Runnable task, String name) {
			super(null, task, name, 0, false);
		}

	}

}
