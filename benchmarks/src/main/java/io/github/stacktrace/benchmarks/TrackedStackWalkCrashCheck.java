package io.github.stacktrace.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.VirtualThreadDumpPolicy;
import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RequestContextSlot;
import io.github.stacktrace.report.CaptureSummary;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.VirtualThreadSelection;

/**
 * Whether the path that captures tracked virtual threads with the JDK's dump turned off survives virtual threads that
 * mount and unmount while their stacks are taken ({@link ThreadDumpCrashCheck} is the same check for the dump): N
 * virtual threads, each recorded as serving a request, park for a few microseconds or yield in a loop 20 frames deep,
 * while this thread takes full captures of them ({@code virtual=only}) through the capture service, as the endpoint
 * does, until W stack walks are done. Prints how many walks each outcome had and exits 0; a JVM that crashes leaves an
 * {@code hs_err} file instead.
 * <p>
 * {@code java -cp benchmarks.jar io.github.stacktrace.benchmarks.TrackedStackWalkCrashCheck --threads 1000 --walks
 * 1000000}
 */
public final class TrackedStackWalkCrashCheck {

	private static final int DEPTH = 20;

	private TrackedStackWalkCrashCheck() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = BenchmarkSupport.options(args);
		int threads = Integer.parseInt(options.getOrDefault("threads", "1000"));
		long walks = Long.parseLong(options.getOrDefault("walks", "1000000"));
		if (Runtime.version().feature() < 21) {
			System.out.printf("java %s has no virtual threads (Java 21+): nothing to check%n", Runtime.version());
			System.exit(2);
		}
		RequestContextRegistry registry = new RequestContextRegistry();
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch serving = new CountDownLatch(threads);
		Thread[] started = new Thread[threads];
		for (int i = 0; i < threads; i++) {
			started[i] = BenchmarkSupport.startVirtualThread(() -> {
				RequestContextSlot slot = registry.slot();
				slot.begin("GET", System.nanoTime(), "/held", null);
				serving.countDown();
				try {
					churn(DEPTH, stop);
				}
				finally {
					slot.end();
				}
			});
		}
		serving.await();
		StackTraceCaptureService service = new StackTraceCaptureService(new StackTraceSettings(Duration.ofSeconds(30),
				8, StackTraceSettings.DEFAULT_MAX_PAUSE, VirtualThreadDumpPolicy.NEVER), CaptureListener.NONE, registry);
		StackTraceRequest request = new StackTraceRequest(null, DetailMode.FAST, Duration.ofMillis(100), false,
				ThreadFilter.NONE, VirtualThreadSelection.ONLY);
		System.out.printf("java %s: %d tracked virtual threads parking and yielding %d frames deep, %d walks%n",
				Runtime.version(), threads, DEPTH, walks);
		long begin = System.nanoTime();
		long done = 0;
		long captured = 0;
		long timedOut = 0;
		long exited = 0;
		long errors = 0;
		int captures = 0;
		while (done < walks) {
			StackTraceReport report = service.capture(request);
			CaptureSummary summary = report.summary();
			captured += summary.captured();
			timedOut += summary.timedOut();
			exited += summary.exited();
			errors += summary.errors();
			done += report.threads().size();
			captures++;
		}
		long nanos = System.nanoTime() - begin;
		stop.set(true);
		for (Thread thread : started) {
			thread.join(TimeUnit.SECONDS.toMillis(30));
		}
		System.out.printf("survived: %d walks in %d captures, %.1f s, %.1f us a walk; captured=%d timed_out=%d"
				+ " exited=%d errors=%d%n", done, captures, nanos / 1e9, nanos / 1e3 / Math.max(1, done), captured,
				timedOut, exited, errors);
	}

	private static void churn(int depth, AtomicBoolean stop) {
		if (depth > 0) {
			churn(depth - 1, stop);
			return;
		}
		long turns = 0;
		while (!stop.get()) {
			if ((turns++ & 1) == 0) {
				LockSupport.parkNanos(10_000);
			}
			else {
				Thread.yield();
			}
		}
	}

}
