package io.github.stacktrace.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Calls one URI on a fixed schedule whatever the answers do (open loop), recording each call's latency from the time
 * it was due, not from when it was sent: a server that stalls delays every call due meanwhile, and each of them counts
 * the stall (no coordinated omission). Latencies in microseconds, up to 60 s, 3 significant digits.
 */
final class OpenLoopLoad implements AutoCloseable {

	private static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(60);

	private final HttpClient client;

	private final HttpRequest request;

	private final long intervalNanos;

	private final Recorder recorder = new Recorder(MAX_MICROS, 3);

	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicInteger sent = new AtomicInteger();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "open-loop-load");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean running;

	private long startNanos;

	private long tick;

	private Histogram interval;

	/**
	 * @param uri what to call
	 * @param intervalNanos how often
	 */
	OpenLoopLoad(URI uri, long intervalNanos) {
		// Its own client: a big response read by another request must not wait behind this load's I/O, nor the reverse.
		this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5)).build();
		this.request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
		this.intervalNanos = intervalNanos;
	}

	static OpenLoopLoad perSecond(URI uri, int rate) {
		return new OpenLoopLoad(uri, TimeUnit.SECONDS.toNanos(1) / rate);
	}

	void start() {
		this.running = true;
		this.startNanos = System.nanoTime();
		this.scheduler.scheduleAtFixedRate(() -> {
			long due = this.startNanos + (this.tick++) * this.intervalNanos;
			if (!this.running) {
				return;
			}
			this.sent.incrementAndGet();
			this.client.sendAsync(this.request, HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, failure) -> {
					if (failure != null || response.statusCode() != 200) {
						this.failures.incrementAndGet();
					}
					else {
						this.recorder.recordValue(Math.min(MAX_MICROS, Math.max(0, (System.nanoTime() - due) / 1000)));
					}
				});
		}, 0, this.intervalNanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * The latencies of the calls completed since the previous call of this method (or since the start).
	 * @return a histogram this load does not touch again
	 */
	Histogram takeInterval() {
		this.interval = this.recorder.getIntervalHistogram(this.interval);
		return this.interval.copy();
	}

	/**
	 * Failed calls since the previous call of this method.
	 */
	int takeFailures() {
		return this.failures.getAndSet(0);
	}

	/**
	 * Calls sent since the previous call of this method.
	 */
	int takeSent() {
		return this.sent.getAndSet(0);
	}

	/** {@code n=… p50=… p90=… p99=… max=… ms} of a histogram in microseconds. */
	static String describe(Histogram h) {
		return String.format(Locale.ROOT, "n=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f ms", h.getTotalCount(),
				h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
				h.getMaxValue() / 1e3);
	}

	@Override
	public void close() {
		this.running = false;
		this.scheduler.shutdownNow();
	}

}
