package io.github.stacktrace.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark-only endpoints of {@link BenchmarkApplication}: the application's own work, the JVM's floor for walking
 * every stack, our capture called in-process, a loopback transfer of N bytes, and allocation and heap readings. Each
 * answers {@code key: value} lines.
 */
@RestController
class BenchmarkController {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private static final byte[] LINE = "bench-bytes 0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijkl\n"
		.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private final StackTraceCaptureService service;

	private final long workNanos;

	private Map<Long, Long> allocatedAtReset = Map.of();

	BenchmarkController(StackTraceCaptureService service, @Value("${bench.work-micros:1000}") long workMicros) {
		this.service = service;
		this.workNanos = workMicros * 1000;
	}

	/**
	 * The application's request: about {@code bench.work-micros} of CPU work.
	 */
	@GetMapping("/bench/work")
	String work() {
		long end = System.nanoTime() + this.workNanos;
		long x = 17;
		while (System.nanoTime() < end) {
			for (int i = 0; i < 256; i++) {
				x = x * 6364136223846793005L + 1442695040888963407L;
			}
		}
		return "ok " + (x & 0xff) + "\n";
	}

	/**
	 * The JVM's own cost of walking every thread's stack, in this JVM now: {@code Thread#getStackTrace} of every
	 * thread on Java 21+ (a handshake each), one {@code getThreadInfo} of every id on Java 17-20 (one safepoint), or,
	 * with {@code chunk}, one {@code getThreadInfo} per that many ids (one safepoint each, as a chunked capture takes).
	 */
	@GetMapping("/bench/floor")
	String floor(@RequestParam(defaultValue = "0") int chunk) {
		boolean perThread = Runtime.version().feature() >= 21;
		long started = System.nanoTime();
		int frames = 0;
		int threads;
		if (perThread) {
			Thread[] all = allThreads();
			threads = all.length;
			for (Thread thread : all) {
				frames += thread.getStackTrace().length;
			}
		}
		else {
			long[] ids = THREADS.getAllThreadIds();
			threads = ids.length;
			int size = (chunk > 0) ? chunk : ids.length;
			for (int from = 0; from < ids.length; from += size) {
				long[] part = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + size));
				for (ThreadInfo info : THREADS.getThreadInfo(part, false, false)) {
					frames += (info != null) ? info.getStackTrace().length : 0;
				}
			}
		}
		long nanos = System.nanoTime() - started;
		String method = perThread ? "thread_get_stack_trace"
				: (chunk > 0) ? "get_thread_info_chunks_of_" + chunk : "get_thread_info_all_ids";
		return String.format(Locale.ROOT, "floor_ns: %d%nfloor_method: %s%nthreads: %d%nframes: %d%n", nanos, method,
				threads, frames);
	}

	/**
	 * Our capture (no rendering, no HTTP), called in-process.
	 */
	@GetMapping("/bench/capture")
	String capture(@RequestParam(defaultValue = "FAST") String mode) {
		StackTraceRequest request = new StackTraceRequest(null, DetailMode.valueOf(mode.toUpperCase(Locale.ROOT)),
				Duration.ofMillis(100), false);
		long started = System.nanoTime();
		int threads = this.service.capture(request).threads().size();
		long nanos = System.nanoTime() - started;
		return String.format(Locale.ROOT, "capture_ns: %d%nthreads: %d%n", nanos, threads);
	}

	/**
	 * {@code n} bytes of text, streamed: what sending that much costs over loopback, without any capture.
	 */
	@GetMapping("/bench/bytes")
	void bytes(@RequestParam long n, HttpServletResponse response) throws IOException {
		response.setContentType("text/plain;charset=UTF-8");
		byte[] block = new byte[LINE.length * 200];
		for (int i = 0; i < 200; i++) {
			System.arraycopy(LINE, 0, block, i * LINE.length, LINE.length);
		}
		try (OutputStream out = response.getOutputStream()) {
			for (long left = n; left > 0; left -= block.length) {
				out.write(block, 0, (int) Math.min(block.length, left));
			}
		}
	}

	/**
	 * Bytes allocated by the threads alive now since the last reset (a thread started since counts all it allocated),
	 * and the heap pools' peak use since the last reset; {@code reset=true} collects garbage, resets the peaks and the
	 * allocation baseline, and answers the heap's use after the collection.
	 */
	@GetMapping("/bench/memory")
	synchronized String memory(@RequestParam(defaultValue = "false") boolean reset) {
		List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP).toList();
		if (reset) {
			System.gc();
			heap.forEach(MemoryPoolMXBean::resetPeakUsage);
		}
		long[] ids = THREADS.getAllThreadIds();
		long[] bytes = THREADS.getThreadAllocatedBytes(ids);
		long allocated = 0;
		Map<Long, Long> now = new HashMap<>();
		for (int i = 0; i < ids.length; i++) {
			if (bytes[i] >= 0) {
				now.put(ids[i], bytes[i]);
				allocated += bytes[i] - this.allocatedAtReset.getOrDefault(ids[i], 0L);
			}
		}
		if (reset) {
			this.allocatedAtReset = now;
			allocated = 0;
		}
		long peak = heap.stream().mapToLong((pool) -> pool.getPeakUsage().getUsed()).sum();
		long used = heap.stream().mapToLong((pool) -> pool.getUsage().getUsed()).sum();
		return String.format(Locale.ROOT, "allocated_bytes: %d%npeak_heap_bytes: %d%nheap_used_bytes: %d%n", allocated,
				peak, used);
	}

	private static Thread[] allThreads() {
		ThreadGroup root = Thread.currentThread().getThreadGroup();
		while (root.getParent() != null) {
			root = root.getParent();
		}
		Thread[] threads = new Thread[THREADS.getThreadCount() + 64];
		int count;
		while ((count = root.enumerate(threads, true)) == threads.length) {
			threads = new Thread[threads.length * 2];
		}
		return Arrays.copyOf(threads, count);
	}

}
