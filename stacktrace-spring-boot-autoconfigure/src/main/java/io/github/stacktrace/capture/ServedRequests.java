package io.github.stacktrace.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadFilter;
import org.jspecify.annotations.Nullable;

/**
 * The requests the threads of one capture serve: read once before their stacks are taken (which is where
 * {@code min_elapsed_ms} chooses its threads) and once after. A thread is shown serving a request only when it served
 * the same request on both reads, so a stack is never labelled with a request that started or ended while it was
 * taken.
 */
final class ServedRequests {

	private final RequestContextRegistry registry;

	private final @Nullable Duration minElapsed;

	private final List<ThreadDirectory.RequestedThread> threads;

	private final @Nullable RequestContext @Nullable [] before;

	private ServedRequests(RequestContextRegistry registry, @Nullable Duration minElapsed,
			List<ThreadDirectory.RequestedThread> threads, @Nullable RequestContext @Nullable [] before) {
		this.registry = registry;
		this.minElapsed = minElapsed;
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
		Duration minElapsed = filter.minElapsed();
		if (registry.isEmpty()) {
			// No thread has ever served a request: nothing to read, nothing passes an elapsed-time filter.
			return new ServedRequests(registry, minElapsed, (minElapsed != null) ? List.of() : requested, null);
		}
		long now = System.nanoTime();
		long asking = ThreadDirectory.idOf(Thread.currentThread());
		List<ThreadDirectory.RequestedThread> kept = new ArrayList<>(requested.size());
		RequestContext[] served = new RequestContext[requested.size()];
		for (ThreadDirectory.RequestedThread thread : requested) {
			RequestContext request = registry.read(thread.id(), now);
			boolean keep = filter.matchesRequest(request) && (minElapsed == null || thread.id() != asking);
			if (keep) {
				served[kept.size()] = request;
				kept.add(thread);
			}
		}
		return new ServedRequests(registry, minElapsed, kept, Arrays.copyOf(served, kept.size()));
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
	 * threads whose request ended while the stacks were taken.
	 * @param captures the captures, in the order of {@link #threads()}
	 * @return the labelled captures
	 */
	List<ThreadCapture> attach(ThreadCapture[] captures) {
		if (this.before == null) {
			return Arrays.asList(captures);
		}
		long now = System.nanoTime();
		List<ThreadCapture> labelled = new ArrayList<>(captures.length);
		for (int i = 0; i < captures.length; i++) {
			RequestContext first = this.before[i];
			RequestContext after = (first != null) ? this.registry.read(captures[i].id(), now) : null;
			boolean same = after != null && after.startedNanos() == first.startedNanos()
					&& after.method().equals(first.method());
			if (same) {
				labelled.add(captures[i].withRequest(after));
			}
			else if (this.minElapsed == null) {
				labelled.add(captures[i]);
			}
		}
		return labelled;
	}

}
