package io.github.stacktrace.test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a test holds a request or a task of the application it runs: {@link #entered} counts down when the code under
 * test reaches the gate, which then waits (at most 30 s) for the test to count {@link #release} down.
 */
public final class Gate {

	/** Counted down when the held code reached the gate. */
	public final CountDownLatch entered = new CountDownLatch(1);

	/** Counted down by the test to let the held code pass. */
	public final CountDownLatch release = new CountDownLatch(1);

	/**
	 * Passes the gate a test has set, if any: the application's code calls it where a test may hold it.
	 * @param slot where the test sets a gate, empty when nothing is held
	 */
	public static void pass(AtomicReference<Gate> slot) {
		Gate gate = slot.get();
		if (gate != null) {
			gate.entered.countDown();
			try {
				gate.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
