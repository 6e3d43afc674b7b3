package io.github.stacktrace.capture;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DumpDirectories}: directories named after their process and private to their user, and the
 * sweep of those that ended JVMs left behind, which leaves every other entry alone.
 */
class DumpDirectoriesTests {

	// Far past any pid a system hands out (Linux's highest is 4,194,304): no process has it.
	private static final long ENDED_PID = 2_000_000_002L;

	private static final long OWN_PID = ProcessHandle.current().pid();

	@TempDir
	Path root;

	@Test
	void aDirectoryIsNamedAfterItsProcessAndOnlyItsOwnerMayReadIt() throws Exception {
		Path directory = new DumpDirectories(this.root).create();
		assertThat(directory.getParent()).isEqualTo(this.root);
		assertThat(directory.getFileName().toString()).startsWith("stacktrace-threads-" + OWN_PID + "-");
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
		}
		Files.writeString(directory.resolve("threads.json"), "{}");
		assertThat(DumpDirectories.delete(directory)).isTrue();
		assertThat(directory).doesNotExist();
	}

	@Test
	void theSweepDeletesTheDirectoriesOfEndedJvmsOnly() throws Exception {
		assertThat(ProcessHandle.of(ENDED_PID)).isEmpty();
		Instant now = Instant.now();
		Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
		Path crashed = dumpDirectory("stacktrace-threads-" + ENDED_PID + "-123", now);
		Path reusedPid = dumpDirectory("stacktrace-threads-" + OWN_PID + "-456", started.minus(Duration.ofHours(1)));
		Path live = dumpDirectory("stacktrace-threads-" + OWN_PID + "-789", now);
		Path oldWithoutPid = dumpDirectory("stacktrace-threads-4242424242", now.minus(Duration.ofHours(2)));
		Path youngWithoutPid = dumpDirectory("stacktrace-threads-2424242424", now.minus(Duration.ofMinutes(5)));
		Path notOurs = dumpDirectory("other-threads-" + ENDED_PID + "-1", now.minus(Duration.ofDays(1)));
		Path file = Files.writeString(this.root.resolve("stacktrace-threads-" + ENDED_PID + "-file"), "{}");
		Path elsewhere = dumpDirectory("elsewhere", now.minus(Duration.ofDays(1)));
		Path link = null;
		try {
			link = Files.createSymbolicLink(this.root.resolve("stacktrace-threads-" + ENDED_PID + "-link"), elsewhere);
		}
		catch (UnsupportedOperationException | IOException ex) {
			// No symbolic links here (Windows without the privilege): the rest still holds.
		}
		int swept = new DumpDirectories(this.root).sweepStale(now);
		assertThat(swept).isEqualTo(3);
		assertThat(crashed).as("its process has ended").doesNotExist();
		assertThat(reusedPid).as("made before the process that has its pid now started").doesNotExist();
		assertThat(oldWithoutPid).as("an hour old without a pid").doesNotExist();
		assertThat(live).isDirectory();
		assertThat(live.resolve("threads.json")).exists();
		assertThat(youngWithoutPid).isDirectory();
		assertThat(notOurs).isDirectory();
		assertThat(file).isRegularFile();
		assertThat(elsewhere.resolve("threads.json")).as("a link is never followed").exists();
		if (link != null) {
			assertThat(link).isSymbolicLink();
		}
		try (Stream<Path> entries = Files.list(this.root)) {
			assertThat(entries.filter((entry) -> entry.getFileName().toString().startsWith("stacktrace-threads-" + OWN_PID)))
				.as("the sweep's own probe is gone")
				.containsExactly(live);
		}
	}

	private Path dumpDirectory(String name, Instant madeAt) throws IOException {
		Path directory = Files.createDirectory(this.root.resolve(name));
		Files.writeString(directory.resolve("threads.json"), "{\"threadDump\": ");
		Files.setLastModifiedTime(directory, FileTime.from(madeAt));
		return directory;
	}

}
