package io.github.stacktrace.stuck;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link StuckRequestChecker} on one daemon thread, {@code stacktrace-stuck-requests}, once per period, from
 * {@link #start()} to {@link #stop()}. A check that fails is logged and the next one runs as planned. It never
 * interrupts, stops or otherwise touches the threads it watches.
 *
 * @since 0.1.0
 */
public final class StuckRequestWatcher {

	/** The name of the checker's thread. */
	public static final String THREAD_NAME = "stacktrace-stuck-requests";

	private static final System.Logger logger = System.getLogger(StuckRequestWatcher.class.getName());

	private final StuckRequestChecker checker;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Creates a watcher.
	 * @param checker the checker to run
	 */
	public StuckRequestWatcher(StuckRequestChecker checker) {
		this.checker = checker;
	}

	/**
	 * Starts the checker's thread; does nothing when it runs already.
	 */
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, THREAD_NAME);
			thread.setDaemon(true);
			return thread;
		});
		long period = this.checker.settings().period().toNanos();
		executor.scheduleWithFixedDelay(this::checkOnce, period, period, TimeUnit.NANOSECONDS);
		this.executor = executor;
	}

	/**
	 * Stops the checker's thread; a check that runs is let finish.
	 */
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdown();
			this.executor = null;
		}
	}

	/**
	 * Whether the checker's thread runs.
	 * @return {@code true} between {@link #start()} and {@link #stop()}
	 */
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * The checker this watcher runs.
	 * @return the checker
	 */
	public StuckRequestChecker checker() {
		return this.checker;
	}

	private void checkOnce() {
		try {
			this.checker.check(System.nanoTime());
		}
		catch (RuntimeException | LinkageError ex) {
			// A failed check must not end the schedule: the next one may well succeed.
			logger.log(Level.WARNING, "Stuck-request check failed", ex);
		}
	}

}
