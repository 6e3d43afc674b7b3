package io.github.stacktrace.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The safepoints a child JVM logged ({@code -Xlog:safepoint}) in a window of time, by operation: each one's
 * {@code Total} (reaching + cleanup on Java 17 + at safepoint + leaving on Java 25: the time the application stood
 * still) and its {@code At safepoint} part.
 *
 * @param byOperation each operation's totals, in log order
 * @param atSafepoint each operation's {@code At safepoint} parts, in log order
 */
record SafepointWindow(Map<String, List<Long>> byOperation, Map<String, List<Long>> atSafepoint) {

	/** The operation of our captures and of Boot's {@code threaddump}. */
	static final String THREAD_DUMP = "ThreadDump";

	/** Upper bounds (ms) of the pause histogram's buckets; the last bucket is everything above. */
	static final double[] BUCKETS_MS = { 1, 2, 5, 10, 20, 50, 100, 200 };

	// JDK 17: ..., Reaching safepoint: N ns, Cleanup: N ns, At safepoint: N ns, Total: N ns; JDK 25: no Cleanup.
	private static final Pattern SAFEPOINT = Pattern.compile("Safepoint \"([^\"]+)\".*?Total: (\\d+) ns");

	private static final Pattern AT_SAFEPOINT = Pattern.compile("At safepoint: (\\d+) ns");

	static SafepointWindow parse(String log) {
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
		return new SafepointWindow(byOperation, atSafepoint);
	}

	long longestAt(String operation) {
		return this.atSafepoint.getOrDefault(operation, List.of()).stream().mapToLong(Long::longValue).max().orElse(0);
	}

	int countOver(String operation, long nanos) {
		return (int) this.byOperation.getOrDefault(operation, List.of()).stream().filter((t) -> t > nanos).count();
	}

	int count(String operation) {
		return this.byOperation.getOrDefault(operation, List.of()).size();
	}

	long longest(String operation) {
		return this.byOperation.getOrDefault(operation, List.of()).stream().mapToLong(Long::longValue).max().orElse(0);
	}

	long total(String operation) {
		return this.byOperation.getOrDefault(operation, List.of()).stream().mapToLong(Long::longValue).sum();
	}

	/** Every safepoint's total, whatever its operation. */
	long totalAll() {
		return this.byOperation.values().stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
	}

	int countAll() {
		return this.byOperation.values().stream().mapToInt(List::size).sum();
	}

	long longestAll() {
		return this.byOperation.values().stream().flatMap(List::stream).mapToLong(Long::longValue).max().orElse(0);
	}

	/**
	 * How many pauses of the operation fall in each of {@link #BUCKETS_MS} (and one more bucket above the last).
	 */
	int[] histogram(String operation) {
		int[] counts = new int[BUCKETS_MS.length + 1];
		for (long nanos : this.byOperation.getOrDefault(operation, List.of())) {
			int bucket = 0;
			while (bucket < BUCKETS_MS.length && nanos / 1e6 > BUCKETS_MS[bucket]) {
				bucket++;
			}
			counts[bucket]++;
		}
		return counts;
	}

	/** The histogram's header cells: {@code ≤1 | ≤2 | … | >200}. */
	static String histogramHeader() {
		StringBuilder out = new StringBuilder();
		for (double bound : BUCKETS_MS) {
			out.append(String.format(Locale.ROOT, "≤%.0f | ", bound));
		}
		return out.append(String.format(Locale.ROOT, ">%.0f", BUCKETS_MS[BUCKETS_MS.length - 1])).toString();
	}

	static String histogramCells(int[] counts) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < counts.length; i++) {
			out.append((i == 0) ? "" : " | ").append(counts[i]);
		}
		return out.toString();
	}

	/** Every operation but ThreadDump and FindDeadlocks, e.g. GC pauses. */
	String describeOthers() {
		StringBuilder out = new StringBuilder();
		this.byOperation.forEach((name, totals) -> {
			if (!name.equals(THREAD_DUMP) && !name.equals("FindDeadlocks")) {
				out.append(out.length() == 0 ? "" : ", ").append(describe(name, totals));
			}
		});
		return (out.length() == 0) ? "-" : out.toString();
	}

	String describeAll() {
		StringBuilder out = new StringBuilder();
		this.byOperation
			.forEach((name, totals) -> out.append(out.length() == 0 ? "" : ", ").append(describe(name, totals)));
		return (out.length() == 0) ? "none" : out.toString();
	}

	private static String describe(String name, List<Long> totals) {
		long max = totals.stream().mapToLong(Long::longValue).max().orElse(0);
		long sum = totals.stream().mapToLong(Long::longValue).sum();
		return String.format(Locale.ROOT, "%s %d x (max %.3f, total %.3f ms)", name, totals.size(), max / 1e6,
				sum / 1e6);
	}

}
