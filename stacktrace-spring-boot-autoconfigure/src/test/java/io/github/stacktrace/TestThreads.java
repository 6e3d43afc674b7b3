package io.github.stacktrace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the threads a test needs and stops every one of them afterwards.
 */
final class TestThreads {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private final List<Thread> threads = new ArrayList<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	/**
	 * Starts a daemon thread that {@link #stopAll()} interrupts and joins.
	 * @param name the thread name
	 * @param task what it runs
	 * @return the started thread
	 */
	synchronized Thread start(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
		return thread;
	}

	/**
	 * Starts a thread that parks until it is interrupted, and waits until it is parked.
	 * @param name the thread name
	 * @return the parked thread
	 */
	Thread startParked(String name) throws InterruptedException {
		CountDownLatch started = new CountDownLatch(1);
		Thread thread = start(name, () -> parkUntilInterrupted(started));
		assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		awaitState(thread, Thread.State.WAITING);
		return thread;
	}

	/**
	 * Closes the resource before the threads are stopped, e.g. a channel a thread reads.
	 * @param resource the resource
	 */
	synchronized void closeOnStop(AutoCloseable resource) {
		this.resources.add(resource);
	}

	/**
	 * Closes the resources, interrupts every started thread and waits for each to end.
	 */
	synchronized void stopAll() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
		this.resources.clear();
		for (Thread thread : this.threads) {
			thread.interrupt();
		}
		for (Thread thread : this.threads) {
			thread.join(PATIENCE.toMillis());
			assertThat(thread.isAlive()).as("thread %s still alive", thread.getName()).isFalse();
		}
		this.threads.clear();
	}

	static void awaitState(Thread thread, Thread.State state) {
		await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(thread::getState, state::equals);
	}

	static void parkUntilInterrupted(CountDownLatch started) {
		started.countDown();
		while (!Thread.currentThread().isInterrupted()) {
			LockSupport.park();
		}
	}

	static long id(Thread thread) {
		return ThreadDirectory.idOf(thread);
	}

}
