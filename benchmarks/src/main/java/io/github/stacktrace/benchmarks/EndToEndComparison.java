package io.github.stacktrace.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.github.stacktrace.benchmarks.BenchmarkSupport.firstGroup;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.freePort;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.options;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.readFrom;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.tail;

/**
 * Starts {@link BenchmarkApplication} on a free port in a child JVM, requests {@code /actuator/stacktrace} and Boot's
 * {@code /actuator/threaddump} ({@code Accept: text/plain}) in rotating order after a warm-up, prints medians, the
 * ratio ours/Boot from the same run and the response sizes, then counts the safepoints of single requests from the
 * child's {@code -Xlog:safepoint} file while the application is otherwise idle, and stops the child.
 * <p>
 * {@code java -cp benchmarks.jar io.github.stacktrace.benchmarks.EndToEndComparison [--java PATH] [--threads N]
 * [--warmup N] [--rounds N] [--pause-samples N]}
 */
public final class EndToEndComparison {

	// Total = reaching the safepoint + cleanup (JDK 17) + at the safepoint: the time the application stood still.
	private static final Pattern SAFEPOINT = Pattern.compile("Safepoint \"([^\"]+)\".*?Total: (\\d+) ns");

	private static final Pattern THREAD_SECTION = Pattern.compile("----- thread (\\d+) \\(bench-worker-(\\d+)\\)");

	private static final Pattern DURATION = Pattern.compile("capture_duration_ms: (\\d+)");

	private static final Pattern JVM = Pattern.compile("jvm: (.*)");

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private EndToEndComparison(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		String java = options.getOrDefault("java", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		int threads = Integer.parseInt(options.getOrDefault("threads", "2000"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "30"));
		int pauseSamples = Integer.parseInt(options.getOrDefault("pause-samples", "3"));
		Path work = Files.createTempDirectory("stacktrace-e2e-");
		Path safepointLog = work.resolve("safepoint.log");
		Path appLog = work.resolve("app.log");
		int port = freePort();
		String classpath = Paths.get(EndToEndComparison.class.getProtectionDomain().getCodeSource().getLocation().toURI())
			.toString();
		List<String> command = List.of(java, "-Xms1g", "-Xmx1g", "-Xlog:safepoint=info:file=" + safepointLog, "-cp",
				classpath, BenchmarkApplication.class.getName(), "--server.port=" + port,
				"--bench.pool-threads=" + threads);
		System.out.println("# starting: " + String.join(" ", command));
		Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(appLog.toFile()).start();
		try {
			EndToEndComparison run = new EndToEndComparison(port);
			run.awaitUp(app, appLog);
			run.measure(threads, warmup, rounds, pauseSamples, safepointLog);
		}
		finally {
			app.destroy();
			if (!app.waitFor(20, TimeUnit.SECONDS)) {
				app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		System.out.println("# logs kept in " + work);
	}

	private void measure(int threads, int warmup, int rounds, int pauseSamples, Path safepointLog) throws Exception {
		Response first = get("/actuator/stacktrace", "text/plain");
		String jvm = firstGroup(JVM, first.body(), "?");
		long selectedId = middleWorker(first.body(), threads);
		Map<String, Series> series = new LinkedHashMap<>();
		series.put("ours FAST (all threads)", new Series("/actuator/stacktrace", "text/plain"));
		series.put("ours FULL (all threads)", new Series("/actuator/stacktrace?mode=full", "text/plain"));
		series.put("Boot threaddump (text/plain)", new Series("/actuator/threaddump", "text/plain"));
		series.put("ours FAST (one selected thread)",
				new Series("/actuator/stacktrace?thread_id=" + selectedId, "text/plain"));
		List<Series> order = new ArrayList<>(series.values());
		for (int round = 0; round < warmup + rounds; round++) {
			// Rotate the order every round so that no series always follows the same one.
			for (int i = 0; i < order.size(); i++) {
				Series s = order.get((round + i) % order.size());
				Response response = get(s.path, s.accept);
				if (round >= warmup) {
					s.record(response);
				}
			}
		}
		Series ours = series.get("ours FAST (all threads)");
		Series boot = series.get("Boot threaddump (text/plain)");
		Series selected = series.get("ours FAST (one selected thread)");
		System.out.println();
		System.out.printf("JDK of the application: %s; pooled threads: %d; live threads: %s; rounds: %d after %d"
				+ " warm-up%n", jvm, threads, firstGroup(Pattern.compile("thread_count: (\\d+)"), first.body(), "?"), rounds, warmup);
		System.out.println();
		System.out.println("| request | median ms | p90 ms | median server ms (capture_duration_ms) | response bytes"
				+ " | median / Boot |");
		System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
		for (Map.Entry<String, Series> entry : series.entrySet()) {
			Series s = entry.getValue();
			System.out.printf("| %s | %.1f | %.1f | %s | %d | %.2f |%n", entry.getKey(), s.medianMillis(),
					s.percentileMillis(0.9), s.medianServerMillis(), s.bytes, s.medianMillis() / boot.medianMillis());
		}
		System.out.println();
		System.out.printf("ratio ours FAST / Boot threaddump (medians, same run): %.2f%n",
				ours.medianMillis() / boot.medianMillis());
		System.out.printf("ratio one selected thread / ours FAST all threads (medians, same run): %.3f%n",
				selected.medianMillis() / ours.medianMillis());
		measurePauses(series, pauseSamples, safepointLog);
	}

	private void measurePauses(Map<String, Series> series, int samples, Path safepointLog) throws Exception {
		System.out.println();
		System.out.println("Safepoints per single request (application otherwise idle; " + samples
				+ " samples each, the median sample shown; stopped = the log's Total: time to safepoint + cleanup"
				+ " + at safepoint):");
		System.out.println();
		System.out.println("| window | safepoints | by operation | time to safepoint + stopped ms |");
		System.out.println("| --- | ---: | --- | ---: |");
		Thread.sleep(1000);
		Map<String, List<Window>> windows = new LinkedHashMap<>();
		windows.put("idle, 1 s, no request", new ArrayList<>());
		for (String name : series.keySet()) {
			windows.put(name, new ArrayList<>());
		}
		for (int sample = 0; sample < samples; sample++) {
			for (Map.Entry<String, List<Window>> entry : windows.entrySet()) {
				long before = Files.size(safepointLog);
				Series s = series.get(entry.getKey());
				if (s == null) {
					Thread.sleep(1000);
				}
				else {
					get(s.path, s.accept);
				}
				Thread.sleep(300);
				entry.getValue().add(Window.parse(readFrom(safepointLog, before)));
			}
		}
		for (Map.Entry<String, List<Window>> entry : windows.entrySet()) {
			List<Window> sorted = new ArrayList<>(entry.getValue());
			sorted.sort((a, b) -> Long.compare(a.stoppedNanos, b.stoppedNanos));
			Window median = sorted.get(sorted.size() / 2);
			int[] counts = entry.getValue().stream().mapToInt((w) -> w.count).toArray();
			System.out.printf("| %s | %d (samples: %s) | %s | %.2f |%n", entry.getKey(), median.count,
					Arrays.toString(counts), median.byOperation.isEmpty() ? "-" : median.byOperation,
					median.stoppedNanos / 1e6);
		}
	}

	private void awaitUp(Process app, Path appLog) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (System.nanoTime() < deadline) {
			if (!app.isAlive()) {
				throw new IllegalStateException("application exited: " + tail(appLog));
			}
			try {
				if (get("/actuator/health", "application/json").status() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("application did not start in 2 minutes: " + tail(appLog));
	}

	private Response get(String path, String accept) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + path)).header("Accept", accept)
			.timeout(Duration.ofSeconds(60)).GET().build();
		long started = System.nanoTime();
		HttpResponse<byte[]> response = this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
		long nanos = System.nanoTime() - started;
		if (response.statusCode() != 200 && !path.equals("/actuator/health")) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
					+ new String(response.body(), StandardCharsets.UTF_8));
		}
		return new Response(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8),
				response.body().length, nanos);
	}

	private static long middleWorker(String report, int threads) {
		Matcher matcher = THREAD_SECTION.matcher(report);
		long id = -1;
		while (matcher.find()) {
			id = Long.parseLong(matcher.group(1));
			if (Integer.parseInt(matcher.group(2)) >= threads / 2) {
				return id;
			}
		}
		if (id < 0) {
			throw new IllegalStateException("no bench-worker thread in the report");
		}
		return id;
	}

	private record Response(int status, String body, int bytes, long nanos) {

	}

	private static final class Series {

		private final String path;

		private final String accept;

		private final List<Long> nanos = new ArrayList<>();

		private final List<Long> serverMillis = new ArrayList<>();

		private int bytes;

		Series(String path, String accept) {
			this.path = path;
			this.accept = accept;
		}

		void record(Response response) {
			this.nanos.add(response.nanos());
			this.bytes = response.bytes();
			Matcher matcher = DURATION.matcher(response.body());
			if (matcher.find()) {
				this.serverMillis.add(Long.parseLong(matcher.group(1)));
			}
		}

		double medianMillis() {
			return percentileMillis(0.5);
		}

		double percentileMillis(double p) {
			long[] sorted = this.nanos.stream().mapToLong(Long::longValue).sorted().toArray();
			return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))] / 1e6;
		}

		String medianServerMillis() {
			if (this.serverMillis.isEmpty()) {
				return "-";
			}
			long[] sorted = this.serverMillis.stream().mapToLong(Long::longValue).sorted().toArray();
			return Long.toString(sorted[sorted.length / 2]);
		}

	}

	private record Window(int count, long stoppedNanos, Map<String, String> byOperation) {

		static Window parse(String log) {
			Matcher matcher = SAFEPOINT.matcher(log);
			int count = 0;
			long stopped = 0;
			Map<String, Integer> counts = new TreeMap<>();
			Map<String, Long> nanos = new TreeMap<>();
			while (matcher.find()) {
				count++;
				long total = Long.parseLong(matcher.group(2));
				stopped += total;
				counts.merge(matcher.group(1), 1, Integer::sum);
				nanos.merge(matcher.group(1), total, Long::sum);
			}
			Map<String, String> byOperation = new TreeMap<>();
			counts.forEach((name, n) -> byOperation.put(name,
					String.format(Locale.ROOT, "%d x %.2f ms", n, nanos.get(name) / 1e6)));
			return new Window(count, stopped, byOperation);
		}

	}

}
