package io.github.stacktrace.capture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.VirtualThreadFacts;
import org.jspecify.annotations.Nullable;

/**
 * The virtual threads a capture covers when the JDK's thread dump is turned off: those the application tracks, each
 * serving an HTTP request or running a Spring task now ({@link RequestContextRegistry#forEachServing}). Their stacks
 * are taken one by one with {@link Thread#getStackTrace()}, which suspends an unmounted virtual thread and walks its
 * continuation, or handshakes with the carrier of a mounted one: the path the JDK builds its own dump from on Java 21
 * to 24, without the dump's crash on Java 25 (JDK-8364343). Virtual threads that serve nothing stay unlisted, and the
 * report says so.
 */
final class TrackedVirtualThreads {

	/** Why a report built from the tracked virtual threads may miss some, and how to list every one. */
	static final String NOTICE = "virtual threads running no request or Spring task are not listed: with the JDK's"
			+ " thread dump turned off (stacktrace.virtual-threads.dump, off by default on Java 25 and later) only the"
			+ " virtual threads serving a request or a Spring task are captured, one by one;"
			+ " stacktrace.virtual-threads.dump=always lists every virtual thread, at the risk of crashing the JVM"
			+ " while virtual threads mount or unmount (JDK-8364343)";

	/** Lock lines come from the JVM's management interface, which knows no virtual thread. */
	static final String NO_LOCKS_NOTICE = "tracked virtual threads show no lock lines: the JVM reports locks of"
			+ " platform threads only, and none is guessed from a stack";

	private final RequestContextRegistry registry;

	private final CaptureStrategy perThread;

	private final CurrentThreadCapture currentThread;

	TrackedVirtualThreads(RequestContextRegistry registry, CaptureStrategy perThread,
			CurrentThreadCapture currentThread) {
		this.registry = registry;
		this.perThread = perThread;
		this.currentThread = currentThread;
	}

	/**
	 * Captures the tracked virtual threads a request covers, one by one within the per-thread timeout and the
	 * request's budget.
	 * @param request the request
	 * @param unresolved the ids asked for that no platform thread has (used when the request is selective)
	 * @param currentId the id of the thread serving this capture
	 * @param pauses where to count the safepoints asked for
	 * @param deadlineNanos the {@link System#nanoTime()} by which the capture must end
	 * @param notices where to add what the report should say about the capture
	 * @return the captures in ascending id order
	 * @throws InterruptedException if the calling thread is interrupted
	 */
	List<ThreadCapture> capture(StackTraceRequest request, Set<Long> unresolved, long currentId,
			SafepointPauses pauses, long deadlineNanos, List<String> notices) throws InterruptedException {
		notices.add(NOTICE);
		Selection tracked = select(this.registry, request.isSelective() ? unresolved : null, request.filter(),
				currentId);
		VirtualThreadFacts facts = VirtualThreadFacts.ofVirtual(null, -1);
		List<ThreadCapture> captures = new ArrayList<>(tracked.targets().size() + 1);
		if (tracked.includesCurrent() && !request.isSelective()) {
			ThreadCapture own = this.currentThread.capture(currentId, request.mode(), pauses, true);
			if (request.filter().states().isEmpty() && request.filter().nameGlob() == null
					|| request.filter().matches(own.state(), own.name())) {
				captures.add(own.withVirtual(facts));
			}
		}
		if (!tracked.targets().isEmpty()) {
			for (ThreadCapture capture : this.perThread.capture(tracked.targets(), request, deadlineNanos, pauses)) {
				captures.add(capture.withVirtual(facts));
			}
			if (request.mode().includesLocks()) {
				notices.add(NO_LOCKS_NOTICE);
			}
		}
		captures.sort(Comparator.comparingLong(ThreadCapture::id));
		int untracked = unresolved.size() - captures.size();
		if (request.isSelective() && request.filter().isEmpty() && untracked > 0) {
			notices.add(untracked + " ids asked for are no live platform thread's nor a tracked virtual thread's and"
					+ " are reported thread_exited; with the JDK's thread dump turned off, the id of a live virtual"
					+ " thread that serves no request or Spring task is reported the same way");
		}
		return captures;
	}

	/**
	 * The tracked virtual threads a request covers, chosen before any stack is taken, as platform threads are: by the
	 * ids asked for, the state and name filters (on the thread's state and name now) and, under
	 * {@code min_elapsed_ms}, what it serves. The calling thread is left out: it is captured directly.
	 * @param registry the tracked threads
	 * @param wanted the ids asked for, or {@code null} for every tracked virtual thread
	 * @param filter the request's filter
	 * @param currentId the id of the thread serving this capture
	 * @return the threads to capture, and whether the calling thread is one of them
	 */
	private static Selection select(RequestContextRegistry registry, @Nullable Set<Long> wanted, ThreadFilter filter,
			long currentId) {
		List<CaptureTarget> targets = new ArrayList<>();
		boolean[] current = new boolean[1];
		registry.forEachServing(System.nanoTime(), (thread, id, virtual, context) -> {
			if (!virtual || (wanted != null && !wanted.contains(id))) {
				return;
			}
			if (id == currentId) {
				current[0] = true;
			}
			else if (covers(filter, thread, context)) {
				targets.add(new CaptureTarget(id, thread));
			}
		});
		targets.sort((a, b) -> Long.compare(a.id(), b.id()));
		return new Selection(targets, current[0]);
	}

	private static boolean covers(ThreadFilter filter, Thread thread, RequestContext context) {
		if (filter.minElapsed() != null && !filter.matchesRequest(context)) {
			return false;
		}
		return filter.states().isEmpty() && filter.nameGlob() == null
				|| filter.matches(thread.getState(), thread.getName());
	}

	/**
	 * The tracked virtual threads to capture, in ascending id order.
	 *
	 * @param targets the threads other than the calling one
	 * @param includesCurrent whether the calling thread is a tracked virtual thread the request covers
	 */
	record Selection(List<CaptureTarget> targets, boolean includesCurrent) {

	}

}
