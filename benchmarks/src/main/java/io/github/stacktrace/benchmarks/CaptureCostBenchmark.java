package io.github.stacktrace.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.stacktrace.benchmarks.ChildApplication.Response;

import static io.github.stacktrace.benchmarks.BenchmarkSupport.firstGroup;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.java;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.options;

/**
 * Distance to the floor and scale. For each thread count, {@link BenchmarkApplication} with that many pooled threads
 * runs in a child JVM; after a warm-up, every round measures in the same JVM, one after another:
 * <ul>
 * <li>the floor: the JVM's own cost of walking every stack ({@code /bench/floor}: {@code Thread#getStackTrace} of
 * every thread on Java 21+, one {@code getThreadInfo} of every id on Java 17-20);</li>
 * <li>our capture called in-process without rendering ({@code /bench/capture}), and the report's
 * {@code capture_duration_ms};</li>
 * <li>each format end to end (text, JSON, grouped text, folded, jstack), FAST: the client's time, the response's size,
 * the bytes the application's threads allocated meanwhile and the heap's peak over its use just before (after a
 * GC);</li>
 * <li>a loopback transfer of as many bytes as the text report, with no capture ({@code /bench/bytes});</li>
 * <li>where the text report took more than one safepoint (a chunked capture, Java 17-20), the JVM alone making as
 * many: {@code getThreadInfo} over every id in as many chunks ({@code /bench/floor?chunk=}), so that what the chunks
 * cost the JVM and what our capture adds to them show apart.</li>
 * </ul>
 * It prints medians per thread count, the ratios to the floor, and the cost per thread, so that a step that grows
 * faster than the thread count shows.
 * <p>
 * {@code java -cp benchmarks.jar io.github.stacktrace.benchmarks.CaptureCostBenchmark [--java PATH]
 * [--threads 1000,5000,10000] [--warmup 3] [--rounds 5] [--heap 2g] [--max-pause 5ms]}
 */
public final class CaptureCostBenchmark {

	private static final Pattern DURATION = Pattern.compile("capture_duration_ms\"?\\s*:\\s*(\\d+)");

	private static final Pattern JVM = Pattern.compile("jvm: (.*)");

	private static final Pattern THREAD_COUNT = Pattern.compile("thread_count: (\\d+)");

	private static final Pattern PAUSES = Pattern.compile("safepoint_pauses: (\\d+)");

	private static final Map<String, String> FORMATS = new LinkedHashMap<>();

	static {
		FORMATS.put("text", "/actuator/stacktrace?format=text");
		FORMATS.put("json", "/actuator/stacktrace?format=json");
		FORMATS.put("grouped", "/actuator/stacktrace?format=text&group=true");
		FORMATS.put("folded", "/actuator/stacktrace?format=folded");
		FORMATS.put("jstack", "/actuator/stacktrace?format=jstack");
	}

	private final ChildApplication app;

	private CaptureCostBenchmark(ChildApplication app) {
		this.app = app;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		String java = java(options);
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
		String heap = options.getOrDefault("heap", "2g");
		List<Row> rows = new ArrayList<>();
		for (String count : options.getOrDefault("threads", "1000,5000,10000").split(",")) {
			int threads = Integer.parseInt(count);
			List<String> appArguments = new ArrayList<>(List.of("--bench.pool-threads=" + threads));
			if (options.containsKey("max-pause")) {
				appArguments.add("--stacktrace.max-pause=" + options.get("max-pause"));
			}
			System.out.println();
			try (ChildApplication app = ChildApplication.start(java, List.of("-Xms" + heap, "-Xmx" + heap),
					appArguments)) {
				rows.add(new CaptureCostBenchmark(app).measure(threads, warmup, rounds));
			}
		}
		print(rows, rounds, warmup);
	}

	private Row measure(int threads, int warmup, int rounds) throws Exception {
		Response first = this.app.get(FORMATS.get("text"), "text/plain");
		Row row = new Row(threads, firstGroup(JVM, first.head(), "?"),
				Integer.parseInt(firstGroup(THREAD_COUNT, first.head(), "-1")));
		for (int round = 0; round < warmup + rounds; round++) {
			boolean record = round >= warmup;
			Response floor = this.app.get("/bench/floor", "text/plain");
			Response inProcess = this.app.get("/bench/capture", "text/plain");
			if (record) {
				row.floorMillis.add(valueOf(floor, "floor_ns") / 1e6);
				row.floorMethod = firstGroup(Pattern.compile("floor_method: (\\S+)"), floor.text(), "?");
				row.inProcessMillis.add(valueOf(inProcess, "capture_ns") / 1e6);
			}
			for (Map.Entry<String, String> format : FORMATS.entrySet()) {
				Response before = this.app.get("/bench/memory?reset=true", "text/plain");
				Response report = this.app.get(format.getValue(), "*/*");
				Response after = this.app.get("/bench/memory", "text/plain");
				if (record) {
					FormatCost cost = row.formats.computeIfAbsent(format.getKey(), (k) -> new FormatCost());
					cost.clientMillis.add(report.millis());
					cost.bytes = report.body().length;
					cost.allocatedBytes.add((double) valueOf(after, "allocated_bytes"));
					cost.peakHeapBytes.add((double) (valueOf(after, "peak_heap_bytes") - valueOf(before, "heap_used_bytes")));
					cost.pauses = Integer.parseInt(firstGroup(PAUSES, report.head(), "0"));
					String server = firstGroup(DURATION, report.head(), null);
					if (server != null) {
						cost.serverMillis.add(Double.parseDouble(server));
					}
				}
			}
			if (record) {
				Response bytes = this.app.get("/bench/bytes?n=" + row.formats.get("text").bytes, "text/plain");
				row.loopbackMillis.add(bytes.millis());
				int pauses = row.formats.get("text").pauses;
				if (pauses > 1) {
					// The JVM alone, making as many safepoints as our request just made, over chunks of the same mean size.
					int chunk = (row.liveThreads + pauses - 1) / pauses;
					Response chunked = this.app.get("/bench/floor?chunk=" + chunk, "text/plain");
					row.chunkedFloorMillis.add(valueOf(chunked, "floor_ns") / 1e6);
					row.pauses.add((double) pauses);
				}
			}
		}
		System.out.printf(Locale.ROOT, "%d pooled threads (%d live), %s: floor (%s) %.2f ms, in-process capture %.2f"
				+ " ms, text end to end %.2f ms, loopback %.2f ms%n", threads, row.liveThreads, row.jvm, row.floorMethod,
				median(row.floorMillis), median(row.inProcessMillis), median(row.formats.get("text").clientMillis),
				median(row.loopbackMillis));
		return row;
	}

	private static long valueOf(Response response, String key) {
		return Long.parseLong(firstGroup(Pattern.compile(key + ": (-?\\d+)"), response.text(), "-1"));
	}

	private static void print(List<Row> rows, int rounds, int warmup) {
		System.out.println();
		System.out.printf("Medians of %d rounds after %d warm-up, FAST; JDK of the application: %s%n", rounds, warmup,
				rows.get(0).jvm);
		System.out.println();
		System.out.println("## Distance to the floor");
		System.out.println();
		System.out.println("| threads (live) | floor ms | floor method | in-process capture ms | capture_duration_ms |"
				+ " text end to end ms | loopback send of the same bytes ms | in-process / floor |"
				+ " capture_duration_ms / floor | end to end / floor | (end to end - loopback) / floor |");
		System.out.println("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (Row row : rows) {
			double floor = median(row.floorMillis);
			FormatCost text = row.formats.get("text");
			double e2e = median(text.clientMillis);
			double loopback = median(row.loopbackMillis);
			System.out.printf(Locale.ROOT, "| %d (%d) | %.2f | %s | %.2f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
					row.threads, row.liveThreads, floor, row.floorMethod, median(row.inProcessMillis),
					median(text.serverMillis), e2e, loopback, median(row.inProcessMillis) / floor,
					median(text.serverMillis) / floor, e2e / floor, (e2e - loopback) / floor);
		}
		if (rows.stream().anyMatch((row) -> !row.chunkedFloorMillis.isEmpty())) {
			System.out.println();
			System.out.println("## Against the JVM making as many safepoints (chunked captures)");
			System.out.println();
			System.out.println("| threads (live) | safepoint_pauses | mean chunk | floor ms (one call) | chunked floor ms |"
					+ " capture_duration_ms | in-process capture ms | chunked floor / floor |"
					+ " capture_duration_ms / chunked floor | in-process / chunked floor |");
			System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
			for (Row row : rows) {
				if (row.chunkedFloorMillis.isEmpty()) {
					continue;
				}
				double pauses = median(row.pauses);
				double floor = median(row.floorMillis);
				double chunked = median(row.chunkedFloorMillis);
				double server = median(row.formats.get("text").serverMillis);
				double inProcess = median(row.inProcessMillis);
				System.out.printf(Locale.ROOT, "| %d (%d) | %.0f | %.1f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %.2f |%n",
						row.threads, row.liveThreads, pauses, row.liveThreads / pauses, floor, chunked, server, inProcess,
						chunked / floor, server / chunked, inProcess / chunked);
			}
		}
		System.out.println();
		System.out.println("## Scale (FAST; allocation = bytes every live thread allocated during the request; peak heap"
				+ " = the heap's peak over its use just before, after a GC)");
		System.out.println();
		System.out.println("| threads | format | end to end ms | server ms | response bytes | allocated MB | peak heap"
				+ " growth MB | µs per thread | response bytes per thread | allocated bytes per thread |");
		System.out.println("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (Row row : rows) {
			for (Map.Entry<String, FormatCost> entry : row.formats.entrySet()) {
				FormatCost cost = entry.getValue();
				double e2e = median(cost.clientMillis);
				double allocated = median(cost.allocatedBytes);
				System.out.printf(Locale.ROOT, "| %d | %s | %.2f | %s | %d | %.2f | %.2f | %.1f | %.0f | %.0f |%n",
						row.threads, entry.getKey(), e2e,
						cost.serverMillis.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f", median(cost.serverMillis)),
						cost.bytes, allocated / 1e6, median(cost.peakHeapBytes) / 1e6, e2e * 1000 / row.liveThreads,
						(double) cost.bytes / row.liveThreads, allocated / row.liveThreads);
			}
		}
	}

	private static double median(List<Double> values) {
		return BenchmarkSupport.median(values.stream().mapToDouble(Double::doubleValue).toArray());
	}

	private static final class Row {

		private final int threads;

		private final String jvm;

		private final int liveThreads;

		private String floorMethod = "?";

		private final List<Double> floorMillis = new ArrayList<>();

		private final List<Double> inProcessMillis = new ArrayList<>();

		private final List<Double> loopbackMillis = new ArrayList<>();

		private final List<Double> chunkedFloorMillis = new ArrayList<>();

		private final List<Double> pauses = new ArrayList<>();

		private final Map<String, FormatCost> formats = new LinkedHashMap<>();

		Row(int threads, String jvm, int liveThreads) {
			this.threads = threads;
			this.jvm = jvm;
			this.liveThreads = liveThreads;
		}

	}

	private static final class FormatCost {

		private final List<Double> clientMillis = new ArrayList<>();

		private final List<Double> serverMillis = new ArrayList<>();

		private final List<Double> allocatedBytes = new ArrayList<>();

		private final List<Double> peakHeapBytes = new ArrayList<>();

		private int bytes;

		private int pauses;

	}

}
