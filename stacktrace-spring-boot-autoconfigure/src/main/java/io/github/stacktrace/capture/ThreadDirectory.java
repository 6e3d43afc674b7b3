package io.github.stacktrace.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadFilter;
import org.jspecify.annotations.Nullable;

/**
 * Internal: public only for the hot-threads sampler, which lives in another package.
 * <p>
 * Lists the live platform threads without stopping the JVM, and finds the ones a request asks for. Enumerating thread
 * groups reads the JVM's thread list under a lock, unlike {@code Thread.getAllStackTraces()}, which takes a
 * safepoint.
 *
 * @since 0.1.0
 */
public final class ThreadDirectory {

	// Up to this many ids, scanning the thread array beats building an index of every live thread.
	private static final int SCAN_LOOKUP_LIMIT = 8;

	// Sized from the last listing: asking the group for its count first would copy the JVM's thread list twice.
	private static volatile int sizeHint = 64;

	private ThreadDirectory() {
	}

	/**
	 * The live platform threads, in no particular order.
	 * @return a fresh array of the threads
	 */
	public static Thread[] snapshot() {
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

	/**
	 * A thread's Java id.
	 * @param thread the thread
	 * @return its id
	 */
	@SuppressWarnings("deprecation") // Thread#getId: Thread#threadId does not exist on Java 17
	public static long idOf(Thread thread) {
		return thread.getId();
	}


	/**
	 * The threads a request asks for, in report order: every live thread by ascending id, or the ids asked for, each
	 * once at its first position, with {@code null} for an id no live thread has; then the filter, which only live
	 * threads can pass.
	 */
	static List<RequestedThread> requestedThreads(StackTraceRequest request) {
		return requestedThreads(request, false);
	}

	/**
	 * The threads a request asks for, as {@link #requestedThreads(StackTraceRequest)} lists them, except that with
	 * {@code keepUnknownIds} an id no platform thread has stays in the list whatever the filter: it may be a virtual
	 * thread's, which the filter is applied to when it is found.
	 */
	static List<RequestedThread> requestedThreads(StackTraceRequest request, boolean keepUnknownIds) {
		Thread[] live = snapshot();
		List<Long> asked = request.threadIds();
		List<RequestedThread> requested;
		if (asked == null) {
			requested = new ArrayList<>(live.length);
			for (Thread thread : live) {
				// The capture threads are this tool's machinery; they are reported only when asked for by id.
				if (!CaptureThreads.isCaptureThread(thread)) {
					requested.add(new RequestedThread(ThreadDirectory.idOf(thread), thread));
				}
			}
			requested.sort(Comparator.comparingLong(RequestedThread::id));
		}
		else {
			Set<Long> unique = new LinkedHashSet<>(asked);
			Map<Long, Thread> byId = (unique.size() > SCAN_LOOKUP_LIMIT) ? index(live) : null;
			requested = new ArrayList<>(unique.size());
			for (long id : unique) {
				requested.add(new RequestedThread(id, (byId != null) ? byId.get(id) : find(live, id)));
			}
		}
		ThreadFilter filter = request.filter();
		if (!filter.isEmpty()) {
			// Filters choose among live threads, before any stack is taken; an unknown id matches no filter.
			requested.removeIf((slot) -> (slot.thread() == null) ? !keepUnknownIds
					: !filter.matches(slot.thread().getState(), slot.thread().getName()));
		}
		return requested;
	}

	private static Map<Long, Thread> index(Thread[] live) {
		Map<Long, Thread> byId = new HashMap<>(live.length * 2);
		for (Thread thread : live) {
			byId.put(ThreadDirectory.idOf(thread), thread);
		}
		return byId;
	}

	private static @Nullable Thread find(Thread[] live, long id) {
		for (Thread thread : live) {
			if (ThreadDirectory.idOf(thread) == id) {
				return thread;
			}
		}
		return null;
	}

	/** A requested thread id and its live thread, or {@code null} when no live thread has the id. */
	record RequestedThread(long id, @Nullable Thread thread) {

	}

}
