package io.github.stacktrace.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.github.stacktrace.benchmarks.ChildApplication.Response;

import static io.github.stacktrace.benchmarks.BenchmarkSupport.firstGroup;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.fmt;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.java;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.median;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.options;

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

	private static final Pattern DURATION = Pattern.compile("capture_duration_ms: (\\d+)");

	private static final Pattern PAUSES = Pattern.compile("safepoint_pauses: (\\d+)");

	private static final Pattern METHOD = Pattern.compile("capture_method: (\\S+)");

	private static final Pattern JVM = Pattern.compile("jvm: (.*)");

	private static final Pattern THREAD_COUNT = Pattern.compile("thread_count: (\\d+)");

	private static long limitNanos;

	private final ChildApplication app;

	private SafepointPauseBenchmark(ChildApplication app) {
		this.app = app;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		String java = java(options);
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
		System.out.println();
		try (ChildApplication app = ChildApplication.start(java, List.of("-Xms1g", "-Xmx1g"),
				List.of("--bench.pool-threads=" + threads, "--stacktrace.max-pause=" + maxPause))) {
			return new SafepointPauseBenchmark(app).measure(mode, maxPause, warmup, requests, gapMillis,
					healthInterval);
		}
	}

	private Summary measure(String mode, String maxPause, int warmup, int requests, int gapMillis, int healthInterval)
			throws Exception {
		String path = "/actuator/stacktrace?mode=" + mode;
		OpenLoopLoad probe = (healthInterval > 0) ? new OpenLoopLoad(this.app.uri("/actuator/health"),
				TimeUnit.MILLISECONDS.toNanos(healthInterval)) : null;
		if (probe != null) {
			// The probe warms up with the application; its calls during the warm-up are discarded.
			probe.start();
		}
		for (int i = 0; i < warmup; i++) {
			this.app.get(path, "text/plain");
			Thread.sleep(gapMillis);
		}
		Thread.sleep(1000);
		long idleMillis = (long) requests * (gapMillis + 150);
		String idleHealth = "-";
		long idleBefore = this.app.safepointLogSize();
		if (probe != null) {
			takeInterval(probe);
			Thread.sleep(idleMillis);
			idleHealth = takeInterval(probe);
		}
		else {
			Thread.sleep(idleMillis);
		}
		SafepointWindow idle = this.app.safepointsSince(idleBefore);
		List<Sample> samples = new ArrayList<>();
		String jvm = "?";
		String method = "?";
		String threadCount = "?";
		for (int i = 0; i < requests; i++) {
			long before = this.app.safepointLogSize();
			Response response = this.app.get(path, "text/plain");
			Thread.sleep(gapMillis);
			SafepointWindow window = this.app.safepointsSince(before);
			String header = response.head();
			jvm = firstGroup(JVM, header, jvm);
			method = firstGroup(METHOD, header, method);
			threadCount = firstGroup(THREAD_COUNT, header, threadCount);
			samples.add(new Sample(response.millis(), Long.parseLong(firstGroup(DURATION, header, "-1")),
					Integer.parseInt(firstGroup(PAUSES, header, "-1")), window));
		}
		String pollingHealth = (probe != null) ? takeInterval(probe) : "-";
		if (probe != null) {
			probe.close();
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
			SafepointWindow w = s.window;
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

	private static String takeInterval(OpenLoopLoad probe) {
		return OpenLoopLoad.describe(probe.takeInterval()) + ", failures " + probe.takeFailures();
	}

	private record Sample(double clientMillis, long serverMillis, int headerPauses, SafepointWindow window) {

	}

	private record Summary(String maxPause, String method, String overLimit, String pauses, double medianLongest, double maxLongest,
			double medianStopped, double medianServer, double medianClient, String health) {

	}

}
