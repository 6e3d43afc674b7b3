package io.github.stacktrace.hot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JvmThreadWindow}: which tasks are Java threads and which are the JVM's own, and tasks that start
 * or end during the window.
 */
class JvmThreadWindowTests {

	private static final long PID = 100;

	@TempDir
	Path root;

	@Test
	void tasksNamedAfterNoJavaThreadAreJvmInternalAndMeasuredOverTheWindow() throws Exception {
		task(PID, "java", 0);
		task(101, "java", 0);
		task(102, "hot-worker", 10);
		task(103, "GC Thread#0", 1_000);
		task(104, "C2 CompilerThre", 5_000);
		Thread worker = new Thread(() -> {
		}, "hot-worker");
		JvmThreadWindow window = JvmThreadWindow.start(new NativeTasks(this.root), new Thread[] { worker }, PID,
				new HashMap<>());
		task(102, "hot-worker", 900);
		task(103, "GC Thread#0", 4_000);
		task(104, "C2 CompilerThre", 5_000);
		List<NativeTasks.Task> internal = window.end(new Thread[] { worker });
		assertThat(internal).extracting(NativeTasks.Task::name).containsExactlyInAnyOrder("GC Thread#0",
				"C2 CompilerThre");
		assertThat(internal).filteredOn((task) -> task.id() == 103).singleElement()
			.extracting(NativeTasks.Task::cpuNanos).isEqualTo(3_000L);
		assertThat(window.nativeIdOf("hot-worker")).isEqualTo(102);
	}

	@Test
	void taskStartedDuringTheWindowCountsAllItsTimeAndOneThatEndedIsLeftOut() throws Exception {
		task(PID, "java", 0);
		task(103, "GC Thread#0", 1_000);
		JvmThreadWindow window = JvmThreadWindow.start(new NativeTasks(this.root), new Thread[0], PID,
				new HashMap<>());
		delete(103);
		task(105, "G1 Conc#0", 700);
		List<NativeTasks.Task> internal = window.end(new Thread[0]);
		assertThat(internal).singleElement().satisfies((task) -> {
			assertThat(task.name()).isEqualTo("G1 Conc#0");
			assertThat(task.cpuNanos()).isEqualTo(700);
		});
	}

	@Test
	void nativeIdOfAJavaThreadWhoseNameIsSharedIsUnknown() throws Exception {
		task(PID, "java", 0);
		task(102, "pool-worker", 0);
		task(103, "pool-worker", 0);
		Thread one = new Thread(() -> {
		}, "pool-worker");
		Thread two = new Thread(() -> {
		}, "pool-worker");
		JvmThreadWindow window = JvmThreadWindow.start(new NativeTasks(this.root), new Thread[] { one, two }, PID,
				new HashMap<>());
		assertThat(window.nativeIdOf("pool-worker")).isEqualTo(-1);
		assertThat(window.end(new Thread[] { one, two })).isEmpty();
	}

	@Test
	void tasksKnownAsJavaThreadsAreNotReadAgainButNewAndInternalOnesAre() throws Exception {
		task(PID, "java", 0);
		task(102, "hot-worker", 0);
		task(103, "GC Thread#0", 1_000);
		Thread worker = new Thread(() -> {
		}, "hot-worker");
		Map<Long, String> javaTasks = new HashMap<>();
		JvmThreadWindow.start(new NativeTasks(this.root), new Thread[] { worker }, PID, javaTasks).end(new Thread[0]);
		assertThat(javaTasks).containsOnlyKeys(PID, 102L);
		// Unreadable now: a second window that read it again would lose it.
		Files.delete(this.root.resolve("102").resolve("comm"));
		task(104, "G1 Refine#1", 500);
		JvmThreadWindow window = JvmThreadWindow.start(new NativeTasks(this.root), new Thread[] { worker }, PID,
				javaTasks);
		assertThat(window.nativeIdOf("hot-worker")).isEqualTo(102);
		assertThat(window.end(new Thread[] { worker })).extracting(NativeTasks.Task::name)
			.containsExactlyInAnyOrder("GC Thread#0", "G1 Refine#1");
		delete(103);
		JvmThreadWindow.start(new NativeTasks(this.root), new Thread[] { worker }, PID, javaTasks);
		assertThat(javaTasks).containsOnlyKeys(PID, 102L);
	}

	private void task(long id, String comm, long cpuNanos) throws Exception {
		Path task = Files.createDirectories(this.root.resolve(Long.toString(id)));
		Files.writeString(task.resolve("stat"), id + " (" + comm + ") S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0\n");
		Files.writeString(task.resolve("comm"), comm + "\n");
		Files.writeString(task.resolve("schedstat"), cpuNanos + " 0 0\n");
	}

	private void delete(long id) throws Exception {
		Path task = this.root.resolve(Long.toString(id));
		Files.delete(task.resolve("stat"));
		Files.delete(task.resolve("comm"));
		Files.delete(task.resolve("schedstat"));
		Files.delete(task);
	}

}
