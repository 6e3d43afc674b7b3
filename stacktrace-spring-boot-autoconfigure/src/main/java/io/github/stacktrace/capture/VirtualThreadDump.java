package io.github.stacktrace.capture;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.IllegalFormatException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.stacktrace.report.VirtualThreadsOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Takes the JDK's own thread dump ({@code HotSpotDiagnosticMXBean#dumpThreads}, JSON, Java 21 and later: the only
 * public source of the virtual threads) and reads it as a stream. The JDK writes the dump to a file: it goes into a
 * new temporary directory only its owner may read ({@link DumpDirectories}), deleted on every path, including a dump
 * that outlasts the requests, which deletes it itself when it ends. Before dumping it checks that the file system
 * has room for a dump ({@link DumpSpace}).
 * <p>
 * One dump at a time runs: a request that comes while a dump runs waits for it to end, within its budget, and then
 * reads the next dump, which it starts or shares with the other requests that waited. It never reads the dump that
 * was running when it came, which was taken before the request and may miss the threads it asks about; when its
 * budget runs out first it says so ({@code virtual_threads: timeout} with a notice) and starts nothing. So however
 * many requests time out, the JDK writes one dump at a time (each a few hundred MB with 50,000 virtual threads, and
 * each a chance to crash Java 25), and requests that wait together cost one dump.
 */
final class VirtualThreadDump {

	/** The least free space a dump needs, whatever the last one weighed. */
	static final long DEFAULT_MIN_FREE_BYTES = 256L * 1024 * 1024;

	private static final @Nullable MethodHandle IS_VIRTUAL = JdkThreadDumper.isVirtualHandle();

	private static final @Nullable Dumper JDK_DUMPER = JdkThreadDumper.create();

	private final Dumper dumper;

	private final DumpDirectories directories;

	private final DumpSpace space;

	private final Object lock = new Object();

	private @Nullable DumpFlight running;

	/**
	 * Creates a dump taker that reads the file system's free space.
	 * @param dumper writes the dump to a file that does not exist yet
	 * @param tempRoot where the private directories are created
	 * @param minFreeBytes the least usable space the file system must have
	 */
	VirtualThreadDump(Dumper dumper, Path tempRoot, long minFreeBytes) {
		this(dumper, new DumpDirectories(tempRoot), new DumpSpace(DumpSpace.FreeSpace.FILE_STORE, minFreeBytes));
	}

	/**
	 * Creates a dump taker.
	 * @param dumper writes the dump to a file that does not exist yet
	 * @param directories makes the private directories
	 * @param space tells whether there is room for a dump
	 */
	VirtualThreadDump(Dumper dumper, DumpDirectories directories, DumpSpace space) {
		this.dumper = dumper;
		this.directories = directories;
		this.space = space;
	}

	/**
	 * The JDK's dump into the system's temporary directory, or {@code null} before Java 21. There is one per JVM, so
	 * that one JDK dump at a time runs however many capturers there are; the first call sweeps the directories that
	 * ended JVMs left behind.
	 * @return the dump taker, or {@code null}
	 */
	static @Nullable VirtualThreadDump ofJdk() {
		return JdkDump.INSTANCE;
	}

	/**
	 * Whether this JDK has virtual threads and their dump.
	 * @return {@code true} on Java 21 and later
	 */
	static boolean isSupported() {
		return JDK_DUMPER != null;
	}

	/**
	 * Whether a thread is a virtual thread; always {@code false} before Java 21.
	 * @param thread the thread
	 * @return {@code true} for a virtual thread
	 */
	static boolean isVirtual(Thread thread) {
		if (IS_VIRTUAL == null) {
			return false;
		}
		try {
			return (boolean) IS_VIRTUAL.invokeExact(thread);
		}
		catch (Throwable ex) {
			return false;
		}
	}

	/**
	 * Reads a dump that starts no earlier than this call, within the deadline.
	 * @param deadlineNanos the {@link System#nanoTime()} by which the dump must be read
	 * @param sink receives every thread of the dump
	 * @return how it went, with a notice when it did not
	 * @throws InterruptedException if the calling thread is interrupted while it waits for the dump
	 */
	Result take(long deadlineNanos, ThreadDumpReader.Sink sink) throws InterruptedException {
		long arrivedNanos = System.nanoTime();
		DumpFlight flight;
		while (true) {
			DumpFlight earlier;
			synchronized (this.lock) {
				DumpFlight current = this.running;
				if (current == null) {
					Result refused = start();
					if (refused != null) {
						return refused;
					}
					current = Objects.requireNonNull(this.running);
				}
				if (current.startedNanos() - arrivedNanos >= 0) {
					current.hold();
					flight = current;
					break;
				}
				earlier = current;
			}
			if (earlier.awaitEnd(deadlineNanos) == null) {
				// The header keeps its meaning, the budget ran out before a dump was read; the notice says why.
				return new Result(VirtualThreadsOutcome.TIMEOUT, "virtual threads not captured: the JDK's thread dump"
						+ " another request started was still running when this request's budget ran out (one dump"
						+ " runs at a time, and a request reads none that started before it came)");
			}
		}
		try {
			DumpFlight.End end = flight.awaitEnd(deadlineNanos);
			if (end == null) {
				return new Result(VirtualThreadsOutcome.TIMEOUT,
						"virtual threads not captured: the JDK's thread dump did not finish within the request's budget");
			}
			if (end.failure() != null) {
				return failed(end.failure());
			}
			return read(flight.file(), deadlineNanos, sink);
		}
		finally {
			flight.release();
		}
	}

	/**
	 * How many requests wait for the running dump or read it.
	 * @return the count, {@code 0} when no dump runs
	 */
	int requestsOnRunningDump() {
		synchronized (this.lock) {
			return (this.running != null) ? this.running.requests() : 0;
		}
	}

	/**
	 * Starts a dump, called with the lock held and no dump running.
	 * @return {@code null} when the dump is {@link #running}, else why none could be started
	 */
	private @Nullable Result start() {
		Path directory;
		try {
			directory = this.directories.create();
		}
		catch (IOException | RuntimeException ex) {
			return new Result(VirtualThreadsOutcome.CAPTURE_ERROR,
					"virtual threads not captured: no private temporary directory for the thread dump: " + ex.getMessage());
		}
		try {
			String refusal = this.space.refusal(directory);
			if (refusal != null) {
				DumpDirectories.delete(directory);
				return new Result(VirtualThreadsOutcome.LOW_DISK_SPACE, "virtual threads not captured: " + refusal);
			}
		}
		catch (IOException | RuntimeException ex) {
			DumpDirectories.delete(directory);
			return new Result(VirtualThreadsOutcome.CAPTURE_ERROR,
					"virtual threads not captured: the free space for the thread dump is unknown: " + ex.getMessage());
		}
		DumpFlight flight = new DumpFlight(System.nanoTime(), directory);
		this.running = flight;
		if (!CaptureThreads.start(() -> dump(flight))) {
			this.running = null;
			flight.release();
			return new Result(VirtualThreadsOutcome.TIMEOUT,
					"virtual threads not captured: every capture thread is held by stalled captures");
		}
		return null;
	}

	/** Runs on a capture thread, so that a request can stop waiting on a dump that outlasts its budget. */
	private void dump(DumpFlight flight) {
		Path file = flight.file();
		DumpFlight.End end;
		try {
			this.dumper.dump(file);
			long bytes = Files.size(file);
			this.space.dumped(bytes);
			end = new DumpFlight.End(bytes, null);
		}
		catch (Throwable ex) {
			long reached = sizeOf(file);
			this.space.failed(reached);
			end = new DumpFlight.End(reached, ex);
		}
		synchronized (this.lock) {
			this.running = null;
		}
		flight.ended(end);
	}

	private static Result failed(Throwable failure) {
		String notice = "virtual threads not captured: the JDK's thread dump failed: " + failure;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IllegalFormatException) {
				notice += "; the JDK's JSON dump fails when a thread's name, or a class, method or source-file name on"
						+ " any thread's stack, holds a control character, and goes on failing while that thread or"
						+ " frame is there";
				break;
			}
		}
		return new Result(VirtualThreadsOutcome.CAPTURE_ERROR, notice);
	}

	private static long sizeOf(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private Result read(Path file, long deadlineNanos, ThreadDumpReader.Sink sink) {
		AtomicInteger read = new AtomicInteger();
		boolean[] late = new boolean[1];
		ThreadDumpReader.Sink bounded = (thread) -> {
			// The clock is read once per 1,024 threads: a dump of 100,000 is read in a second or two.
			if ((read.incrementAndGet() & 1023) == 0 && System.nanoTime() - deadlineNanos >= 0) {
				late[0] = true;
				return false;
			}
			return sink.accept(thread);
		};
		try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
			new ThreadDumpReader().read(in, bounded);
		}
		catch (IOException | RuntimeException ex) {
			return new Result(VirtualThreadsOutcome.CAPTURE_ERROR,
					"virtual threads not all captured: the JDK's thread dump could not be read: " + ex.getMessage());
		}
		if (late[0]) {
			return new Result(VirtualThreadsOutcome.TIMEOUT, "virtual threads not all captured: the request's budget"
					+ " ran out after " + (read.get() - 1) + " threads of the JDK's thread dump");
		}
		return new Result(VirtualThreadsOutcome.INCLUDED, null);
	}

	/** Writes a thread dump, as JSON, to a file that does not exist yet. */
	@FunctionalInterface
	interface Dumper {

		void dump(Path file) throws Exception;

	}

	/**
	 * How a dump went.
	 *
	 * @param outcome the outcome
	 * @param notice what the report should say about it, or {@code null} when all went well
	 */
	record Result(VirtualThreadsOutcome outcome, @Nullable String notice) {

	}

	/** The JDK's dump, made when first asked for. */
	private static final class JdkDump {

		static final @Nullable VirtualThreadDump INSTANCE = create();

		private static @Nullable VirtualThreadDump create() {
			Dumper dumper = JDK_DUMPER;
			if (dumper == null) {
				return null;
			}
			DumpDirectories directories = new DumpDirectories(Paths.get(System.getProperty("java.io.tmpdir")));
			int swept = directories.sweepStale(Instant.now());
			if (swept > 0) {
				System.getLogger(VirtualThreadDump.class.getName())
					.log(System.Logger.Level.INFO, "Deleted " + swept + " thread dump directories that ended JVMs left in "
							+ System.getProperty("java.io.tmpdir"));
			}
			return new VirtualThreadDump(dumper, directories,
					new DumpSpace(DumpSpace.FreeSpace.FILE_STORE, DEFAULT_MIN_FREE_BYTES));
		}

	}

}
