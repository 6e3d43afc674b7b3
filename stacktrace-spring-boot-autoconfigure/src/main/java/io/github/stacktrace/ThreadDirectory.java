package io.github.stacktrace;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Lists the live platform threads without stopping the JVM. Enumerating thread groups reads the JVM's thread list
 * under a lock, unlike {@code Thread.getAllStackTraces()}, which takes a safepoint.
 */
final class ThreadDirectory {

	private ThreadDirectory() {
	}

	/**
	 * The live platform threads by id.
	 * @return a fresh map of thread id to thread
	 */
	@SuppressWarnings("deprecation") // Thread#getId: Thread#threadId does not exist on Java 17
	static Map<Long, Thread> liveThreads() {
		Thread[] threads = enumerate();
		Map<Long, Thread> byId = new HashMap<>(threads.length * 2);
		for (Thread thread : threads) {
			byId.put(thread.getId(), thread);
		}
		return byId;
	}

	private static Thread[] enumerate() {
		ThreadGroup root = Thread.currentThread().getThreadGroup();
		while (root.getParent() != null) {
			root = root.getParent();
		}
		Thread[] threads = new Thread[root.activeCount() + 32];
		int count = root.enumerate(threads, true);
		while (count == threads.length) {
			threads = new Thread[threads.length * 2];
			count = root.enumerate(threads, true);
		}
		return Arrays.copyOf(threads, count);
	}

	@SuppressWarnings("deprecation") // Thread#getId: Thread#threadId does not exist on Java 17
	static long idOf(Thread thread) {
		return thread.getId();
	}

}
