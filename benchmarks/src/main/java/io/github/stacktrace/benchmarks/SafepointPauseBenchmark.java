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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import static io.github.stacktrace.benchmarks.BenchmarkSupport.awaitUp;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.firstGroup;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.freePort;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.options;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.readFrom;

/**
 * Measures the safepoint pauses one {@code /actuator/stacktrace} request causes, for each {@code stacktrace.max-pause}
 * given. For each value it starts {@link BenchmarkApplication} (N pooled threads parked about 40 frames deep) on a
 * free port in a child JVM with {@code -Xlog:safepoint:file=...} and {@code --stacktrace.max-pause=<value>}, sends
 * warm-up requests, then N measured requests one at a time, and for each reports: the client's time, the server time
 * ({@code capture_duration_ms}), the report's {@code safepoint_pauses}, and from the safepoint log of the window
 * from just before the request until 300 ms after it: how many {@code ThreadDump} (and {@code FindDeadlocks})
 * safepoints there were, the longest and their sum (the log's {@code Total}: reaching + cleanup + at safepoint), and
 * any other safepoint (GC) in the window. Meanwhile an open-loop client calls {@code /actuator/health} every
 * {@code --health-interval-ms} (latency counted from the time each call was due, so a stalled server is not hidden)
 * and reports its percentiles while the stack traces are being polled and, as a control, for an idle window of the
 * same length before. Each value's child is stopped before the next one starts; the last lines compare the values'
 * medians with the first one's.
 * <p>
 * {@code java -cp benchmarks.jar io.github.stacktrace.benchmarks.SafepointPauseBenchmark [--java PATH]
 * [--threads 2000] [--mode fast|full|...] [--max-pause 5ms,1s] [--warmup 5] [--requests 10] [--gap-ms 300]
 * [--health-interval-ms 10] [--limit-ms 5]}
 */
public final class SafepointPauseBenchmark {

	// JDK 17: ..., Reaching safepoint: N ns, Cleanup: N ns, At safepoint: N ns, Total: N ns; JDK 25: no Cleanup.
	private static final Pattern SAFEPOINT = Pattern.compile("Safepoint \"([^\"]+)\".*?Total: (\\d+) ns");

	private static final Pattern AT_SAFEPOINT = Pattern.compile("At safepoint: (\\d+) ns");

	private static final Pattern DURATION = Pattern.compile("capture_duration_ms: (\\d+)");

	private static final Pattern PAUSES = Pattern.compile("safepoint_pauses: (\\d+)");

	private static final Pattern METHOD = Pattern.compile("capture_method: (\\S+)");

	private static final Pattern JVM = Pattern.compile("jvm: (.*)");

	private static final Pattern THREAD_COUNT = Pattern.compile("thread_count: (\\d+)");

	private static long limitNanos;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private SafepointPauseBenchmark(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		String java = options.getOrDefault("java", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		int threads = Integer.parseInt(options.getOrDefault("threads", "2000"));
		String mode = options.getOrDefault("mode", "fast");
		List<String> maxPauses = Arrays.asList(options.getOrDefault("max-pause", "5ms,1s").split(","));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
		int requests = Integer.parseInt(options.getOrDefault("requests", "10"));
		int gapMillis = Integer.parseInt(options.getOrDefault("gap-ms", "300"));
		int healthInterval = Integer.parseInt(options.getOrDefault("health-interval-ms", "10"));
		limitNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(options.getOrDefault("limit-ms", "5")));
		List<Summary> summaries = new ArrayList<>();
		for (String maxPause : maxPauses) {
			summaries.add(runOne(java, threads, mode, maxPause, warmup, requests, gapMillis, healthInterval));
		}
		System.out.println();
		System.out.println("## Summary (medians over the measured requests of each child; ratio = value / first value's)");
		System.out.println();
		System.out.println("| max-pause | capture_method | ThreadDump pauses / request | longest pause ms (median) |"
				+ " longest pause ms (max) | stopped ms / request (median) | server ms (median) | client ms (median) |"
				+ " server ms ratio | client ms ratio | health p99 ms polling (idle) | ThreadDump pauses > "
				+ limitNanos / 1_000_000 + " ms |");
		System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
		Summary first = summaries.get(0);
		for (Summary s : summaries) {
			System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %.2f | %s | %.1f | %.2f | %.2f | %s | %s |%n",
					s.maxPause, s.method, s.pauses, s.medianLongest, s.maxLongest, s.medianStopped,
					fmt(s.medianServer), s.medianClient, s.medianServer / first.medianServer,
					s.medianClient / first.medianClient, s.health, s.overLimit);
		}
	}

	private static Summary runOne(String java, int threads, String mode, String maxPause, int warmup, int requests,
			int gapMillis, int healthInterval) throws Exception {
		Path work = Files.createTempDirectory("stacktrace-safepoints-");
		Path safepointLog = work.resolve("safepoint.log");
		Path appLog = work.resolve("app.log");
		int port = freePort();
		String classpath = Paths
			.get(SafepointPauseBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		List<String> command = List.of(java, "-Xms1g", "-Xmx1g", "-Xlog:safepoint=info:file=" + safepointLog, "-cp",
				classpath, BenchmarkApplication.class.getName(), "--server.port=" + port,
				"--bench.pool-threads=" + threads, "--stacktrace.max-pause=" + maxPause);
		System.out.println();
		System.out.println("# starting: " + String.join(" ", command));
		Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(appLog.toFile()).start();
		try {
			SafepointPauseBenchmark run = new SafepointPauseBenchmark(port);
			awaitUp(app, appLog, run.client, run.base);
			return run.measure(mode, maxPause, warmup, requests, gapMillis, healthInterval, safepointLog);
		}
		finally {
			app.destroy();
			if (!app.waitFor(20, TimeUnit.SECONDS)) {
				app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			System.out.println("# logs kept in " + work);
		}
	}

	private Summary measure(String mode, String maxPause, int warmup, int requests, int gapMillis, int healthInterval,
			Path safepointLog) throws Exception {
		String path = "/actuator/stacktrace?mode=" + mode;
		HealthProbe probe = (healthInterval > 0) ? new HealthProbe(healthInterval) : null;
		if (probe != null) {
			// The probe warms up with the application; its calls during the warm-up are discarded.
			probe.start();
		}
		for (int i = 0; i < warmup; i++) {
			get(path);
			Thread.sleep(gapMillis);
		}
		Thread.sleep(1000);
		long idleMillis = (long) requests * (gapMillis + 150);
		String idleHealth = "-";
		long idleBefore = Files.size(safepointLog);
		if (probe != null) {
			probe.takeInterval();
			Thread.sleep(idleMillis);
			idleHealth = probe.takeInterval();
		}
		else {
			Thread.sleep(idleMillis);
		}
		Window idle = Window.parse(readFrom(safepointLog, idleBefore));
		List<Sample> samples = new ArrayList<>();
		String jvm = "?";
		String method = "?";
		String threadCount = "?";
		for (int i = 0; i < requests; i++) {
			long before = Files.size(safepointLog);
			Response response = get(path);
			Thread.sleep(gapMillis);
			Window window = Window.parse(readFrom(safepointLog, before));
			String header = response.body.substring(0, Math.min(response.body.length(), 4096));
			jvm = firstGroup(JVM, header, jvm);
			method = firstGroup(METHOD, header, method);
			threadCount = firstGroup(THREAD_COUNT, header, threadCount);
			samples.add(new Sample(response.nanos / 1e6, Long.parseLong(firstGroup(DURATION, header, "-1")),
					Integer.parseInt(firstGroup(PAUSES, header, "-1")), window));
		}
		String pollingHealth = (probe != null) ? probe.takeInterval() : "-";
		if (probe != null) {
			probe.stop();
		}
		System.out.printf("JDK of the application: %s; live threads: %s; mode: %s; stacktrace.max-pause: %s;"
				+ " capture_method: %s; %d requests after %d warm-up, %d ms apart%n", jvm, threadCount, mode, maxPause,
				method, requests, warmup, gapMillis);
		System.out.printf("idle control window (%d ms, no request): safepoints %s%n", idleMillis, idle.describeAll());
		System.out.println();
		System.out.println("| # | client ms | server ms (capture_duration_ms) | safepoint_pauses (header) |"
				+ " ThreadDump pauses (log) | of which > " + limitNanos / 1_000_000 + " ms | longest ThreadDump ms"
				+ " (its longest At safepoint ms) | ThreadDump total ms | FindDeadlocks (n x total ms)"
				+ " | other safepoints in window |");
		System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
		for (int i = 0; i < samples.size(); i++) {
			Sample s = samples.get(i);
			Window w = s.window;
			System.out.printf(Locale.ROOT, "| %d | %.1f | %d | %d | %d | %d | %.3f (%.3f) | %.3f | %s | %s |%n", i + 1,
					s.clientMillis, s.serverMillis, s.headerPauses, w.count("ThreadDump"),
					w.countOver("ThreadDump", limitNanos), w.longest("ThreadDump") / 1e6,
					w.longestAt("ThreadDump") / 1e6, w.total("ThreadDump") / 1e6, w.count("FindDeadlocks") == 0 ? "-"
							: String.format(Locale.ROOT, "%d x %.3f", w.count("FindDeadlocks"),
									w.total("FindDeadlocks") / 1e6),
					w.describeOthers());
		}
		System.out.println();
		System.out.printf("health (GET /actuator/health every %d ms, open loop, latency from the due time):%n",
				healthInterval);
		System.out.println("  idle control:      " + idleHealth);
		System.out.println("  while polling:     " + pollingHealth);
		int allPauses = samples.stream().mapToInt((s) -> s.window.count("ThreadDump")).sum();
		int overLimit = samples.stream().mapToInt((s) -> s.window.countOver("ThreadDump", limitNanos)).sum();
		Summary summary = new Summary(maxPause, method, overLimit + " of " + allPauses,
				distinct(samples.stream().mapToInt((s) -> s.window.count("ThreadDump")).toArray()),
				median(samples.stream().mapToDouble((s) -> s.window.longest("ThreadDump") / 1e6).toArray()),
				samples.stream().mapToDouble((s) -> s.window.longest("ThreadDump") / 1e6).max().orElse(0),
				median(samples.stream().mapToDouble((s) -> (s.window.total("ThreadDump")
						+ s.window.total("FindDeadlocks")) / 1e6).toArray()),
				median(samples.stream().mapToDouble((s) -> s.serverMillis).toArray()),
				median(samples.stream().mapToDouble((s) -> s.clientMillis).toArray()),
				(probe != null) ? pollingHealth.replaceAll(".*p99=([0-9.]+).*", "$1") + " ("
						+ idleHealth.replaceAll(".*p99=([0-9.]+).*", "$1") + ")" : "-");
		System.out.printf(Locale.ROOT,
				"median over requests: longest ThreadDump pause %.3f ms (max %.3f), ThreadDump+FindDeadlocks stopped"
						+ " %.3f ms, server %s ms, client %.1f ms; ThreadDump pauses per request: %s; over the limit: %s%n",
				summary.medianLongest, summary.maxLongest, summary.medianStopped, fmt(summary.medianServer),
				summary.medianClient, summary.pauses, summary.overLimit);
		return summary;
	}

	private static String distinct(int[] counts) {
		int[] sorted = counts.clone();
		Arrays.sort(sorted);
		int min = sorted[0];
		int max = sorted[sorted.length - 1];
		int med = sorted[sorted.length / 2];
		return (min == max) ? Integer.toString(med) : med + " (" + min + "–" + max + ")";
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	private static String fmt(double value) {
		return (value == Math.rint(value)) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
	}

	private Response get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.base + path)).header("Accept", "text/plain")
			.timeout(Duration.ofSeconds(60)).GET().build();
		long started = System.nanoTime();
		HttpResponse<byte[]> response = this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
		long nanos = System.nanoTime() - started;
		String body = new String(response.body(), StandardCharsets.UTF_8);
		if (response.statusCode() != 200) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
					+ body.substring(0, Math.min(body.length(), 2000)));
		}
		return new Response(body, nanos);
	}

	/**
	 * Calls {@code /actuator/health} on a fixed schedule whatever the answers do (open loop), recording each call's
	 * latency from the time it was due.
	 */
	private final class HealthProbe {

		private final int intervalMillis;

		private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);

		private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "health-probe");
			thread.setDaemon(true);
			return thread;
		});

		private final AtomicInteger failures = new AtomicInteger();

		private final AtomicBoolean running = new AtomicBoolean();

		private long startNanos;

		private long tick;

		private Histogram interval;

		HealthProbe(int intervalMillis) {
			this.intervalMillis = intervalMillis;
		}

		void start() {
			this.running.set(true);
			this.startNanos = System.nanoTime();
			HttpRequest request = HttpRequest.newBuilder(URI.create(SafepointPauseBenchmark.this.base + "/actuator/health"))
				.timeout(Duration.ofSeconds(30)).GET().build();
			this.scheduler.scheduleAtFixedRate(() -> {
				long due = this.startNanos + (this.tick++) * TimeUnit.MILLISECONDS.toNanos(this.intervalMillis);
				if (!this.running.get()) {
					return;
				}
				SafepointPauseBenchmark.this.client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
					.whenComplete((response, failure) -> {
						if (failure != null || response.statusCode() != 200) {
							this.failures.incrementAndGet();
						}
						else {
							this.recorder.recordValue(Math.min(TimeUnit.SECONDS.toMicros(60),
									Math.max(0, (System.nanoTime() - due) / 1000)));
						}
					});
			}, 0, this.intervalMillis, TimeUnit.MILLISECONDS);
		}

		/** Percentiles of the calls completed since the previous call of this method. */
		String takeInterval() {
			this.interval = this.recorder.getIntervalHistogram(this.interval);
			Histogram h = this.interval;
			return String.format(Locale.ROOT, "n=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f ms, failures %d",
					h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
					h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3, this.failures.getAndSet(0));
		}

		void stop() {
			this.running.set(false);
			this.scheduler.shutdownNow();
		}

	}

	private record Response(String body, long nanos) {

	}

	private record Sample(double clientMillis, long serverMillis, int headerPauses, Window window) {

	}

	private record Summary(String maxPause, String method, String overLimit, String pauses, double medianLongest, double maxLongest,
			double medianStopped, double medianServer, double medianClient, String health) {

	}

	private record Window(Map<String, List<Long>> byOperation, Map<String, List<Long>> atSafepoint) {

		static Window parse(String log) {
			Map<String, List<Long>> byOperation = new TreeMap<>();
			Map<String, List<Long>> atSafepoint = new TreeMap<>();
			for (String line : log.split("\n")) {
				Matcher matcher = SAFEPOINT.matcher(line);
				if (matcher.find()) {
					byOperation.computeIfAbsent(matcher.group(1), (k) -> new ArrayList<>())
						.add(Long.parseLong(matcher.group(2)));
					Matcher at = AT_SAFEPOINT.matcher(line);
					if (at.find()) {
						atSafepoint.computeIfAbsent(matcher.group(1), (k) -> new ArrayList<>())
							.add(Long.parseLong(at.group(1)));
					}
				}
			}
			return new Window(byOperation, atSafepoint);
		}

		long longestAt(String operation) {
			return this.atSafepoint.getOrDefault(operation, List.of()).stream().mapToLong(Long::longValue).max()
				.orElse(0);
		}

		int countOver(String operation, long nanos) {
			return (int) this.byOperation.getOrDefault(operation, List.of()).stream().filter((t) -> t > nanos).count();
		}

		int count(String operation) {
			return this.byOperation.getOrDefault(operation, List.of()).size();
		}

		long longest(String operation) {
			return this.byOperation.getOrDefault(operation, List.of()).stream().mapToLong(Long::longValue).max()
				.orElse(0);
		}

		long total(String operation) {
			return this.byOperation.getOrDefault(operation, List.of()).stream().mapToLong(Long::longValue).sum();
		}

		String describeOthers() {
			StringBuilder out = new StringBuilder();
			this.byOperation.forEach((name, totals) -> {
				if (!name.equals("ThreadDump") && !name.equals("FindDeadlocks")) {
					out.append(out.length() == 0 ? "" : ", ").append(describe(name, totals));
				}
			});
			return (out.length() == 0) ? "-" : out.toString();
		}

		String describeAll() {
			StringBuilder out = new StringBuilder();
			this.byOperation.forEach((name, totals) -> out.append(out.length() == 0 ? "" : ", ")
				.append(describe(name, totals)));
			return (out.length() == 0) ? "none" : out.toString();
		}

		private static String describe(String name, List<Long> totals) {
			long max = totals.stream().mapToLong(Long::longValue).max().orElse(0);
			long sum = totals.stream().mapToLong(Long::longValue).sum();
			return String.format(Locale.ROOT, "%s %d x (max %.3f, total %.3f ms)", name, totals.size(), max / 1e6,
					sum / 1e6);
		}

	}

}
