package io.github.stacktrace.hot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
		JvmThreadWindow window = JvmThreadWindow.start(new NativeTasks(this.root), new Thread[] { worker }, PID);
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
		JvmThreadWindow window = JvmThreadWindow.start(new NativeTasks(this.root), new Thread[0], PID);
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
		JvmThreadWindow window = JvmThreadWindow.start(new NativeTasks(this.root), new Thread[] { one, two }, PID);
		assertThat(window.nativeIdOf("pool-worker")).isEqualTo(-1);
		assertThat(window.end(new Thread[] { one, two })).isEmpty();
	}

	private void task(long id, String comm, long cpuNanos) throws Exception {
		Path task = Files.createDirectories(this.root.resolve(Long.toString(id)));
		Files.writeString(task.resolve("stat"), id + " (" + comm + ") S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0\n");
		Files.writeString(task.resolve("schedstat"), cpuNanos + " 0 0\n");
	}

	private void delete(long id) throws Exception {
		Path task = this.root.resolve(Long.toString(id));
		Files.delete(task.resolve("stat"));
		Files.delete(task.resolve("schedstat"));
		Files.delete(task);
	}

}
