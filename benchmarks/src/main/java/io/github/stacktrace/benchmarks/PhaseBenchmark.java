package io.github.stacktrace.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JDK calls a request is made of, each alone, with {@code threads} parked threads: to tell the engine's own cost
 * from the JVM's and to find where a selected-thread request spends its time. {@code enumerate} and
 * {@code enumerateIntoMap} repeat what the engine's {@code ThreadDirectory} does; {@code startAndJoinThread} is the
 * capture thread each request starts; the {@code dumpAllThreads} pair is what Boot's {@code threaddump} and a plain
 * bulk dump cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PhaseBenchmark {

	@Param({ "1000", "5000" })
	public int threads;

	private final ThreadMXBean threadMXBean = ManagementFactory.getThreadMXBean();

	private ParkedThreads parked;

	private Thread one;

	private Thread[] all;

	private long[] ids;

	@Setup(Level.Trial)
	@SuppressWarnings("deprecation") // Thread#getId: Thread#threadId does not exist on Java 17
	public void setUp() throws InterruptedException {
		this.parked = ParkedThreads.start(this.threads, ParkedThreads.DEFAULT_RECURSION, "parked-");
		this.one = this.parked.threads().get(this.threads / 2);
		this.all = this.parked.threads().toArray(new Thread[0]);
		this.ids = Arrays.stream(this.all).mapToLong(Thread::getId).toArray();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.parked.close();
	}

	/** Thread-group enumeration of every live thread, as the engine lists threads. */
	@Benchmark
	public Thread[] enumerate() {
		return enumerateAll();
	}

	/** Enumeration plus the id-to-thread map the engine builds for every request, selective or not. */
	@Benchmark
	@SuppressWarnings("deprecation")
	public Map<Long, Thread> enumerateIntoMap() {
		Thread[] threads = enumerateAll();
		Map<Long, Thread> byId = new HashMap<>(threads.length * 2);
		for (Thread thread : threads) {
			byId.put(thread.getId(), thread);
		}
		return byId;
	}

	/** Starting and joining one short-lived thread: what each per-thread request pays for its capture thread. */
	@Benchmark
	public Thread startAndJoinThread() throws InterruptedException {
		Thread thread = new Thread(() -> {
		}, "probe");
		thread.setDaemon(true);
		thread.start();
		thread.join();
		return thread;
	}

	/** One parked thread's stack: a handshake on Java 21+, a safepoint before. */
	@Benchmark
	public StackTraceElement[] oneGetStackTrace() {
		return this.one.getStackTrace();
	}

	/** Every parked thread's stack, one call each. */
	@Benchmark
	public int allGetStackTrace() {
		int frames = 0;
		for (Thread thread : this.all) {
			frames += thread.getStackTrace().length;
		}
		return frames;
	}

	/** One bulk call for every parked thread, no lock information: the engine's Java 17 method. */
	@Benchmark
	public ThreadInfo[] bulkGetThreadInfo() {
		return this.threadMXBean.getThreadInfo(this.ids, false, false, Integer.MAX_VALUE);
	}

	/** One bulk call for one thread. */
	@Benchmark
	public ThreadInfo[] oneGetThreadInfo() {
		return this.threadMXBean.getThreadInfo(new long[] { this.ids[this.threads / 2] }, false, false,
				Integer.MAX_VALUE);
	}

	/** Every live thread without lock information, found by the JVM rather than by id. */
	@Benchmark
	public ThreadInfo[] dumpAllThreadsNoLocks() {
		return this.threadMXBean.dumpAllThreads(false, false);
	}

	/** What Boot's threaddump takes: every thread with locked monitors and ownable synchronizers (a heap walk). */
	@Benchmark
	public ThreadInfo[] dumpAllThreadsWithLocks() {
		return this.threadMXBean.dumpAllThreads(true, true);
	}

	private static Thread[] enumerateAll() {
		ThreadGroup root = Thread.currentThread().getThreadGroup();
		while (root.getParent() != null) {
			root = root.getParent();
		}
		Thread[] threads = new Thread[root.activeCount() + 32];
		int count = root.enumerate(threads, true);
		return Arrays.copyOf(threads, count);
	}

}
