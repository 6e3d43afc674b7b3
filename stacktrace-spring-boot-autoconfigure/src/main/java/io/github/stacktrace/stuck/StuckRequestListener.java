package io.github.stacktrace.stuck;

import java.util.List;

import io.github.stacktrace.report.StuckRequest;
import io.github.stacktrace.report.StuckRequestEvent;

/**
 * Hears what the stuck-request checker finds. Every method is called on the checker's thread, in the order things are
 * found; a listener that throws is logged and the check goes on.
 *
 * @since 0.1.0
 */
public interface StuckRequestListener {

	/**
	 * A request was found stuck: called once per request, with no rate limit (meters count here).
	 * @param request the request
	 */
	default void stuck(StuckRequest request) {
	}

	/**
	 * A stuck request ended: called once per request, with no rate limit.
	 * @param request the request, with its ending
	 */
	default void ended(StuckRequest request) {
	}

	/**
	 * An event to log: requests found stuck at one stack, or the ones of such a group that ended, within the rate
	 * limit.
	 * @param event the event
	 */
	default void event(StuckRequestEvent event) {
	}

	/**
	 * One listener that tells each of the given ones in turn.
	 * @param listeners the listeners
	 * @return the composite
	 */
	static StuckRequestListener composite(List<? extends StuckRequestListener> listeners) {
		List<StuckRequestListener> all = List.copyOf(listeners);
		return new StuckRequestListener() {

			@Override
			public void stuck(StuckRequest request) {
				all.forEach((listener) -> listener.stuck(request));
			}

			@Override
			public void ended(StuckRequest request) {
				all.forEach((listener) -> listener.ended(request));
			}

			@Override
			public void event(StuckRequestEvent event) {
				all.forEach((listener) -> listener.event(event));
			}

		};
	}

}
