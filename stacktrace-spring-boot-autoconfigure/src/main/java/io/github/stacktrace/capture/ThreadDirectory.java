package io.github.stacktrace.capture;

import java.util.Arrays;

/**
 * Lists the live platform threads without stopping the JVM. Enumerating thread groups reads the JVM's thread list
 * under a lock, unlike {@code Thread.getAllStackTraces()}, which takes a safepoint.
 */
final class ThreadDirectory {

	// Sized from the last listing: asking the group for its count first would copy the JVM's thread list twice.
	private static volatile int sizeHint = 64;

	private ThreadDirectory() {
	}

	/**
	 * The live platform threads, in no particular order.
	 * @return a fresh array of the threads
	 */
	static Thread[] snapshot() {
		ThreadGroup root = Thread.currentThread().getThreadGroup();
		while (root.getParent() != null) {
			root = root.getParent();
		}
		Thread[] threads = new Thread[sizeHint + 32];
		int count = root.enumerate(threads, true);
		while (count == threads.length) {
			threads = new Thread[threads.length * 2];
			count = root.enumerate(threads, true);
		}
		sizeHint = count;
		return Arrays.copyOf(threads, count);
	}

	@SuppressWarnings("deprecation") // Thread#getId: Thread#threadId does not exist on Java 17
	static long idOf(Thread thread) {
		return thread.getId();
	}

}
