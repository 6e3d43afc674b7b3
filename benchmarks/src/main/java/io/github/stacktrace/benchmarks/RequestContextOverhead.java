package io.github.stacktrace.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import static io.github.stacktrace.benchmarks.BenchmarkSupport.options;

/**
 * What recording the request each thread serves costs an application end to end: the same trivial route
 * ({@code /bench/orders/{id}}) under 200 requests in flight, with {@code stacktrace.request-context.enabled} on and
 * off, each in its own child JVM, the two alternating round by round. Prints requests per second and latency
 * percentiles per run, the medians per setting and their ratio. While the recording is on, one capture checks that
 * the serving threads are shown.
 */
public final class RequestContextOverhead {

	private static final Pattern SERVING = Pattern.compile("request=\"GET /bench/orders/\\{id\\}\"");

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10)).build();

	private final String base;

	private RequestContextOverhead(String base) {
		this.base = base;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		String java = options.getOrDefault("java", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		int requests = Integer.parseInt(options.getOrDefault("requests", "20000"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "10000"));
		int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "200"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
		String extra = options.getOrDefault("app-args", "");
		Map<Boolean, List<Run>> runs = Map.of(true, new ArrayList<>(), false, new ArrayList<>());
		System.out.printf("# %d requests (after %d warm-up) with %d in flight, %d rounds, java %s%n", requests, warmup,
				concurrency, rounds, java);
		System.out.printf("%-5s %-9s %10s %9s %9s %9s %8s%n", "round", "recording", "req/s", "p50 ms", "p99 ms",
				"max ms", "shown");
		for (int round = 1; round <= rounds; round++) {
			boolean first = (round % 2) == 1;
			for (boolean enabled : new boolean[] { first, !first }) {
				Run run = runOnce(java, enabled, warmup, requests, concurrency, extra);
				runs.get(enabled).add(run);
				System.out.printf("%-5d %-9s %10.0f %9.2f %9.2f %9.2f %8s%n", round, enabled ? "on" : "off",
						run.perSecond(), run.p50Millis(), run.p99Millis(), run.maxMillis(),
						enabled ? Integer.toString(run.shown()) : "-");
			}
		}
		double onRate = median(runs.get(true).stream().map(Run::perSecond).toList());
		double offRate = median(runs.get(false).stream().map(Run::perSecond).toList());
		double onP50 = median(runs.get(true).stream().map(Run::p50Millis).toList());
		double offP50 = median(runs.get(false).stream().map(Run::p50Millis).toList());
		double onP99 = median(runs.get(true).stream().map(Run::p99Millis).toList());
		double offP99 = median(runs.get(false).stream().map(Run::p99Millis).toList());
		System.out.printf("median on:  %.0f req/s, p50 %.2f ms, p99 %.2f ms%n", onRate, onP50, onP99);
		System.out.printf("median off: %.0f req/s, p50 %.2f ms, p99 %.2f ms%n", offRate, offP50, offP99);
		System.out.printf("ratio on/off: throughput %.3f, p50 %.3f, p99 %.3f%n", onRate / offRate, onP50 / offP50,
				onP99 / offP99);
	}

	private static Run runOnce(String java, boolean enabled, int warmup, int requests, int concurrency, String extra)
			throws Exception {
		List<String> arguments = new ArrayList<>(List.of("--bench.pool-threads=1",
				"--server.tomcat.threads.max=" + concurrency, "--logging.level.root=warn",
				"--management.endpoints.web.exposure.include=health,stacktrace",
				"--stacktrace.request-context.enabled=" + enabled));
		if (!extra.isBlank()) {
			arguments.addAll(List.of(extra.trim().split("\\s+")));
		}
		try (ChildApplication app = ChildApplication.start(java, List.of("-Xms512m", "-Xmx512m"), arguments)) {
			RequestContextOverhead bench = new RequestContextOverhead(app.uri("").toString());
			bench.load(warmup, concurrency, new ConcurrentHistogram(3), false);
			ConcurrentHistogram latencies = new ConcurrentHistogram(3);
			long started = System.nanoTime();
			int shown = bench.load(requests, concurrency, latencies, enabled);
			double seconds = (System.nanoTime() - started) / 1e9;
			return new Run(requests / seconds, latencies.getValueAtPercentile(50) / 1e6,
					latencies.getValueAtPercentile(99) / 1e6, latencies.getMaxValue() / 1e6, shown);
		}
	}

	/**
	 * Sends {@code count} requests, {@code concurrency} in flight; halfway, when asked, captures the threads serving
	 * one and returns how many the report shows.
	 */
	private int load(int count, int concurrency, Histogram latencies, boolean capture) throws Exception {
		Semaphore inFlight = new Semaphore(concurrency);
		CountDownLatch done = new CountDownLatch(count);
		AtomicInteger failures = new AtomicInteger();
		int shown = -1;
		for (int i = 0; i < count; i++) {
			inFlight.acquire();
			long sent = System.nanoTime();
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + "/bench/orders/" + i))
				.timeout(Duration.ofSeconds(60)).GET().build();
			this.client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
				if (failure != null || response.statusCode() != 200) {
					failures.incrementAndGet();
				}
				latencies.recordValue(System.nanoTime() - sent);
				inFlight.release();
				done.countDown();
			});
			if (capture && i == count / 2) {
				shown = countShown(get("/actuator/stacktrace?min_elapsed_ms=0"));
			}
		}
		done.await();
		if (failures.get() > 0) {
			throw new IllegalStateException(failures.get() + " requests failed");
		}
		return shown;
	}

	private static int countShown(String report) {
		Matcher matcher = SERVING.matcher(report);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	private String get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(60))
			.GET().build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private record Run(double perSecond, double p50Millis, double p99Millis, double maxMillis, int shown) {

	}

}
