package io.github.stacktrace.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Threads that recurse to a fixed depth and then park on a latch until closed, so that every thread shows the same
 * deep stack, like the idle workers of a pool.
 */
public final class ParkedThreads implements AutoCloseable {

	/** Recursion depth that, with the park and thread-entry frames, gives stacks of about 40 frames. */
	public static final int DEFAULT_RECURSION = 32;

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch parked;

	private final List<Thread> threads = new ArrayList<>();

	private ParkedThreads(int count) {
		this.parked = new CountDownLatch(count);
	}

	/**
	 * Starts {@code count} platform threads and waits until every one is parked.
	 * @param count how many threads
	 * @param recursion how many recursive frames each builds before parking
	 * @param namePrefix thread name prefix
	 * @return the parked threads
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static ParkedThreads start(int count, int recursion, String namePrefix) throws InterruptedException {
		ParkedThreads parked = new ParkedThreads(count);
		for (int i = 0; i < count; i++) {
			Thread thread = new Thread(() -> parked.descend(recursion), namePrefix + i);
			thread.setDaemon(true);
			parked.threads.add(thread);
			thread.start();
		}
		parked.awaitParked();
		return parked;
	}

	/**
	 * Submits {@code count} tasks to a pool (whose size should be {@code count}) and waits until every one is parked.
	 * @param pool the pool
	 * @param count how many tasks
	 * @param recursion how many recursive frames each builds before parking
	 * @return the parked tasks
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static ParkedThreads submit(ExecutorService pool, int count, int recursion) throws InterruptedException {
		ParkedThreads parked = new ParkedThreads(count);
		for (int i = 0; i < count; i++) {
			pool.execute(() -> parked.descend(recursion));
		}
		parked.awaitParked();
		return parked;
	}

	/**
	 * The threads started by {@link #start}; empty for pooled tasks.
	 * @return the threads
	 */
	public List<Thread> threads() {
		return this.threads;
	}

	private void awaitParked() throws InterruptedException {
		if (!this.parked.await(2, TimeUnit.MINUTES)) {
			throw new IllegalStateException("threads did not park in time");
		}
		// countDown happens just before await: wait until the last one really sits in park.
		Thread.sleep(100);
	}

	private void descend(int depth) {
		if (depth > 0) {
			descend(depth - 1);
			return;
		}
		this.parked.countDown();
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.release.countDown();
		for (Thread thread : this.threads) {
			try {
				thread.join(1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
