package io.github.stacktrace.capture;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.github.stacktrace.capture.ThreadDumpReader.DumpedThread;
import io.github.stacktrace.report.VirtualThreadsOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VirtualThreadDump}: the dump's private directory, the free space check, and that nothing is left
 * on disk after a dump that succeeds, fails, outlasts the request or is interrupted. The JDK's dump is replaced by
 * one that writes a fixed dump, so these run on every JDK.
 */
class VirtualThreadDumpTests {

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
		assertThat(result.notice()).contains("disk on fire");
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

	private static long deadline(Duration budget) {
		return System.nanoTime() + budget.toNanos();
	}

	private List<Path> leftovers() throws IOException {
		try (Stream<Path> entries = Files.walk(this.root)) {
			return entries.filter((entry) -> !entry.equals(this.root)).toList();
		}
	}

}
