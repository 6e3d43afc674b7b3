package io.github.stacktrace.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Threads a test starts and must stop: parked threads with chosen names, stopped by interrupt and joined.
 */
final class TestThreads {

	private final List<Thread> threads = new ArrayList<>();

	/**
	 * Starts a daemon thread that parks until interrupted and waits until it is parked.
	 * @param name the thread's name
	 * @return the thread
	 */
	Thread startParked(String name) throws InterruptedException {
		CountDownLatch started = new CountDownLatch(1);
		Thread thread = start(name, () -> {
			started.countDown();
			parkUntilInterrupted();
		});
		assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(20)).until(() -> thread.getState() == Thread.State.WAITING);
		return thread;
	}

	/**
	 * Starts a daemon thread running the task; {@link #stopAll()} interrupts and joins it.
	 * @param name the thread's name
	 * @param task what it runs
	 * @return the started thread
	 */
	Thread start(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		synchronized (this.threads) {
			this.threads.add(thread);
		}
		thread.start();
		return thread;
	}

	/**
	 * Interrupts every started thread and waits for each to end.
	 */
	void stopAll() throws InterruptedException {
		List<Thread> started;
		synchronized (this.threads) {
			started = new ArrayList<>(this.threads);
			this.threads.clear();
		}
		for (Thread thread : started) {
			thread.interrupt();
		}
		for (Thread thread : started) {
			thread.join(TimeUnit.SECONDS.toMillis(20));
			assertThat(thread.isAlive()).as("thread %s ended", thread.getName()).isFalse();
		}
	}

	static void parkUntilInterrupted() {
		while (!Thread.currentThread().isInterrupted()) {
			LockSupport.park();
		}
	}

	@SuppressWarnings("deprecation") // Thread#getId: Thread#threadId does not exist on Java 17
	static long idOf(Thread thread) {
		return thread.getId();
	}

}
