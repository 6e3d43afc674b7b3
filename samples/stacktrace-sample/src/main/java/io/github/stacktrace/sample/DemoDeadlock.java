package io.github.stacktrace.sample;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.springframework.stereotype.Component;

/**
 * Two daemon threads that deadlock on each other's monitor, started once on demand, so a capture has a real
 * deadlock to find. Monitor deadlocks cannot be broken: the pair stays until the application stops.
 */
@Component
public class DemoDeadlock {

	private final Object ledger = new Object();

	private final Object inventory = new Object();

	private List<Thread> threads = List.of();

	/**
	 * Starts the deadlocked pair unless it is already there.
	 * @return the two threads
	 */
	public synchronized List<Thread> start() {
		if (this.threads.isEmpty()) {
			CountDownLatch bothHoldOne = new CountDownLatch(2);
			Thread first = new Thread(() -> lockBoth(this.ledger, this.inventory, bothHoldOne), "demo-deadlock-ledger");
			Thread second = new Thread(() -> lockBoth(this.inventory, this.ledger, bothHoldOne),
					"demo-deadlock-inventory");
			first.setDaemon(true);
			second.setDaemon(true);
			first.start();
			second.start();
			this.threads = List.of(first, second);
		}
		return this.threads;
	}

	private static void lockBoth(Object mine, Object theirs, CountDownLatch bothHoldOne) {
		synchronized (mine) {
			bothHoldOne.countDown();
			try {
				bothHoldOne.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			synchronized (theirs) {
				theirs.notifyAll();
			}
		}
	}

}
