package io.github.stacktrace.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Whether the running JDK's thread dump survives virtual threads that mount and unmount while it is taken (Java
 * 21+): N virtual threads park for a few microseconds in a loop while this thread takes
 * {@code HotSpotDiagnosticMXBean#dumpThreads} (JSON) again and again for S seconds. A JDK with JDK-8364343 (Java
 * 25.0.3 among them) crashes with {@code SIGSEGV} in {@code stackChunkOopDesc::sender} or {@code vframeStream} under
 * {@code JVM_CreateThreadSnapshot}, usually within a second; a JDK without it prints how many dumps it took and
 * exits 0. This is the check to run before setting {@code stacktrace.virtual-threads.dump=always} on Java 25+.
 * <p>
 * {@code java -cp benchmarks.jar io.github.stacktrace.benchmarks.ThreadDumpCrashCheck --threads 1000 --seconds 30}
 */
public final class ThreadDumpCrashCheck {

	private ThreadDumpCrashCheck() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = BenchmarkSupport.options(args);
		int threads = Integer.parseInt(options.getOrDefault("threads", "1000"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
		if (Runtime.version().feature() < 21) {
			System.out.printf("java %s has no virtual threads (Java 21+): nothing to check%n", Runtime.version());
			System.exit(2);
		}
		AtomicBoolean stop = new AtomicBoolean();
		for (int i = 0; i < threads; i++) {
			BenchmarkSupport.startVirtualThread(() -> {
				while (!stop.get()) {
					LockSupport.parkNanos(10_000);
				}
			});
		}
		HotSpotDiagnosticMXBean diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		// Java 21 API, found at run time: this module compiles for Java 17.
		Method dumpThreads = HotSpotDiagnosticMXBean.class.getMethod("dumpThreads", String.class,
				Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat"));
		Object json = Arrays.stream(dumpThreads.getParameterTypes()[1].getEnumConstants())
			.filter((format) -> format.toString().equals("JSON"))
			.findFirst()
			.orElseThrow();
		Path directory = Files.createTempDirectory("thread-dump-check");
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		int dumps = 0;
		System.out.printf("java %s: %d virtual threads parking in a loop, dumping for %d s%n", Runtime.version(),
				threads, seconds);
		while (System.nanoTime() - end < 0) {
			Path file = directory.resolve("dump-" + dumps + ".json");
			dumpThreads.invoke(diagnostics, file.toString(), json);
			Files.delete(file);
			dumps++;
		}
		stop.set(true);
		Files.delete(directory);
		System.out.printf("survived: %d dumps%n", dumps);
	}

}
