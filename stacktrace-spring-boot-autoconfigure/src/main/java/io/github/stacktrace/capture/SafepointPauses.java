package io.github.stacktrace.capture;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many JVM operations that stop every thread at a safepoint one request asked for: one per
 * {@code ThreadMXBean#getThreadInfo} call and one per deadlock search. Counted when a call is made, so a call that
 * timed out is counted too: its pause still happens, later.
 */
final class SafepointPauses {

	private final AtomicInteger count = new AtomicInteger();

	void add() {
		this.count.incrementAndGet();
	}

	int count() {
		return this.count.get();
	}

}
