package io.github.stacktrace.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RequestContextSlot;
import io.github.stacktrace.hot.HotThreadsSampler;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.ThreadFilter;

/**
 * What sampling the tracked virtual threads adds to a {@code wait} hot-threads request: N virtual threads, each
 * recorded as serving a request and parked 20 frames deep, and requests at the defaults (500 ms window, 10 snapshots,
 * 3 threads) through the sampler; per request the requesting thread's CPU time and allocated bytes (the state reads,
 * the ranking and the stacks all run on it), medians. Run once per N and compare with {@code --threads 0}.
 * <p>
 * {@code java -cp benchmarks.jar io.github.stacktrace.benchmarks.HotVirtualThreadsBenchmark --threads 10000
 * [--requests 10] [--warmup 3]}
 */
public final class HotVirtualThreadsBenchmark {

	private static final int DEPTH = 20;

	private HotVirtualThreadsBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = BenchmarkSupport.options(args);
		int threads = Integer.parseInt(options.getOrDefault("threads", "10000"));
		int requests = Integer.parseInt(options.getOrDefault("requests", "10"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));
		if (Runtime.version().feature() < 21) {
			System.out.printf("java %s has no virtual threads (Java 21+): nothing to measure%n", Runtime.version());
			System.exit(2);
		}
		RequestContextRegistry registry = new RequestContextRegistry();
		CountDownLatch serving = new CountDownLatch(threads);
		CountDownLatch release = new CountDownLatch(1);
		for (int i = 0; i < threads; i++) {
			BenchmarkSupport.startVirtualThread(() -> {
				RequestContextSlot slot = registry.slot();
				slot.begin("GET", System.nanoTime(), "/held", null);
				serving.countDown();
				try {
					parkDeep(DEPTH, release);
				}
				finally {
					slot.end();
				}
			});
		}
		serving.await();
		com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		HotThreadsSampler sampler = new HotThreadsSampler(registry);
		HotThreadsRequest request = new HotThreadsRequest(HotThreadsType.WAIT, 3, Duration.ofMillis(500), 10, true,
				DetailMode.FAST, ThreadFilter.NONE);
		long[] cpu = new long[requests];
		long[] bytes = new long[requests];
		long[] wall = new long[requests];
		int shown = 0;
		int sampled = 0;
		for (int i = -warmup; i < requests; i++) {
			long cpuBefore = mx.getCurrentThreadCpuTime();
			long bytesBefore = mx.getCurrentThreadAllocatedBytes();
			long started = System.nanoTime();
			HotThreadsReport report = sampler.sample(request, started, started + Duration.ofSeconds(30).toNanos());
			if (i >= 0) {
				wall[i] = System.nanoTime() - started;
				cpu[i] = mx.getCurrentThreadCpuTime() - cpuBefore;
				bytes[i] = mx.getCurrentThreadAllocatedBytes() - bytesBefore;
				shown = report.sampledThreads().size();
				sampled = (report.virtualSampling() != null) ? report.virtualSampling().trackedThreads() : 0;
			}
		}
		release.countDown();
		System.out.printf(Locale.ROOT, "# %s %s, %d tracked virtual threads parked %d frames deep, %d cpus%n",
				System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), threads, DEPTH,
				Runtime.getRuntime().availableProcessors());
		System.out.printf(Locale.ROOT, "wait, window 500 ms, 10 snapshots, 3 threads | request %.1f ms | requester cpu"
				+ " %.2f ms | requester allocated %.1f MB | sampled %d, shown %d (medians of %d)%n", median(wall) / 1e6,
				median(cpu) / 1e6, median(bytes) / 1e6, sampled, shown, requests);
	}

	private static void parkDeep(int depth, CountDownLatch release) {
		if (depth > 0) {
			parkDeep(depth - 1, release);
			return;
		}
		try {
			release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static long median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
