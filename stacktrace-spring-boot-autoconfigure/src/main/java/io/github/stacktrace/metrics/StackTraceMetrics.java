package io.github.stacktrace.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.CaptureOutcome;
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DetailMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Records the stack trace engine's requests, captured threads and running captures as Micrometer meters.
 * <p>
 * Every tag value comes from a small fixed set (outcomes, detail modes, scopes, statuses), never from a request.
 * Timers and counters are registered on first use; events that arrive before {@link #bindTo(MeterRegistry)} are
 * dropped.
 *
 * @since 0.1.0
 */
public class StackTraceMetrics implements CaptureListener, MeterBinder {

	static final String CAPTURE = "stacktrace.capture";

	static final String CAPTURE_THREADS = "stacktrace.capture.threads";

	static final String CAPTURE_ACTIVE = "stacktrace.capture.active";

	private static final String NO_MODE = "none";

	private final Tags tags;

	private final AtomicInteger activeCaptures = new AtomicInteger();

	// One entry per registry bound to: Boot binds once, a plain application may bind several registries.
	private final List<Recorder> recorders = new CopyOnWriteArrayList<>();

	/**
	 * Creates a binder without extra tags.
	 */
	public StackTraceMetrics() {
		this(Tags.empty());
	}

	/**
	 * Creates a binder that adds the given tags to every meter.
	 * @param tags the extra tags
	 */
	public StackTraceMetrics(Iterable<? extends Tag> tags) {
		this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
	}

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		// Binding the same registry twice must not count every event twice.
		if (this.recorders.stream().anyMatch((recorder) -> recorder.registry == registry)) {
			return;
		}
		Gauge.builder(CAPTURE_ACTIVE, this.activeCaptures, AtomicInteger::get)
			.tags(this.tags)
			.description("Whether a thread stack capture is running: 1 while it runs, else 0")
			.register(registry);
		this.recorders.add(new Recorder(registry, this.tags));
	}

	@Override
	public void captureStarted() {
		this.activeCaptures.incrementAndGet();
	}

	@Override
	public void captureEnded() {
		// Never below zero, even if a listener before this one failed in captureStarted.
		this.activeCaptures.updateAndGet((active) -> Math.max(0, active - 1));
	}

	@Override
	public void requestCompleted(CaptureOutcome outcome, @Nullable DetailMode mode, boolean selective,
			long durationNanos) {
		record(outcome, mode, selective ? "selected" : "all", durationNanos);
	}

	@Override
	public void hotThreadsCompleted(CaptureOutcome outcome, @Nullable DetailMode mode, long durationNanos) {
		record(outcome, mode, "hot", durationNanos);
	}

	private void record(CaptureOutcome outcome, @Nullable DetailMode mode, String scope, long durationNanos) {
		Tags requestTags = Tags.of("outcome", outcome.reportName(), "mode", (mode != null) ? mode.reportName() : NO_MODE,
				"scope", scope);
		for (Recorder recorder : this.recorders) {
			recorder.captures.withTags(requestTags).record(durationNanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void threadsCaptured(Map<CaptureStatus, Integer> threadsByStatus) {
		threadsByStatus.forEach((status, count) -> {
			if (count > 0) {
				for (Recorder recorder : this.recorders) {
					recorder.threads.withTag("status", status.reportName()).increment(count);
				}
			}
		});
	}

	private static final class Recorder {

		private final MeterRegistry registry;

		private final MeterProvider<Timer> captures;

		private final MeterProvider<Counter> threads;

		Recorder(MeterRegistry registry, Tags tags) {
			this.registry = registry;
			this.captures = Timer.builder(CAPTURE)
				.tags(tags)
				.description("Thread stack trace and hot threads requests, by outcome, detail mode and scope")
				.withRegistry(registry);
			this.threads = Counter.builder(CAPTURE_THREADS)
				.tags(tags)
				.baseUnit(BaseUnits.THREADS)
				.description("Threads covered by thread stack trace reports, by capture status")
				.withRegistry(registry);
		}

	}

}
