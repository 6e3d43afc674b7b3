package io.github.stacktrace.recording;

import org.jspecify.annotations.Nullable;

/**
 * Which reactive request each thread runs at the moment, kept beside the thread's slot so that a thread that takes a
 * request over can hand the previous one back when it is done. Every change is written through to the slot of the
 * request's registry. One thread-local entry per thread, set and cleared in place: nothing is allocated per hop.
 */
final class ReactiveRequestThreads {

	private static final ThreadLocal<@Nullable ReactiveRequest> CURRENT = new ThreadLocal<>();

	private ReactiveRequestThreads() {
	}

	/**
	 * The request the calling thread runs now.
	 * @return the request, or {@code null} when it runs none
	 */
	static @Nullable ReactiveRequest current() {
		return CURRENT.get();
	}

	/**
	 * Shows the calling thread running a request from now on.
	 * @param request the request
	 * @return the request it ran before, to {@link #restore} afterwards
	 */
	static @Nullable ReactiveRequest enter(ReactiveRequest request) {
		ReactiveRequest previous = CURRENT.get();
		if (previous != request) {
			if (previous != null && previous.registry() != request.registry()) {
				// Two applications in one JVM, each with its own registry: the other one's entry must not stay.
				previous.registry().slot().end();
			}
			CURRENT.set(request);
			request.showOnCurrentThread();
		}
		return previous;
	}

	/**
	 * Shows the calling thread running what it ran before {@link #enter}.
	 * @param previous what {@link #enter} returned
	 */
	static void restore(@Nullable ReactiveRequest previous) {
		if (previous != null) {
			enter(previous);
		}
		else {
			leave();
		}
	}

	/**
	 * Shows the calling thread running no request.
	 */
	static void leave() {
		ReactiveRequest current = CURRENT.get();
		if (current != null) {
			CURRENT.set(null);
			current.registry().slot().end();
		}
	}

}
