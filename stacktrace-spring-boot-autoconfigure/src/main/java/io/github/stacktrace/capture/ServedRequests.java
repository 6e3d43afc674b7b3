package io.github.stacktrace.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadFilter;
import org.jspecify.annotations.Nullable;

/**
 * The requests the threads of one capture serve: read once before their stacks are taken (which is where
 * {@code min_elapsed_ms} chooses its platform threads) and once after. A thread is shown serving a request only when
 * it served the same request on both reads, so a stack is never labelled with a request that started or ended while
 * it was taken. Virtual threads, found by the dump rather than listed beforehand, are read once, after.
 * <p>
 * Public only for {@link #throughout}, which the hot threads' last snapshots are labelled with too.
 *
 * @since 0.1.0
 */
public final class ServedRequests {

	private final RequestContextRegistry registry;

	private final ThreadFilter filter;

	private final List<ThreadDirectory.RequestedThread> threads;

	private final Map<Long, @Nullable RequestContext> before;

	private ServedRequests(RequestContextRegistry registry, ThreadFilter filter,
			List<ThreadDirectory.RequestedThread> threads, Map<Long, @Nullable RequestContext> before) {
		this.registry = registry;
		this.filter = filter;
		this.threads = threads;
		this.before = before;
	}

	/**
	 * Reads what the requested threads serve and keeps, under a {@code minElapsed} filter, only those serving a request
	 * that has run long enough; never, then, the thread asking, whose request is this capture and not what is stuck.
	 * @param registry the registry
	 * @param requested the requested threads
	 * @param filter the request's filter
	 * @return the threads to capture and what they serve
	 */
	static ServedRequests select(RequestContextRegistry registry, List<ThreadDirectory.RequestedThread> requested,
			ThreadFilter filter) {
		if (registry.isEmpty()) {
			// No thread has ever served a request: nothing to read, nothing passes an elapsed-time filter.
			return new ServedRequests(registry, filter, (filter.minElapsed() != null) ? List.of() : requested,
					Map.of());
		}
		long now = System.nanoTime();
		long asking = ThreadDirectory.idOf(Thread.currentThread());
		List<ThreadDirectory.RequestedThread> kept = new ArrayList<>(requested.size());
		Map<Long, @Nullable RequestContext> served = new HashMap<>();
		for (ThreadDirectory.RequestedThread thread : requested) {
			RequestContext request = registry.read(thread.id(), now);
			if (keeps(filter, request, thread.id(), asking)) {
				served.put(thread.id(), request);
				kept.add(thread);
			}
		}
		return new ServedRequests(registry, filter, kept, served);
	}

	/**
	 * What a thread served throughout something taken of it (a stack), from what it served just before and just
	 * after: the request of the later reading when both readings are of the same request, else nothing, so that a
	 * stack is never labelled with a request that started or ended meanwhile.
	 * @param before what the thread served before, or {@code null}
	 * @param after what it served after, or {@code null}
	 * @return {@code after} when both are the same request, else {@code null}
	 */
	public static @Nullable RequestContext throughout(@Nullable RequestContext before,
			@Nullable RequestContext after) {
		// A slot is rewritten in place: its start time and method tell one request from the next.
		boolean same = after != null && before != null && after.startedNanos() == before.startedNanos()
				&& after.method().equals(before.method());
		return same ? after : null;
	}

	private static boolean keeps(ThreadFilter filter, @Nullable RequestContext request, long id, long asking) {
		return filter.minElapsed() == null || (filter.matchesRequest(request) && id != asking);
	}

	/**
	 * The threads to capture, in report order.
	 * @return the threads
	 */
	List<ThreadDirectory.RequestedThread> threads() {
		return this.threads;
	}

	/**
	 * Labels each capture with the request its thread served throughout; under a {@code minElapsed} filter, drops the
	 * threads that do not serve one long enough (a request that ended while the stacks were taken included).
	 * @param captures the captures
	 * @return the labelled captures
	 */
	List<ThreadCapture> attach(List<ThreadCapture> captures) {
		boolean filtering = this.filter.minElapsed() != null;
		if (this.registry.isEmpty()) {
			return filtering ? List.of() : captures;
		}
		long now = System.nanoTime();
		long asking = ThreadDirectory.idOf(Thread.currentThread());
		List<ThreadCapture> labelled = new ArrayList<>(captures.size());
		for (ThreadCapture capture : captures) {
			RequestContext after = this.registry.read(capture.id(), now);
			RequestContext first = this.before.containsKey(capture.id()) ? this.before.get(capture.id()) : after;
			RequestContext served = throughout(first, after);
			if (served != null && keeps(this.filter, served, capture.id(), asking)) {
				labelled.add(capture.withRequest(served));
			}
			else if (!filtering) {
				labelled.add(capture);
			}
		}
		return labelled;
	}

}
