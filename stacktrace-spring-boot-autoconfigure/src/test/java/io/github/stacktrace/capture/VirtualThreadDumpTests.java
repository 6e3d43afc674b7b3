package io.github.stacktrace.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.github.stacktrace.capture.ThreadDumpReader.DumpedThread;
import io.github.stacktrace.report.VirtualThreadsOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VirtualThreadDump}: the dump's private directory, the free space check and what it learns, one dump
 * at a time, and that nothing is left on disk after a dump that succeeds, fails, outlasts the request or is
 * interrupted. The JDK's dump is replaced by one that writes a fixed dump, and the file system's free space by a
 * simulated quota, so these run on every JDK.
 */
class VirtualThreadDumpTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@TempDir
	Path root;

	@Test
	void aDumpIsReadFromAPrivateDirectoryThatIsThenDeleted() throws Exception {
		AtomicReference<String> permissions = new AtomicReference<>();
		VirtualThreadDump dump = new VirtualThreadDump((file) -> {
			assertThat(file).isAbsolute().doesNotExist();
			if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
				permissions.set(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
			}
			Files.writeString(file, ThreadDumpReaderTests.JAVA_25_DUMP);
		}, this.root, 0);
		List<DumpedThread> threads = new ArrayList<>();
		VirtualThreadDump.Result result = dump.take(deadline(Duration.ofSeconds(20)), threads::add);
		assertThat(result.outcome()).isEqualTo(VirtualThreadsOutcome.INCLUDED);
		assertThat(result.notice()).isNull();
		assertThat(threads).hasSize(4);
		if (permissions.get() != null) {
			assertThat(permissions.get()).isEqualTo("rwx------");
		}
		assertThat(leftovers()).isEmpty();
	}

	@Test
	void aFailingDumpIsReportedAndLeavesNothing() throws Exception {
		VirtualThreadDump dump = new VirtualThreadDump((file) -> {
			Files.writeString(file, "{\"threadDump\": ");
			throw new IOException("disk on fire");
		}, this.root, 0);
		VirtualThreadDump.Result result = dump.take(deadline(Duration.ofSeconds(20)), (thread) -> true);
		assertThat(result.outcome()).isEqualTo(VirtualThreadsOutcome.CAPTURE_ERROR);
		assertThat(result.notice()).contains("disk on fire").doesNotContain("control character");
		assertThat(leftovers()).isEmpty();
	}

	@Test
	void aDumpThatCannotBeReadIsReportedAndLeavesNothing() throws Exception {
		VirtualThreadDump dump = new VirtualThreadDump((file) -> Files.writeString(file, "{\"threadDump\": [}"),
				this.root, 0);
		VirtualThreadDump.Result result = dump.take(deadline(Duration.ofSeconds(20)), (thread) -> true);
		assertThat(result.outcome()).isEqualTo(VirtualThreadsOutcome.CAPTURE_ERROR);
		assertThat(result.notice()).contains("could not be read");
		assertThat(leftovers()).isEmpty();
	}

	@Test
	void aDumpThatOutlastsTheBudgetIsReportedAndDeletesItsFileWhenItEnds() throws Exception {
		CountDownLatch dumping = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		VirtualThreadDump dump = new VirtualThreadDump((file) -> {
			Files.writeString(file, "{\"threadDump\": {}}");
			dumping.countDown();
			release.await();
		}, this.root, 0);
		VirtualThreadDump.Result result = dump.take(deadline(Duration.ofMillis(200)), (thread) -> true);
		assertThat(result.outcome()).isEqualTo(VirtualThreadsOutcome.TIMEOUT);
		assertThat(result.notice()).contains("did not finish within the request's budget");
		assertThat(dumping.await(20, TimeUnit.SECONDS)).isTrue();
		assertThat(leftovers()).as("the late dump is still being written").isNotEmpty();
		release.countDown();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(leftovers()).isEmpty());
	}

	@Test
	void anInterruptedWaitLeavesTheDeletingToTheDump() throws Exception {
		CountDownLatch dumping = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		VirtualThreadDump dump = new VirtualThreadDump((file) -> {
			Files.writeString(file, "{}");
			dumping.countDown();
			release.await();
		}, this.root, 0);
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		Thread requester = new Thread(() -> {
			try {
				dump.take(deadline(Duration.ofSeconds(60)), (thread) -> true);
			}
			catch (Throwable ex) {
				thrown.set(ex);
			}
		}, "dump-requester");
		requester.start();
		assertThat(dumping.await(20, TimeUnit.SECONDS)).isTrue();
		requester.interrupt();
		requester.join(20_000);
		assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
		release.countDown();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(leftovers()).isEmpty());
	}

	@Test
	void tooLittleFreeSpaceRefusesToDump() throws Exception {
		VirtualThreadDump dump = new VirtualThreadDump((file) -> {
			throw new AssertionError("must not dump");
		}, this.root, Long.MAX_VALUE);
		VirtualThreadDump.Result result = dump.take(deadline(Duration.ofSeconds(20)), (thread) -> true);
		assertThat(result.outcome()).isEqualTo(VirtualThreadsOutcome.LOW_DISK_SPACE);
		assertThat(result.notice()).startsWith("virtual threads not captured: ").contains("MB free").contains("MB needed");
		assertThat(leftovers()).isEmpty();
	}

	@Test
	void aBudgetSpentWhileReadingStopsTheReading() throws Exception {
		StringBuilder json = new StringBuilder("{\"threadDump\": {\"threadContainers\": [{\"threads\": [");
		for (int i = 0; i < 5000; i++) {
			json.append((i > 0) ? "," : "").append("{\"tid\": \"").append(i + 1).append("\", \"stack\": []}");
		}
		json.append("]}]}}");
		VirtualThreadDump dump = new VirtualThreadDump((file) -> Files.writeString(file, json), this.root, 0);
		long deadline = deadline(Duration.ofSeconds(2));
		List<Long> read = new ArrayList<>();
		VirtualThreadDump.Result result = dump.take(deadline, (thread) -> {
			read.add(thread.tid());
			if (thread.tid() == 1500) {
				// The budget runs out here; the clock is next read at the 2,048th thread.
				await().atMost(Duration.ofSeconds(20)).until(() -> System.nanoTime() - deadline > 0);
			}
			return true;
		});
		assertThat(result.outcome()).isEqualTo(VirtualThreadsOutcome.TIMEOUT);
		assertThat(result.notice()).contains("ran out after 2047 threads");
		assertThat(read).hasSize(2047);
		assertThat(leftovers()).isEmpty();
	}

	@Test
	void requestsThatComeWhileADumpRunsWaitForItAndShareTheNextOne() throws Exception {
		CountDownLatch firstDumping = new CountDownLatch(1);
		CountDownLatch releaseFirst = new CountDownLatch(1);
		AtomicInteger dumps = new AtomicInteger();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger mostInFlight = new AtomicInteger();
		AtomicReference<VirtualThreadDump> dumpRef = new AtomicReference<>();
		VirtualThreadDump dump = new VirtualThreadDump((file) -> {
			mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			try {
				int number = dumps.incrementAndGet();
				Files.writeString(file, ThreadDumpReaderTests.JAVA_25_DUMP);
				if (number == 1) {
					firstDumping.countDown();
					releaseFirst.await();
				}
				else {
					// Both waiting requests are on this dump before it ends, so neither starts one of its own.
					await().atMost(PATIENCE).until(() -> dumpRef.get().requestsOnRunningDump() == 2);
				}
			}
			finally {
				inFlight.decrementAndGet();
			}
		}, this.root, 0);
		dumpRef.set(dump);
		Requester first = new Requester(dump, Duration.ofSeconds(60));
		assertThat(firstDumping.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		Requester second = new Requester(dump, Duration.ofSeconds(60));
		Requester third = new Requester(dump, Duration.ofSeconds(60));
		await().atMost(PATIENCE)
			.until(() -> second.thread.getState() == Thread.State.TIMED_WAITING
					&& third.thread.getState() == Thread.State.TIMED_WAITING);
		assertThat(dumps).as("no second dump while the first runs").hasValue(1);
		releaseFirst.countDown();
		for (Requester requester : List.of(first, second, third)) {
			assertThat(requester.result().outcome()).isEqualTo(VirtualThreadsOutcome.INCLUDED);
			assertThat(requester.threads).hasSize(4);
		}
		assertThat(dumps).as("the two that waited shared one dump that started after they came").hasValue(2);
		assertThat(mostInFlight).hasValue(1);
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(leftovers()).isEmpty());
	}

	@Test
	void requestsWhoseBudgetRunsOutWhileAnotherDumpRunsAreToldSoAndStartNone() throws Exception {
		CountDownLatch dumping = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger dumps = new AtomicInteger();
		VirtualThreadDump dump = new VirtualThreadDump((file) -> {
			dumps.incrementAndGet();
			Files.writeString(file, ThreadDumpReaderTests.JAVA_25_DUMP);
			dumping.countDown();
			release.await();
		}, this.root, 0);
		Requester first = new Requester(dump, Duration.ofSeconds(60));
		assertThat(dumping.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		for (int i = 0; i < 5; i++) {
			VirtualThreadDump.Result result = dump.take(deadline(Duration.ofMillis(50)), (thread) -> true);
			assertThat(result.outcome()).isEqualTo(VirtualThreadsOutcome.TIMEOUT);
			assertThat(result.notice()).contains("another request started was still running")
				.contains("one dump runs at a time");
		}
		assertThat(dumps).hasValue(1);
		release.countDown();
		assertThat(first.result().outcome()).isEqualTo(VirtualThreadsOutcome.INCLUDED);
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(leftovers()).isEmpty());
		assertThat(dumps).as("nobody started a dump for the requests that gave up").hasValue(1);
	}

	@Test
	void aDumpThatRanOutOfRoomIsNotTakenAgainUntilThereIsRoomForTwiceWhatItReached() throws Exception {
		SimulatedDisk disk = new SimulatedDisk(300 * 1024, 20 * 1024);
		VirtualThreadDump dump = new VirtualThreadDump(disk.dumper(283 * 1024), new DumpDirectories(this.root),
				new DumpSpace(disk, 256 * 1024));
		VirtualThreadDump.Result failed = dump.take(deadline(Duration.ofSeconds(20)), (thread) -> true);
		assertThat(failed.outcome()).isEqualTo(VirtualThreadsOutcome.CAPTURE_ERROR);
		assertThat(failed.notice()).contains("No space left on device");
		assertThat(disk.timesFilled).as("the first dump, of unknown size, had the room the floor asks for").hasValue(1);
		for (int i = 0; i < 3; i++) {
			VirtualThreadDump.Result refused = dump.take(deadline(Duration.ofSeconds(20)), (thread) -> true);
			assertThat(refused.outcome()).isEqualTo(VirtualThreadsOutcome.LOW_DISK_SPACE);
			assertThat(refused.notice()).isEqualTo("virtual threads not captured: 280 KB free for the JDK's thread dump,"
					+ " 560 KB needed (the last dump failed after writing 280 KB)");
		}
		assertThat(disk.dumps).hasValue(1);
		assertThat(disk.timesFilled).hasValue(1);
		disk.quotaBytes = 1024 * 1024;
		VirtualThreadDump.Result dumped = dump.take(deadline(Duration.ofSeconds(20)), (thread) -> true);
		assertThat(dumped.outcome()).isEqualTo(VirtualThreadsOutcome.INCLUDED);
		assertThat(disk.timesFilled).hasValue(1);
		disk.quotaBytes = 500 * 1024;
		VirtualThreadDump.Result refused = dump.take(deadline(Duration.ofSeconds(20)), (thread) -> true);
		assertThat(refused.outcome()).isEqualTo(VirtualThreadsOutcome.LOW_DISK_SPACE);
		assertThat(refused.notice()).endsWith(" 480 KB free for the JDK's thread dump, 566 KB needed");
		assertThat(disk.dumps).hasValue(2);
		assertThat(leftovers()).isEmpty();
	}

	@Test
	void aDumpThatFailsOnAControlCharacterSaysWhatTheJdkCannotWrite() throws Exception {
		VirtualThreadDump dump = new VirtualThreadDump((file) -> {
			Files.writeString(file, "{\"threadDump\": ");
			// What Java 25.0.3's JSON writer does to escape a control character in any name it writes.
			Files.writeString(file, String.format("\\u%04x", '\u001b'), StandardOpenOption.APPEND);
		}, this.root, 0);
		VirtualThreadDump.Result result = dump.take(deadline(Duration.ofSeconds(20)), (thread) -> true);
		assertThat(result.outcome()).isEqualTo(VirtualThreadsOutcome.CAPTURE_ERROR);
		assertThat(result.notice()).startsWith("virtual threads not captured: the JDK's thread dump failed: "
				+ "java.util.IllegalFormatConversionException: x != java.lang.Character")
			.contains("a class, method or source-file name on any thread's stack, holds a control character");
		assertThat(leftovers()).isEmpty();
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void aControlCharacterInASourceFileNameOnAnyStackFailsTheJdksDumpWhileItIsThere() throws Exception {
		// A class byte-patched so that its source file's name holds ESC; a platform thread parks in it.
		Class<?> hostile = new PatchedLoader().hostileParker();
		Thread parked = new Thread((Runnable) hostile.getDeclaredConstructor().newInstance(), "hostile-frame");
		parked.setDaemon(true);
		parked.start();
		await().atMost(PATIENCE).until(() -> parked.getState() == Thread.State.WAITING);
		assertThat(parked.getStackTrace()).filteredOn((frame) -> frame.getClassName().equals(Parker.class.getName()))
			.extracting(StackTraceElement::getFileName)
			.containsExactly("Virtual\u001bhreadDumpTests.java");
		VirtualThreadDump dump = VirtualThreadDump.ofJdk();
		assertThat(dump).isNotNull();
		try {
			VirtualThreadDump.Result whileParked = dump.take(deadline(PATIENCE), (thread) -> true);
			if (whileParked.outcome() == VirtualThreadsOutcome.CAPTURE_ERROR) {
				// Java 25.0.3: every dump fails while the frame is on a stack, a virtual thread's or not.
				assertThat(whileParked.notice()).contains("IllegalFormatConversionException")
					.contains("a class, method or source-file name on any thread's stack, holds a control character");
				assertThat(dump.take(deadline(PATIENCE), (thread) -> true).outcome())
					.isEqualTo(VirtualThreadsOutcome.CAPTURE_ERROR);
			}
			else {
				assertThat(whileParked.outcome()).isEqualTo(VirtualThreadsOutcome.INCLUDED);
			}
		}
		finally {
			parked.interrupt();
			parked.join(PATIENCE.toMillis());
		}
		assertThat(dump.take(deadline(PATIENCE), (thread) -> true).outcome()).isEqualTo(VirtualThreadsOutcome.INCLUDED);
	}

	private static long deadline(Duration budget) {
		return System.nanoTime() + budget.toNanos();
	}

	private List<Path> leftovers() throws IOException {
		try (Stream<Path> entries = Files.walk(this.root)) {
			return entries.filter((entry) -> !entry.equals(this.root)).toList();
		}
	}

	/** Parks until interrupted. */
	public static final class Parker implements Runnable {

		@Override
		public void run() {
			while (!Thread.currentThread().isInterrupted()) {
				LockSupport.park();
			}
		}

	}

	/** Defines {@link Parker} again with ESC in its source file's name, a name javac never writes. */
	private static final class PatchedLoader extends ClassLoader {

		PatchedLoader() {
			super(VirtualThreadDumpTests.class.getClassLoader());
		}

		Class<?> hostileParker() throws IOException {
			String resource = Parker.class.getName().replace('.', '/') + ".class";
			byte[] bytes;
			try (InputStream in = getParent().getResourceAsStream(resource)) {
				assertThat(in).isNotNull();
				bytes = in.readAllBytes();
			}
			byte[] sourceFile = "VirtualThreadDumpTests.java".getBytes(StandardCharsets.UTF_8);
			int at = indexOf(bytes, sourceFile);
			assertThat(at).isNotNegative();
			// Same length in the constant pool: the "T" of "Thread" becomes ESC.
			bytes[at + "Virtual".length()] = 0x1b;
			return defineClass(Parker.class.getName(), bytes, 0, bytes.length);
		}

		private static int indexOf(byte[] bytes, byte[] wanted) {
			for (int i = 0; i <= bytes.length - wanted.length; i++) {
				if (Arrays.equals(bytes, i, i + wanted.length, wanted, 0, wanted.length)) {
					return i;
				}
			}
			return -1;
		}

	}

	/** A request for a dump on a thread of its own. */
	private static final class Requester {

		final List<DumpedThread> threads = new CopyOnWriteArrayList<>();

		final Thread thread;

		private final AtomicReference<Object> outcome = new AtomicReference<>();

		Requester(VirtualThreadDump dump, Duration budget) {
			long deadline = deadline(budget);
			this.thread = new Thread(() -> {
				try {
					this.outcome.set(dump.take(deadline, this.threads::add));
				}
				catch (Throwable ex) {
					this.outcome.set(ex);
				}
			}, "dump-requester");
			this.thread.start();
		}

		VirtualThreadDump.Result result() throws InterruptedException {
			this.thread.join(PATIENCE.toMillis());
			assertThat(this.outcome.get()).isInstanceOf(VirtualThreadDump.Result.class);
			return (VirtualThreadDump.Result) this.outcome.get();
		}

	}

	/**
	 * A file system with a quota: its free space is the quota less what other files take and what the dump
	 * directories hold, and a dump that would pass the quota writes up to it and fails as the JDK's does.
	 */
	private final class SimulatedDisk implements DumpSpace.FreeSpace {

		final AtomicInteger dumps = new AtomicInteger();

		final AtomicInteger timesFilled = new AtomicInteger();

		volatile long quotaBytes;

		private final long otherBytes;

		SimulatedDisk(long quotaBytes, long otherBytes) {
			this.quotaBytes = quotaBytes;
			this.otherBytes = otherBytes;
		}

		@Override
		public long usableBytes(Path directory) throws IOException {
			return Math.max(0, this.quotaBytes - this.otherBytes - used());
		}

		VirtualThreadDump.Dumper dumper(int dumpBytes) {
			return (file) -> {
				this.dumps.incrementAndGet();
				String head = "{\"threadDump\": {\"threadContainers\": [], \"padding\": \"";
				String tail = "\"}}";
				String dump = head + "x".repeat(dumpBytes - head.length() - tail.length()) + tail;
				long room = usableBytes(file.getParent());
				if (dump.length() > room) {
					Files.writeString(file, dump.substring(0, (int) room), StandardOpenOption.CREATE_NEW);
					this.timesFilled.incrementAndGet();
					throw new IOException("No space left on device");
				}
				Files.writeString(file, dump, StandardOpenOption.CREATE_NEW);
			};
		}

		private long used() throws IOException {
			try (Stream<Path> entries = Files.walk(VirtualThreadDumpTests.this.root)) {
				return entries.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
			}
		}

	}

}
