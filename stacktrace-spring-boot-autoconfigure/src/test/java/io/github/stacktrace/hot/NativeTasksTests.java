package io.github.stacktrace.hot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NativeTasks}, on task directories written by the test: names with spaces and parentheses, tasks
 * that vanish, kernels without {@code schedstat}.
 */
class NativeTasksTests {

	@TempDir
	Path root;

	@Test
	void statIsReadFromTheLastParenthesisSoNamesMayHoldSpacesAndParentheses() throws Exception {
		writeTask(42, "42 (a) b) (c) S 1 1 1 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 1 0 100 0 0", null);
		NativeTasks.Task task = new NativeTasks(this.root).read(42);
		assertThat(task).isNotNull();
		assertThat(task.comm()).isEqualTo("a) b) (c");
		assertThat(task.cpuNanos()).isEqualTo((250 + 75) * 10_000_000L);
	}

	@Test
	void cpuTimeComesFromSchedstatInNanosecondsWhenTheKernelHasIt() throws Exception {
		writeTask(7, "7 (GC Thread#0) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 1 0 0", "123456789 5000 12\n");
		assertThat(new NativeTasks(this.root).cpuNanos(7)).isEqualTo(123_456_789L);
	}

	@Test
	void cpuTimeFallsBackToStatTicksWithoutSchedstat() throws Exception {
		writeTask(8, "8 (VM Thread) R 1 1 1 0 -1 0 0 0 0 0 3 2 0 0 20 0 1 0 1 0 0", null);
		assertThat(new NativeTasks(this.root).cpuNanos(8)).isEqualTo(50_000_000L);
	}

	@Test
	void commIsTheNameWithoutItsNewline() throws Exception {
		writeTask(9, "9 (C2 CompilerThre) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0", null);
		Files.writeString(this.root.resolve("9").resolve("comm"), "C2 CompilerThre\n");
		assertThat(new NativeTasks(this.root).comm(9)).isEqualTo("C2 CompilerThre");
		assertThat(new NativeTasks(this.root).comm(10)).isNull();
	}

	@Test
	void taskThatVanishedIsNoError() throws Exception {
		NativeTasks tasks = new NativeTasks(this.root);
		assertThat(tasks.read(99)).isNull();
		assertThat(tasks.cpuNanos(99)).isEqualTo(-1);
	}

	@Test
	void idsListOnlyNumericEntries() throws Exception {
		writeTask(3, "3 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0", null);
		Files.createDirectories(this.root.resolve("self"));
		assertThat(new NativeTasks(this.root).ids()).isEqualTo(List.of(3L));
	}

	@Test
	void truncatedStatLineIsNotATask() {
		byte[] line = "5 (worker) S 1 2 3".getBytes(StandardCharsets.US_ASCII);
		assertThat(NativeTasks.parseStat(5, line, line.length)).isNull();
	}

	@Test
	void nativeNameIsTheFirstFifteenBytesOfUtf8() {
		assertThat(NativeTasks.nativeName("http-nio-8080-exec-10")).isEqualTo("http-nio-8080-e");
		assertThat(NativeTasks.nativeName("main")).isEqualTo("main");
		// é is two bytes: the cut may fall inside a character, as the kernel's does.
		String name = NativeTasks.nativeName("ééééééééé");
		assertThat(name.getBytes(StandardCharsets.ISO_8859_1)).hasSize(15);
	}

	private void writeTask(long id, String stat, @Nullable String schedstat) throws Exception {
		Path task = Files.createDirectories(this.root.resolve(Long.toString(id)));
		Files.writeString(task.resolve("stat"), stat + "\n");
		if (schedstat != null) {
			Files.writeString(task.resolve("schedstat"), schedstat);
		}
	}

}
