package io.github.stacktrace.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

import io.github.stacktrace.benchmarks.ChildApplication.Response;

import static io.github.stacktrace.benchmarks.BenchmarkSupport.firstGroup;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.fmt;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.java;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.median;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.options;

/**
 * What looking at the threads costs the application. {@link BenchmarkApplication} (N pooled threads, optionally a live
 * heap) serves {@code /bench/work} (about 1 ms of CPU work) at a fixed arrival rate ({@link OpenLoopLoad}: latency from
 * the due time, so stalls are not hidden), while in successive phases of the same length nothing else happens
 * ({@code quiet}), then {@code /actuator/stacktrace} is polled once a second ({@code fast}), then Boot's
 * {@code /actuator/threaddump} ({@code threaddump}, text), then {@code /actuator/stacktrace?mode=full}
 * ({@code full}). For each phase: the application's p50/p99/p99.9/max, the safepoints the child logged
 * ({@code -Xlog:safepoint}) in total and by operation, and per polling request the pauses it caused (count, longest,
 * sum) with a histogram of every {@code ThreadDump} pause. The load average is read at each phase's start and end.
 * <p>
 * {@code java -cp benchmarks.jar io.github.stacktrace.benchmarks.AppLatencyBenchmark [--java PATH] [--threads 2000]
 * [--rate 200] [--phase-seconds 30] [--warmup-seconds 15] [--poll-ms 1000] [--live-heap 0|2g] [--heap 1g]
 * [--phases quiet,fast,threaddump,full] [--max-pause 5ms]}
 */
public final class AppLatencyBenchmark {

	private static final Pattern DURATION = Pattern.compile("capture_duration_ms: (\\d+)");

	private static final Pattern JVM = Pattern.compile("jvm: (.*)");

	private static final Map<String, Phase> PHASES = new LinkedHashMap<>();

	static {
		PHASES.put("quiet", new Phase("quiet (nothing polled)", null, null));
		PHASES.put("fast", new Phase("ours FAST, polled", "/actuator/stacktrace", "text/plain"));
		PHASES.put("threaddump", new Phase("Boot threaddump, polled", "/actuator/threaddump", "text/plain"));
		PHASES.put("full", new Phase("ours FULL, polled", "/actuator/stacktrace?mode=full", "text/plain"));
	}

	private final ChildApplication app;

	private AppLatencyBenchmark(ChildApplication app) {
		this.app = app;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		String java = java(options);
		int threads = Integer.parseInt(options.getOrDefault("threads", "2000"));
		int rate = Integer.parseInt(options.getOrDefault("rate", "200"));
		int phaseSeconds = Integer.parseInt(options.getOrDefault("phase-seconds", "30"));
		int warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "15"));
		int pollMillis = Integer.parseInt(options.getOrDefault("poll-ms", "1000"));
		String liveHeap = options.getOrDefault("live-heap", "0");
		String heap = options.getOrDefault("heap", liveHeap.equals("0") ? "1g" : liveHeapPlusOne(liveHeap));
		List<String> phases = Arrays.asList(options.getOrDefault("phases", "quiet,fast,threaddump,full").split(","));
		List<String> appArguments = new ArrayList<>(List.of("--bench.pool-threads=" + threads,
				"--bench.live-heap=" + liveHeap.toUpperCase(Locale.ROOT) + "B"));
		if (options.containsKey("max-pause")) {
			appArguments.add("--stacktrace.max-pause=" + options.get("max-pause"));
		}
		try (ChildApplication app = ChildApplication.start(java, List.of("-Xms" + heap, "-Xmx" + heap), appArguments)) {
			new AppLatencyBenchmark(app).run(phases, rate, phaseSeconds, warmupSeconds, pollMillis, threads, liveHeap,
					heap);
		}
	}

	private static String liveHeapPlusOne(String liveHeap) {
		long gigabytes = Long.parseLong(liveHeap.toLowerCase(Locale.ROOT).replace("g", ""));
		return (gigabytes + 1) + "g";
	}

	private void run(List<String> phaseNames, int rate, int phaseSeconds, int warmupSeconds, int pollMillis,
			int threads, String liveHeap, String heap) throws Exception {
		String jvm = firstGroup(JVM, this.app.get("/actuator/stacktrace", "text/plain").head(), "?");
		List<Result> results = new ArrayList<>();
		try (OpenLoopLoad load = OpenLoopLoad.perSecond(this.app.uri("/bench/work"), rate)) {
			load.start();
			// Warm-up: the load and every polled endpoint, so the JIT has compiled them before anything is measured.
			long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
			for (String name : phaseNames) {
				Phase phase = PHASES.get(name);
				if (phase.path != null) {
					for (int i = 0; i < 3; i++) {
						try {
							this.app.get(phase.path, phase.accept);
						}
						catch (IOException ex) {
							System.out.println("# warm-up request failed: " + ex);
						}
					}
				}
			}
			sleepUntil(warmupEnd);
			for (String name : phaseNames) {
				Phase phase = PHASES.get(name);
				if (phase == null) {
					throw new IllegalArgumentException("unknown phase " + name + ", expected one of " + PHASES.keySet());
				}
				Thread.sleep(2000);
				results.add(measure(name, phase, load, phaseSeconds, pollMillis));
			}
		}
		print(jvm, threads, rate, phaseSeconds, pollMillis, liveHeap, heap, results);
	}

	private Result measure(String name, Phase phase, OpenLoopLoad load, int phaseSeconds, int pollMillis)
			throws Exception {
		String loadBefore = loadAverage();
		long logStart = this.app.safepointLogSize();
		load.takeInterval();
		load.takeFailures();
		load.takeSent();
		long start = System.nanoTime();
		long end = start + TimeUnit.SECONDS.toNanos(phaseSeconds);
		List<Poll> polls = new ArrayList<>();
		int failedPolls = 0;
		if (phase.path == null) {
			sleepUntil(end);
		}
		else {
			for (int i = 0;; i++) {
				long due = start + i * TimeUnit.MILLISECONDS.toNanos(pollMillis);
				// Polls slower than the period follow each other at once; the phase still ends on time.
				if (due >= end || System.nanoTime() >= end) {
					break;
				}
				sleepUntil(due);
				long before = this.app.safepointLogSize();
				Response response;
				try {
					response = this.app.get(phase.path, phase.accept);
				}
				catch (IOException ex) {
					System.out.println("# poll failed: " + ex);
					failedPolls++;
					continue;
				}
				long next = Math.min(end, start + (i + 1) * TimeUnit.MILLISECONDS.toNanos(pollMillis));
				sleepUntil(next);
				polls.add(new Poll(response.millis(), Long.parseLong(firstGroup(DURATION, response.head(), "-1")),
						this.app.safepointsSince(before)));
			}
			sleepUntil(end);
		}
		int sent = load.takeSent();
		Histogram latency = load.takeInterval();
		int failures = load.takeFailures();
		SafepointWindow window = this.app.safepointsSince(logStart);
		return new Result(name, phase, sent, latency, failures, window, polls, failedPolls,
				loadBefore + " → " + loadAverage());
	}

	private static void print(String jvm, int threads, int rate, int phaseSeconds, int pollMillis, String liveHeap,
			String heap, List<Result> results) {
		System.out.println();
		System.out.printf("JDK of the application: %s; pooled threads: %d; heap -Xmx%s, live heap %s; /bench/work at"
				+ " %d req/s (open loop); phases of %d s; polled every %d ms%n", jvm, threads, heap, liveHeap, rate,
				phaseSeconds, pollMillis);
		System.out.println();
		System.out.println("| phase | load average (start → end) | requests sent / answered | failures | p50 ms | p99 ms |"
				+ " p99.9 ms |"
				+ " max ms | Δp99 vs quiet ms | safepoints (n) | safepoint time ms | ThreadDump n / ms | other ms |"
				+ " polls (failed) | poll client ms (median) | poll server ms (median) |");
		System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"
				+ " ---: | ---: | ---: |");
		Result quiet = results.stream().filter((r) -> r.name.equals("quiet")).findFirst().orElse(null);
		for (Result r : results) {
			Histogram h = r.latency;
			long threadDump = r.window.total(SafepointWindow.THREAD_DUMP);
			System.out.printf(Locale.ROOT,
					"| %s | %s | %d / %d | %d | %.2f | %.2f | %.2f | %.2f | %s | %d | %.1f | %d / %.1f | %.1f | %d (%d) | %s | %s |%n",
					r.phase.label, r.load, r.sent, h.getTotalCount(), r.failures, ms(h, 50), ms(h, 99), ms(h, 99.9),
					h.getMaxValue() / 1e3,
					(quiet != null) ? String.format(Locale.ROOT, "%+.2f", ms(h, 99) - ms(quiet.latency, 99)) : "-",
					r.window.countAll(), r.window.totalAll() / 1e6, r.window.count(SafepointWindow.THREAD_DUMP),
					threadDump / 1e6, (r.window.totalAll() - threadDump) / 1e6, r.polls.size(), r.failedPolls,
					r.polls.isEmpty() ? "-" : fmt(median(r.polls.stream().mapToDouble(Poll::clientMillis).toArray())),
					r.polls.isEmpty() ? "-" : fmt(median(r.polls.stream().mapToDouble(Poll::serverMillis).toArray())));
		}
		System.out.println();
		System.out.println("Pauses of each polling request (ThreadDump safepoints from just before it to the next"
				+ " poll): medians and maxima over the phase's polls, and every ThreadDump pause of the phase by length:");
		System.out.println();
		System.out.println("| phase | pauses per poll (median / max) | longest pause per poll ms (median / max) |"
				+ " stopped per poll ms (median / max) | pauses > 5 ms | ThreadDump pauses, ms: "
				+ SafepointWindow.histogramHeader() + " |");
		System.out.println("| --- | --- | --- | --- | ---: | " + "---: | ".repeat(SafepointWindow.BUCKETS_MS.length + 1));
		for (Result r : results) {
			if (r.polls.isEmpty()) {
				continue;
			}
			double[] counts = r.polls.stream().mapToDouble((p) -> p.window.count(SafepointWindow.THREAD_DUMP)).toArray();
			double[] longest = r.polls.stream().mapToDouble((p) -> p.window.longest(SafepointWindow.THREAD_DUMP) / 1e6)
				.toArray();
			double[] stopped = r.polls.stream().mapToDouble((p) -> p.window.total(SafepointWindow.THREAD_DUMP) / 1e6)
				.toArray();
			System.out.printf(Locale.ROOT, "| %s | %s / %s | %.2f / %.2f | %.1f / %.1f | %d of %d | %s |%n",
					r.phase.label, fmt(median(counts)), fmt(max(counts)), median(longest), max(longest),
					median(stopped), max(stopped), r.window.countOver(SafepointWindow.THREAD_DUMP, 5_000_000),
					r.window.count(SafepointWindow.THREAD_DUMP),
					SafepointWindow.histogramCells(r.window.histogram(SafepointWindow.THREAD_DUMP)));
		}
		System.out.println();
		System.out.println("Other safepoints by phase (GC and VM housekeeping):");
		for (Result r : results) {
			System.out.println("  " + r.phase.label + ": " + r.window.describeOthers());
		}
		if (quiet != null) {
			Map<String, Result> byName = new LinkedHashMap<>();
			results.forEach((r) -> byName.put(r.name, r));
			System.out.println();
			double quietP99 = ms(quiet.latency, 99);
			for (String name : List.of("fast", "full")) {
				Result ours = byName.get(name);
				Result boot = byName.get("threaddump");
				if (ours != null && boot != null) {
					double added = ms(ours.latency, 99) - quietP99;
					double bootAdded = ms(boot.latency, 99) - quietP99;
					System.out.printf(Locale.ROOT,
							"p99 added over quiet: ours %s %+.2f ms, Boot threaddump %+.2f ms, ours / Boot %.2f%n",
							name.toUpperCase(Locale.ROOT), added, bootAdded, added / bootAdded);
				}
			}
		}
	}

	private static double ms(Histogram h, double percentile) {
		return h.getValueAtPercentile(percentile) / 1e3;
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Paths.get("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (Exception ex) {
			return "?";
		}
	}

	private static void sleepUntil(long nanos) throws InterruptedException {
		long left = nanos - System.nanoTime();
		if (left > 0) {
			TimeUnit.NANOSECONDS.sleep(left);
		}
	}

	private static double max(double[] values) {
		return Arrays.stream(values).max().orElse(0);
	}

	private record Phase(String label, String path, String accept) {

	}

	private record Poll(double clientMillis, long serverMillis, SafepointWindow window) {

	}

	private record Result(String name, Phase phase, int sent, Histogram latency, int failures, SafepointWindow window,
			List<Poll> polls, int failedPolls, String load) {

	}

}
