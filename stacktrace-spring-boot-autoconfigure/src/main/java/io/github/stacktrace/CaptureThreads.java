package io.github.stacktrace;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the short-lived daemon threads that take stacks on a request's behalf, so the request thread can stop
 * waiting on a capture that stalls. None exists at rest.
 */
final class CaptureThreads {

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private CaptureThreads() {
	}

	static Thread start(Runnable task) {
		Thread thread = new Thread(task, "stacktrace-capture-" + COUNTER.incrementAndGet());
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

}
