package io.github.stacktrace.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static io.github.stacktrace.benchmarks.BenchmarkSupport.options;

/**
 * What a chunked capture costs the JVM, and what handing each chunk to another thread adds, with nothing of the
 * starter involved. In this JVM, {@code --threads} parked threads; then, per round, {@code getThreadInfo} over every
 * id:
 * <ul>
 * <li>{@code one_call}: in one call (one safepoint);</li>
 * <li>{@code chunks_direct}: in chunks of {@code --chunk} ids, called one after another by this thread;</li>
 * <li>{@code chunks_hand_over_each}: the same chunks, each handed to a pool thread whose answer this thread waits
 * for (how the starter took chunks until it took them all on one capture thread);</li>
 * <li>{@code chunks_one_hand_over}: the same chunks, all called by one pool thread while this thread waits for the
 * end.</li>
 * </ul>
 * Prints the median of each over the rounds after the warm-up ones. {@code --ways} picks some of them, e.g. to read
 * the pauses of the chunks alone from {@code -Xlog:safepoint}.
 * <p>
 * {@code java -cp benchmarks.jar io.github.stacktrace.benchmarks.ChunkHandOverProbe [--threads 10000] [--chunk 16]
 * [--recursion 20] [--warmup 2] [--rounds 5] [--ways one_call,chunks_direct,chunks_hand_over_each,chunks_one_hand_over]}
 */
public final class ChunkHandOverProbe {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final String[] WAYS = { "one_call", "chunks_direct", "chunks_hand_over_each",
			"chunks_one_hand_over" };

	private ChunkHandOverProbe() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		int count = Integer.parseInt(options.getOrDefault("threads", "10000"));
		int chunk = Integer.parseInt(options.getOrDefault("chunk", "16"));
		int recursion = Integer.parseInt(options.getOrDefault("recursion", "20"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "2"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
		List<String> ways = List.of(options.getOrDefault("ways", String.join(",", WAYS)).split(","));
		ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 4, 2, TimeUnit.SECONDS, new SynchronousQueue<>());
		try (ParkedThreads parked = ParkedThreads.start(count, recursion, "probe-")) {
			long[] ids = THREADS.getAllThreadIds();
			Step[] steps = { () -> THREADS.getThreadInfo(ids, false, false), () -> chunks(ids, chunk),
					() -> chunksHandedOverEach(ids, chunk, pool), () -> pool.submit(() -> chunks(ids, chunk)).get() };
			double[][] millis = new double[WAYS.length][rounds];
			for (int round = 0; round < warmup + rounds; round++) {
				for (int i = 0; i < WAYS.length; i++) {
					if (ways.contains(WAYS[i])) {
						double time = timed(steps[i]);
						if (round >= warmup) {
							millis[i][round - warmup] = time;
						}
					}
				}
			}
			System.out.printf(Locale.ROOT, "%s; %d live threads, chunks of %d (%d calls); medians of %d rounds after %d"
					+ " warm-up, ms:%n", System.getProperty("java.vm.version"), ids.length, chunk,
					(ids.length + chunk - 1) / chunk, rounds, warmup);
			for (int i = 0; i < WAYS.length; i++) {
				if (!ways.contains(WAYS[i])) {
					continue;
				}
				System.out.printf(Locale.ROOT, "%-22s %9.1f   (%s)%n", WAYS[i], BenchmarkSupport.median(millis[i]),
						Arrays.toString(Arrays.stream(millis[i]).mapToLong(Math::round).toArray()));
			}
		}
		finally {
			pool.shutdown();
		}
	}

	private static Object chunks(long[] ids, int chunk) {
		for (int from = 0; from < ids.length; from += chunk) {
			THREADS.getThreadInfo(Arrays.copyOfRange(ids, from, Math.min(ids.length, from + chunk)), false, false);
		}
		return null;
	}

	private static Object chunksHandedOverEach(long[] ids, int chunk, ThreadPoolExecutor pool) throws Exception {
		for (int from = 0; from < ids.length; from += chunk) {
			long[] part = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + chunk));
			CompletableFuture<Object> answer = new CompletableFuture<>();
			pool.execute(() -> answer.complete(THREADS.getThreadInfo(part, false, false)));
			answer.get(1, TimeUnit.MINUTES);
		}
		return null;
	}

	private static double timed(Step step) throws Exception {
		long started = System.nanoTime();
		step.run();
		return (System.nanoTime() - started) / 1e6;
	}

	@FunctionalInterface
	private interface Step {

		Object run() throws Exception;

	}

}
