package io.github.stacktrace.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.report.StuckRequest;
import io.github.stacktrace.stuck.StuckRequestListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer binding of the stuck-request checker: the gauge {@code stacktrace.requests.stuck} (requests stuck now)
 * and the counter {@code stacktrace.requests.stuck.detected} (requests found stuck), both tagged {@code method} and
 * {@code uri} as {@code http.server.requests} tags them: the route template, {@code UNKNOWN} when no handler was
 * mapped, never the raw path. For a scheduled task they are {@code SCHEDULED} and its method. Past a bound of distinct
 * tag pairs, further routes count under {@code uri=OTHER}, so a misbehaving route template cannot grow the meters
 * without end.
 *
 * @since 0.1.0
 */
public class StuckRequestMetrics implements StuckRequestListener, MeterBinder {

	/** The {@code uri} tag of the routes past the bound. */
	public static final String OTHER = "OTHER";

	private final int maxTagPairs;

	private final Map<Tags, Meters> meters = new LinkedHashMap<>();

	private @Nullable MeterRegistry registry;

	/**
	 * Creates the binding.
	 * @param maxTagPairs the most distinct {@code method} and {@code uri} pairs before {@code uri=OTHER}
	 */
	public StuckRequestMetrics(int maxTagPairs) {
		this.maxTagPairs = maxTagPairs;
	}

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		this.registry = registry;
		this.meters.forEach((tags, meters) -> meters.register(registry, tags));
	}

	@Override
	public synchronized void stuck(StuckRequest request) {
		Meters meters = metersOf(request.request());
		meters.stuck.incrementAndGet();
		meters.detected++;
		if (meters.counter != null) {
			meters.counter.increment();
		}
	}

	@Override
	public synchronized void ended(StuckRequest request) {
		metersOf(request.request()).stuck.decrementAndGet();
	}

	private Meters metersOf(RequestContext request) {
		Tags tags = Tags.of("method", request.method(), "uri", request.route());
		Meters meters = this.meters.get(tags);
		if (meters != null) {
			return meters;
		}
		if (this.meters.size() >= this.maxTagPairs) {
			tags = Tags.of("method", request.method(), "uri", OTHER);
			meters = this.meters.get(tags);
			if (meters != null) {
				return meters;
			}
		}
		meters = new Meters();
		this.meters.put(tags, meters);
		if (this.registry != null) {
			meters.register(this.registry, tags);
		}
		return meters;
	}

	private static final class Meters {

		private final AtomicInteger stuck = new AtomicInteger();

		private long detected;

		private @Nullable Counter counter;

		void register(MeterRegistry registry, Tags tags) {
			Gauge.builder("stacktrace.requests.stuck", this.stuck, AtomicInteger::get)
				.strongReference(true)
				.description("Requests that have run on one thread past their stuck-request threshold and still run")
				.baseUnit("requests")
				.tags(tags)
				.register(registry);
			Counter counter = Counter.builder("stacktrace.requests.stuck.detected")
				.description("Requests found stuck: run on one thread past their stuck-request threshold")
				.baseUnit("requests")
				.tags(tags)
				.register(registry);
			// Counted before the registry was bound: those count too.
			counter.increment(this.detected);
			this.counter = counter;
		}

	}

}
