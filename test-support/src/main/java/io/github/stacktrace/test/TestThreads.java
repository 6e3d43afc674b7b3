package io.github.stacktrace.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the threads a test needs and stops every one of them afterwards: interrupted, joined, and checked to have
 * ended. Safe to use from several threads.
 */
public final class TestThreads {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private final List<Thread> threads = new ArrayList<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	/**
	 * Starts a daemon thread that {@link #stopAll()} interrupts and joins.
	 * @param name the thread name
	 * @param task what it runs
	 * @return the started thread
	 */
	public synchronized Thread start(String name, Runnable task) {
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
	 * @throws InterruptedException if interrupted while waiting
	 */
	public Thread startParked(String name) throws InterruptedException {
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
	public synchronized void closeOnStop(AutoCloseable resource) {
		this.resources.add(resource);
	}

	/**
	 * Closes the resources, interrupts every started thread and waits for each to end.
	 * @throws Exception if a resource fails to close or the wait is interrupted
	 */
	public void stopAll() throws Exception {
		List<Thread> started;
		synchronized (this) {
			for (AutoCloseable resource : this.resources) {
				resource.close();
			}
			this.resources.clear();
			started = new ArrayList<>(this.threads);
			this.threads.clear();
		}
		for (Thread thread : started) {
			thread.interrupt();
		}
		for (Thread thread : started) {
			thread.join(PATIENCE.toMillis());
			assertThat(thread.isAlive()).as("thread %s still alive", thread.getName()).isFalse();
		}
	}

	/**
	 * Waits until the thread is in the state.
	 * @param thread the thread
	 * @param state the state
	 */
	public static void awaitState(Thread thread, Thread.State state) {
		await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(thread::getState, state::equals);
	}

	/**
	 * Counts the latch down, then parks until the calling thread is interrupted.
	 * @param started counted down once the thread runs
	 */
	public static void parkUntilInterrupted(CountDownLatch started) {
		started.countDown();
		while (!Thread.currentThread().isInterrupted()) {
			LockSupport.park();
		}
	}

	/**
	 * Takes the monitor, counts {@code holding} down, and keeps the monitor until {@code release} is counted down or
	 * the thread is interrupted: a thread that holds a lock while it waits on something else.
	 * @param monitor the monitor to hold
	 * @param holding counted down once the monitor is held
	 * @param release what the holder waits for
	 */
	public static void holdMonitorAndAwait(Object monitor, CountDownLatch holding, CountDownLatch release) {
		synchronized (monitor) {
			holding.countDown();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Enters the monitor, blocking while another thread holds it.
	 * @param monitor the monitor
	 */
	public static void enter(Object monitor) {
		synchronized (monitor) {
			assertThat(Thread.holdsLock(monitor)).isTrue();
		}
	}

	/**
	 * The thread's Java id, as reports show it.
	 * @param thread the thread
	 * @return its id
	 */
	@SuppressWarnings("deprecation") // Thread#getId: Thread#threadId does not exist on Java 17
	public static long id(Thread thread) {
		return thread.getId();
	}

}
