package io.github.stacktrace.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.ThreadFilter;

import static io.github.stacktrace.benchmarks.BenchmarkSupport.options;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.readFrom;

/**
 * What the safepoints of one large hot-threads request cost the JVM, in this JVM, with N platform threads parked
 * about 40 frames deep: per request, every {@code ThreadDump} safepoint the JVM logged while it ran (run with
 * {@code -Xlog:safepoint:file=PATH} and pass the same PATH), how many lasted more than 5 ms, the longest, and the time
 * the application stood still in all of them, with the report's own {@code safepoint_pauses}. The request goes to the
 * engine directly ({@code StackTraceCaptureService#hotThreads}), so sizes the HTTP layer refuses can be measured too.
 * <p>
 * {@code java -Xlog:safepoint:file=sp.log -cp benchmarks.jar io.github.stacktrace.benchmarks.HotThreadsPauseBenchmark
 * --safepoint-log sp.log [--threads 5000] [--hot-threads 1000] [--snapshots 100] [--interval-ms 10000] [--type wait]
 * [--ignore-idle false] [--max-pause-ms 5] [--requests 3] [--warmup 1]}
 */
public final class HotThreadsPauseBenchmark {

	private static final long FIVE_MS = TimeUnit.MILLISECONDS.toNanos(5);

	private HotThreadsPauseBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		int parkedCount = Integer.parseInt(options.getOrDefault("threads", "5000"));
		int requests = Integer.parseInt(options.getOrDefault("requests", "3"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "1"));
		Duration maxPause = Duration.ofMillis(Long.parseLong(options.getOrDefault("max-pause-ms", "5")));
		HotThreadsRequest request = new HotThreadsRequest(
				HotThreadsType.valueOf(options.getOrDefault("type", "wait").toUpperCase(Locale.ROOT)),
				Integer.parseInt(options.getOrDefault("hot-threads", "1000")),
				Duration.ofMillis(Long.parseLong(options.getOrDefault("interval-ms", "10000"))),
				Integer.parseInt(options.getOrDefault("snapshots", "100")),
				Boolean.parseBoolean(options.getOrDefault("ignore-idle", "false")), DetailMode.FAST, ThreadFilter.NONE);
		Path log = Path.of(options.getOrDefault("safepoint-log", "safepoint.log"));
		if (!Files.exists(log)) {
			throw new IllegalArgumentException("no safepoint log at " + log + ": run with -Xlog:safepoint:file=" + log);
		}
		StackTraceCaptureService service = new StackTraceCaptureService(
				new StackTraceSettings(Duration.ofSeconds(60), 8, maxPause), CaptureListener.NONE);
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		try (ParkedThreads parked = ParkedThreads.start(parkedCount, ParkedThreads.DEFAULT_RECURSION, "parked-")) {
			System.out.printf(Locale.ROOT,
					"# %s %s, %d parked threads, %d cpus, load average %.2f; max-pause %s; request: type=%s threads=%d"
							+ " snapshots=%d interval_ms=%d ignore_idle=%s%n",
					System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), parkedCount,
					Runtime.getRuntime().availableProcessors(), os.getSystemLoadAverage(), maxPause,
					request.type().reportName(), request.threads(), request.snapshots(), request.interval().toMillis(),
					request.ignoreIdle());
			for (int i = 0; i < warmup; i++) {
				service.hotThreads(request);
			}
			System.out.println("request | ms | safepoint_pauses (report) | ThreadDump pauses logged | over 5 ms"
					+ " | longest ms | stopped ms (sum) | stopped % of the request | other safepoints");
			for (int i = 1; i <= requests; i++) {
				long offset = Files.size(log);
				long started = System.nanoTime();
				HotThreadsReport report = service.hotThreads(request);
				long wall = System.nanoTime() - started;
				// Unified logging writes each line as it comes; a short wait lets the last one land.
				TimeUnit.MILLISECONDS.sleep(50);
				SafepointWindow window = SafepointWindow.parse(readFrom(log, offset));
				String dump = SafepointWindow.THREAD_DUMP;
				System.out.printf(Locale.ROOT, "%7d | %.0f | %d | %d | %d | %.2f | %.1f | %.1f%% | %s%n", i, wall / 1e6,
						report.safepointPauses(), window.count(dump), window.countOver(dump, FIVE_MS),
						window.longest(dump) / 1e6, window.total(dump) / 1e6, 100.0 * window.total(dump) / wall,
						window.describeOthers());
			}
			System.out.printf(Locale.ROOT, "# load average after: %.2f%n", os.getSystemLoadAverage());
		}
	}

}
