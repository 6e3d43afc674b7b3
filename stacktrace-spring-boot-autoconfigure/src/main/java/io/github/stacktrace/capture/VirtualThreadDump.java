package io.github.stacktrace.capture;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.github.stacktrace.report.VirtualThreadsOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Takes the JDK's own thread dump ({@code HotSpotDiagnosticMXBean#dumpThreads}, JSON, Java 21 and later: the only
 * public source of the virtual threads) and reads it as a stream. The JDK writes the dump to a file: it goes into a
 * new temporary directory only its owner may read, and the file and the directory are deleted on every path,
 * including a dump that outlasts the request, which deletes them itself when it ends. Before dumping it checks that
 * the file system has room for a dump; the JDK writes about 2 KB per thread.
 */
final class VirtualThreadDump {

	/** The least free space a dump needs, whatever the last one weighed. */
	static final long DEFAULT_MIN_FREE_BYTES = 256L * 1024 * 1024;

	private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

	private static final @Nullable Dumper JDK_DUMPER = jdkDumper();

	private final Dumper dumper;

	private final Path tempRoot;

	private final long minFreeBytes;

	// Twice the last dump's size is asked for: the next one is usually about as large.
	private volatile long lastDumpBytes;

	/**
	 * Creates a dump taker.
	 * @param dumper writes the dump to a file that does not exist yet
	 * @param tempRoot where the private directories are created
	 * @param minFreeBytes the least usable space the file system must have
	 */
	VirtualThreadDump(Dumper dumper, Path tempRoot, long minFreeBytes) {
		this.dumper = dumper;
		this.tempRoot = tempRoot;
		this.minFreeBytes = minFreeBytes;
	}

	/**
	 * The JDK's dump into the system's temporary directory, or {@code null} before Java 21.
	 * @return the dump taker, or {@code null}
	 */
	static @Nullable VirtualThreadDump ofJdk() {
		Dumper dumper = JDK_DUMPER;
		return (dumper != null)
				? new VirtualThreadDump(dumper, Paths.get(System.getProperty("java.io.tmpdir")), DEFAULT_MIN_FREE_BYTES)
				: null;
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
	 * Dumps the threads and reads the dump, within the deadline.
	 * @param deadlineNanos the {@link System#nanoTime()} by which the dump must be read
	 * @param sink receives every thread of the dump
	 * @return how it went, with a notice when it did not
	 * @throws InterruptedException if the calling thread is interrupted while it waits for the dump
	 */
	Result take(long deadlineNanos, ThreadDumpReader.Sink sink) throws InterruptedException {
		Path directory;
		try {
			directory = createPrivateDirectory();
		}
		catch (IOException | RuntimeException ex) {
			return new Result(VirtualThreadsOutcome.CAPTURE_ERROR,
					"virtual threads not captured: no private temporary directory for the thread dump: " + ex.getMessage());
		}
		Handoff handoff = new Handoff();
		boolean dumpStarted = false;
		try {
			long usable = Files.getFileStore(directory).getUsableSpace();
			long needed = Math.max(this.minFreeBytes, 2 * this.lastDumpBytes);
			if (usable < needed) {
				handoff.noDump();
				return new Result(VirtualThreadsOutcome.LOW_DISK_SPACE, "virtual threads not captured: "
						+ megabytes(usable) + " MB free for the JDK's thread dump, " + megabytes(needed) + " MB needed");
			}
			Path file = directory.resolve("threads.json");
			dumpStarted = true;
			CaptureThreads.Call<Long> call = CaptureThreads.call("thread dump", () -> {
				try {
					this.dumper.dump(file);
					return Files.size(file);
				}
				finally {
					if (!handoff.dumpEnded()) {
						// The request gave up on this dump: nobody else will delete it.
						delete(directory);
					}
				}
			}, deadlineNanos - System.nanoTime());
			switch (call.outcome()) {
				case NO_CAPTURE_THREAD -> {
					handoff.noDump();
					return new Result(VirtualThreadsOutcome.TIMEOUT,
							"virtual threads not captured: every capture thread is held by stalled captures");
				}
				case TIMED_OUT -> {
					return new Result(VirtualThreadsOutcome.TIMEOUT,
							"virtual threads not captured: the JDK's thread dump did not finish within the request's budget");
				}
				default -> {
					this.lastDumpBytes = (call.answer() != null) ? call.answer() : 0;
					return read(file, deadlineNanos, sink);
				}
			}
		}
		catch (CaptureFailedException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return new Result(VirtualThreadsOutcome.CAPTURE_ERROR,
					"virtual threads not captured: the JDK's thread dump failed: " + cause);
		}
		catch (IOException ex) {
			return new Result(VirtualThreadsOutcome.CAPTURE_ERROR,
					"virtual threads not captured: the free space for the thread dump is unknown: " + ex.getMessage());
		}
		finally {
			if (!dumpStarted || !handoff.abandon()) {
				delete(directory);
			}
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

	private Path createPrivateDirectory() throws IOException {
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			return Files.createTempDirectory(this.tempRoot, "stacktrace-threads-",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		// Elsewhere (Windows) a new directory under the user's temporary directory is the user's alone.
		return Files.createTempDirectory(this.tempRoot, "stacktrace-threads-");
	}

	private static void delete(Path directory) {
		try (var entries = Files.list(directory)) {
			for (Path entry : (Iterable<Path>) entries::iterator) {
				Files.deleteIfExists(entry);
			}
		}
		catch (IOException | RuntimeException ex) {
			// Fall through: deleting the directory says whether anything is left.
		}
		try {
			Files.deleteIfExists(directory);
		}
		catch (IOException ex) {
			System.getLogger(VirtualThreadDump.class.getName())
				.log(System.Logger.Level.WARNING, "Could not delete the thread dump directory " + directory, ex);
		}
	}

	private static long megabytes(long bytes) {
		return bytes / (1024 * 1024);
	}

	private static @Nullable MethodHandle isVirtualHandle() {
		try {
			return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	private static @Nullable Dumper jdkDumper() {
		try {
			Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
			Object json = null;
			for (Object constant : format.getEnumConstants()) {
				if (((Enum<?>) constant).name().equals("JSON")) {
					json = constant;
				}
			}
			Method dumpThreads = HotSpotDiagnosticMXBean.class.getMethod("dumpThreads", String.class, format);
			HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			if (json == null || bean == null || isVirtualHandle() == null) {
				return null;
			}
			Object jsonFormat = json;
			return (file) -> {
				try {
					dumpThreads.invoke(bean, file.toString(), jsonFormat);
				}
				catch (InvocationTargetException ex) {
					throw (ex.getCause() instanceof Exception cause) ? cause : ex;
				}
			};
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			// Before Java 21, or a JVM without HotSpot's diagnostic bean: no virtual threads to show.
			return null;
		}
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

	/**
	 * Who deletes the dump: the request, unless it gave up before the dump ended; then the dump's own thread, when it
	 * ends. Whichever of the two comes second knows it.
	 */
	private static final class Handoff {

		private static final int RUNNING = 0;

		private static final int ENDED = 1;

		private static final int ABANDONED = 2;

		private final AtomicInteger state = new AtomicInteger(RUNNING);

		/** The dump ended; {@code false} when the request had given up on it, which leaves the deleting to the dump. */
		boolean dumpEnded() {
			return this.state.compareAndSet(RUNNING, ENDED);
		}

		/** No dump runs: the request deletes. */
		void noDump() {
			this.state.set(ENDED);
		}

		/** The request is done; {@code false} when the dump had ended, which leaves the deleting to the request. */
		boolean abandon() {
			return this.state.compareAndSet(RUNNING, ABANDONED);
		}

	}

}
