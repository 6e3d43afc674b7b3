package io.github.stacktrace.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.VirtualThreadDumpPolicy;
import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.ReportText;
import io.github.stacktrace.render.TextReportRenderer;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.VirtualThreadSelection;

/**
 * Virtual threads (Java 21+): N virtual threads parked about 20 frames deep; in the same JVM, the JDK's own
 * {@code HotSpotDiagnosticMXBean#dumpThreads} (JSON) alone against a whole request of the engine (capture through
 * that dump, then the text report written out, grouped or full). Prints the median time per round, the output sizes,
 * the bytes the request thread allocates, and the heap the report retains.
 * <p>
 * {@code java -Xmx2g -cp benchmarks.jar io.github.stacktrace.benchmarks.VirtualThreadBenchmark --threads 10000
 * --rounds 5}; {@code --full 0} leaves out the full text, to run grouped requests alone under a tight {@code -Xmx}
 * (the heap used with the threads parked plus the extra allowed) and so bound their peak extra heap.
 */
public final class VirtualThreadBenchmark {

	private static final int RECURSION = 14;

	private VirtualThreadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int count = intOption(args, "--threads", 10_000);
		int rounds = intOption(args, "--rounds", 5);
		// --full 0 skips the full text: what is left is what a grouped request needs, for runs under a tight -Xmx.
		boolean withFull = intOption(args, "--full", 1) != 0;
		CountDownLatch parked = new CountDownLatch(count);
		CountDownLatch release = new CountDownLatch(1);
		for (int i = 0; i < count; i++) {
			BenchmarkSupport.startVirtualThread(() -> descend(RECURSION, parked, release));
		}
		parked.await();
		// The threads are parked before the dump and stay parked: none mounts or unmounts while the JDK dumps, so
		// Java 25's dump (off by default there, see VirtualThreadDumpPolicy) is safe to take here.
		StackTraceCaptureService service = new StackTraceCaptureService(new StackTraceSettings(Duration.ofMinutes(5), 8,
				StackTraceSettings.DEFAULT_MAX_PAUSE, VirtualThreadDumpPolicy.ALWAYS), CaptureListener.NONE);
		StackTraceRequest request = new StackTraceRequest(null, DetailMode.FAST, Duration.ofMillis(100), false,
				ThreadFilter.NONE, VirtualThreadSelection.INCLUDE);
		TextReportRenderer renderer = new TextReportRenderer(new FrameRenderCache(1024, 4_000_000));
		StackTraceReport probe = service.capture(request);
		System.out.printf("java %s, %d virtual threads parked, report thread_count %d, virtual %d, stack of one: %d frames%n",
				Runtime.version(), count, probe.threadCount(), probe.summary().virtual(), probe.threads()
					.stream()
					.filter((thread) -> thread.isVirtual())
					.findFirst()
					.map((thread) -> thread.frames().size())
					.orElse(0));
		probe = null;
		HotSpotDiagnosticMXBean diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		Method dumpThreads = HotSpotDiagnosticMXBean.class.getMethod("dumpThreads", String.class,
				Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat"));
		Object json = Arrays.stream(dumpThreads.getParameterTypes()[1].getEnumConstants())
			.filter((constant) -> ((Enum<?>) constant).name().equals("JSON"))
			.findFirst()
			.orElseThrow();
		List<Long> jdk = new ArrayList<>();
		List<Long> grouped = new ArrayList<>();
		List<Long> full = new ArrayList<>();
		long jdkBytes = 0;
		long groupedBytes = 0;
		long fullBytes = 0;
		long groupedAllocated = 0;
		// Warm-up round first, then the measured ones, interleaved so that load on the machine hits all three alike.
		for (int round = -1; round < rounds; round++) {
			Path directory = Files.createTempDirectory("vt-bench-");
			Path file = directory.resolve("threads.json");
			long started = System.nanoTime();
			dumpThreads.invoke(diagnostics, file.toString(), json);
			long jdkNanos = System.nanoTime() - started;
			jdkBytes = Files.size(file);
			Files.delete(file);
			Files.delete(directory);
			long allocatedBefore = allocated();
			started = System.nanoTime();
			groupedBytes = write(renderer.render(service.capture(request), true));
			long groupedNanos = System.nanoTime() - started;
			long allocatedGrouped = allocated() - allocatedBefore;
			long fullNanos = 0;
			if (withFull) {
				started = System.nanoTime();
				fullBytes = write(renderer.render(service.capture(request), false));
				fullNanos = System.nanoTime() - started;
			}
			if (round >= 0) {
				jdk.add(jdkNanos);
				grouped.add(groupedNanos);
				full.add(fullNanos);
				groupedAllocated = allocatedGrouped;
			}
		}
		long retained = retainedBy(() -> service.capture(request));
		System.out.printf("jdk dumpThreads alone          median %7.1f ms  file %,d bytes%n", median(jdk), jdkBytes);
		System.out.printf("request, text, group=true      median %7.1f ms  (%.2fx the JDK's dump)  response %,d bytes%n",
				median(grouped), median(grouped) / median(jdk), groupedBytes);
		if (withFull) {
			System.out.printf("request, text, full            median %7.1f ms  (%.2fx the JDK's dump)  response %,d bytes%n",
					median(full), median(full) / median(jdk), fullBytes);
		}
		System.out.printf("request thread allocated, group=true: %,d bytes; heap retained by one report: %,d bytes%n",
				groupedAllocated, retained);
		release.countDown();
	}

	private static void descend(int depth, CountDownLatch parked, CountDownLatch release) {
		if (depth > 0) {
			descend(depth - 1, parked, release);
			return;
		}
		parked.countDown();
		try {
			release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static long write(ReportText text) throws IOException {
		CountingStream out = new CountingStream();
		try (var in = text.openUtf8Stream()) {
			in.transferTo(out);
		}
		return out.count;
	}

	private static long allocated() {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
			.getThreadAllocatedBytes(Thread.currentThread().getId());
	}

	private static long retainedBy(ReportSupplier capture) throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		System.gc();
		TimeUnit.MILLISECONDS.sleep(200);
		long before = memory.getHeapMemoryUsage().getUsed();
		System.out.printf("heap used after a GC, threads parked, no report: %,d bytes (max heap %,d)%n", before,
				memory.getHeapMemoryUsage().getMax());
		StackTraceReport report = capture.get();
		System.gc();
		TimeUnit.MILLISECONDS.sleep(200);
		long after = memory.getHeapMemoryUsage().getUsed();
		if (report.threadCount() < 0) {
			throw new IllegalStateException();
		}
		return after - before;
	}

	private static double median(List<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		sorted.sort(null);
		int middle = sorted.size() / 2;
		double value = (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
		return value / 1_000_000.0;
	}

	private static int intOption(String[] args, String name, int fallback) {
		for (int i = 0; i < args.length - 1; i++) {
			if (args[i].equals(name)) {
				return Integer.parseInt(args[i + 1]);
			}
		}
		return fallback;
	}

	@FunctionalInterface
	private interface ReportSupplier {

		StackTraceReport get();

	}

	private static final class CountingStream extends OutputStream {

		private long count;

		@Override
		public void write(int b) {
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.count += len;
		}

	}

}
