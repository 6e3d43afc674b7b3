package io.github.stacktrace.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Measures what one hot-threads request costs, in this JVM, with N platform threads parked about 40 frames deep (and
 * optionally a few spinning): per request type at the defaults (500 ms window, 10 snapshots, 3 threads), the CPU time
 * of the requesting thread (all of the engine's own work runs on it: reading counters and {@code /proc}, ranking,
 * snapshots), the CPU time of the whole process during the request (so the JVM's work for it, such as the VM thread's
 * safepoints, is counted too) against an idle window of the same length, and the safepoints the JVM logged during the
 * request (run with {@code -Xlog:safepoint:file=PATH} and pass the same PATH). Then the cost of one snapshot: requests
 * with a 10 ms window and 1 against 100 snapshots, the difference divided by 99. And the first {@code cpu} request
 * of a new service, which reads the name of every task of the process (later ones read the new tasks' only).
 * <p>
 * {@code java -Xlog:safepoint:file=sp.log -cp benchmarks.jar io.github.stacktrace.benchmarks.HotThreadsBenchmark
 * --safepoint-log sp.log [--threads 2000] [--busy 0] [--requests 10] [--warmup 3]}
 */
public final class HotThreadsBenchmark {

	private static final Pattern SAFEPOINT = Pattern.compile("Safepoint \"([^\"]+)\"");

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private StackTraceCaptureService service = newService();

	private final Path safepointLog;

	private HotThreadsBenchmark(Path safepointLog) {
		this.safepointLog = safepointLog;
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		int threads = Integer.parseInt(options.getOrDefault("threads", "2000"));
		int busy = Integer.parseInt(options.getOrDefault("busy", "0"));
		int requests = Integer.parseInt(options.getOrDefault("requests", "10"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));
		Path log = Path.of(options.getOrDefault("safepoint-log", "safepoint.log"));
		if (!Files.exists(log)) {
			throw new IllegalArgumentException("no safepoint log at " + log + ": run with -Xlog:safepoint:file=" + log);
		}
		List<Thread> spinners = new ArrayList<>();
		try (ParkedThreads parked = ParkedThreads.start(threads, ParkedThreads.DEFAULT_RECURSION, "parked-")) {
			for (int i = 0; i < busy; i++) {
				Thread spinner = new Thread(HotThreadsBenchmark::spin, "busy-" + i);
				spinner.setDaemon(true);
				spinner.start();
				spinners.add(spinner);
			}
			System.out.printf(Locale.ROOT, "# %s %s, %d parked threads, %d busy, %d cpus, load average %.2f%n",
					System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), threads, busy,
					Runtime.getRuntime().availableProcessors(), OS.getSystemLoadAverage());
			new HotThreadsBenchmark(log).run(requests, warmup);
			System.out.printf(Locale.ROOT, "# load average after: %.2f%n", OS.getSystemLoadAverage());
		}
		finally {
			spinners.forEach(Thread::interrupt);
		}
	}

	private void run(int requests, int warmup) throws Exception {
		for (int i = 0; i < warmup; i++) {
			for (HotThreadsType type : HotThreadsType.values()) {
				measure(request(type, Duration.ofMillis(500), 10));
			}
		}
		System.out.println("# per request at the defaults (window 500 ms, 10 snapshots, 3 threads, ignore_idle)");
		System.out.println("# medians of " + requests + " requests each; safepoints: all logged during the " + requests
				+ " requests, by operation; pauses: the reports' safepoint_pauses summed");
		System.out.println("type  | request ms | requester cpu ms | requester cpu % of one core | process cpu ms"
				+ " (idle window of the same length) | safepoints logged | safepoint_pauses");
		for (HotThreadsType type : HotThreadsType.values()) {
			List<Sample> samples = new ArrayList<>();
			List<Long> idle = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				samples.add(measure(request(type, Duration.ofMillis(500), 10)));
				idle.add(idleProcessCpu(samples.get(samples.size() - 1).wallNanos()));
			}
			long wall = medianOf(samples.stream().map(Sample::wallNanos).toList());
			long requesterCpu = medianOf(samples.stream().map(Sample::requesterCpuNanos).toList());
			System.out.printf(Locale.ROOT, "%-5s | %10.1f | %16.2f | %26.2f%% | %14.1f (%.1f) | %s | %d%n",
					type.reportName(), wall / 1e6, requesterCpu / 1e6, 100.0 * requesterCpu / wall,
					medianOf(samples.stream().map(Sample::processCpuNanos).toList()) / 1e6, medianOf(idle) / 1e6,
					Sample.safepoints(samples), samples.stream().mapToInt(Sample::reportPauses).sum());
		}
		// A new service has not met the process's tasks yet: it reads the name of every one of them.
		List<Long> cold = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			this.service = newService();
			cold.add(measure(request(HotThreadsType.CPU, Duration.ofMillis(500), 10)).requesterCpuNanos());
		}
		System.out.printf(Locale.ROOT, "cpu, first request of a new service (every task's name read) | requester cpu"
				+ " %.2f ms (median)%n", medianOf(cold) / 1e6);
		System.out.println("# one snapshot of 3 shown threads: window 10 ms, ignore_idle=false, 1 against 100 snapshots");
		List<Sample> one = new ArrayList<>();
		List<Sample> hundred = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			one.add(measure(snapshotRequest(1)));
			hundred.add(measure(snapshotRequest(100)));
		}
		long a = medianOf(one.stream().map(Sample::requesterCpuNanos).toList());
		long b = medianOf(hundred.stream().map(Sample::requesterCpuNanos).toList());
		System.out.printf(Locale.ROOT, "snapshots=1   | requester cpu %.2f ms (median) | safepoints in %d requests %s%n",
				a / 1e6, requests, Sample.safepoints(one));
		System.out.printf(Locale.ROOT, "snapshots=100 | requester cpu %.2f ms (median) | safepoints in %d requests %s%n",
				b / 1e6, requests, Sample.safepoints(hundred));
		System.out.printf(Locale.ROOT, "per snapshot  | requester cpu %.1f us%n", (b - a) / 99.0 / 1e3);
	}

	private static StackTraceCaptureService newService() {
		return new StackTraceCaptureService(StackTraceSettings.DEFAULTS, CaptureListener.NONE);
	}

	private Sample measure(HotThreadsRequest request) throws Exception {
		long logOffset = Files.size(this.safepointLog);
		long process = OS.getProcessCpuTime();
		long cpu = THREADS.getCurrentThreadCpuTime();
		long started = System.nanoTime();
		HotThreadsReport report = this.service.hotThreads(request);
		long wall = System.nanoTime() - started;
		long requesterCpu = THREADS.getCurrentThreadCpuTime() - cpu;
		long processCpu = OS.getProcessCpuTime() - process;
		// Unified logging writes each line as it comes; a short wait lets the last one land.
		TimeUnit.MILLISECONDS.sleep(50);
		Map<String, Integer> safepoints = new TreeMap<>();
		Matcher matcher = SAFEPOINT.matcher(readFrom(this.safepointLog, logOffset));
		while (matcher.find()) {
			safepoints.merge(matcher.group(1), 1, Integer::sum);
		}
		return new Sample(wall, requesterCpu, processCpu, safepoints, report.safepointPauses());
	}

	private static long idleProcessCpu(long nanos) throws InterruptedException {
		long process = OS.getProcessCpuTime();
		TimeUnit.NANOSECONDS.sleep(nanos);
		return OS.getProcessCpuTime() - process;
	}

	private static HotThreadsRequest request(HotThreadsType type, Duration interval, int snapshots) {
		return new HotThreadsRequest(type, 3, interval, snapshots, true, DetailMode.FAST, ThreadFilter.NONE);
	}

	private static HotThreadsRequest snapshotRequest(int snapshots) {
		return new HotThreadsRequest(HotThreadsType.BLOCK, 3, Duration.ofMillis(10), snapshots, false, DetailMode.FAST,
				ThreadFilter.NONE);
	}

	private static long medianOf(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

	private static void spin() {
		long value = 17;
		while (!Thread.currentThread().isInterrupted()) {
			value = value * 31 + (value >>> 7);
		}
		if (value == 42) {
			System.out.println(value);
		}
	}

	/** One request as measured. */
	private record Sample(long wallNanos, long requesterCpuNanos, long processCpuNanos, Map<String, Integer> safepoints,
			int reportPauses) {

		static Map<String, Integer> safepoints(List<Sample> samples) {
			Map<String, Integer> all = new TreeMap<>();
			samples.forEach((sample) -> sample.safepoints().forEach((name, count) -> all.merge(name, count, Integer::sum)));
			return all;
		}

	}

}
