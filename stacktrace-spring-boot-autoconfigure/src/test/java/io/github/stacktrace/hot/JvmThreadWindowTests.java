package io.github.stacktrace.hot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.stacktrace.test.TestThreads;
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
		JvmThreadWindow window = start(new NativeTasks(this.root), new Thread[] { worker },
				new HashMap<>(), new JvmThreadWindow.Listing());
		task(102, "hot-worker", 900);
		task(103, "GC Thread#0", 4_000);
		task(104, "C2 CompilerThre", 5_000);
		List<NativeTasks.Task> internal = end(window, new Thread[] { worker });
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
		JvmThreadWindow window = start(new NativeTasks(this.root), new Thread[0],
				new HashMap<>(), new JvmThreadWindow.Listing());
		delete(103);
		task(105, "G1 Conc#0", 700);
		List<NativeTasks.Task> internal = end(window, new Thread[0]);
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
		JvmThreadWindow window = start(new NativeTasks(this.root), new Thread[] { one, two },
				new HashMap<>(), new JvmThreadWindow.Listing());
		assertThat(window.nativeIdOf("pool-worker")).isEqualTo(-1);
		assertThat(end(window, new Thread[] { one, two })).isEmpty();
	}

	@Test
	void tasksKnownAsJavaThreadsAreNotReadAgainButNewAndInternalOnesAre() throws Exception {
		task(PID, "java", 0);
		task(102, "hot-worker", 0);
		task(103, "GC Thread#0", 1_000);
		Thread worker = new Thread(() -> {
		}, "hot-worker");
		Map<Long, String> javaTasks = new HashMap<>();
		JvmThreadWindow.Listing listing = new JvmThreadWindow.Listing();
		end(start(new NativeTasks(this.root), new Thread[] { worker }, javaTasks, listing), new Thread[0]);
		assertThat(javaTasks).containsOnlyKeys(PID, 102L);
		// Unreadable now: a second window that read it again would lose it.
		Files.delete(this.root.resolve("102").resolve("comm"));
		task(104, "G1 Refine#1", 500);
		JvmThreadWindow window = start(new NativeTasks(this.root), new Thread[] { worker },
				javaTasks, listing);
		assertThat(window.nativeIdOf("hot-worker")).isEqualTo(102);
		assertThat(end(window, new Thread[] { worker })).extracting(NativeTasks.Task::name)
			.containsExactlyInAnyOrder("GC Thread#0", "G1 Refine#1");
		delete(103);
		start(new NativeTasks(this.root), new Thread[] { worker }, javaTasks, listing);
		assertThat(javaTasks).containsOnlyKeys(PID, 102L);
	}

	@Test
	void tasksAreListedAgainOnlyWhenAThreadMayHaveStartedOrEnded() throws Exception {
		task(PID, "java", 0);
		task(102, "hot-worker", 0);
		task(103, "GC Thread#0", 1_000);
		Thread worker = new Thread(() -> {
		}, "hot-worker");
		Thread[] java = { worker };
		NativeTasks tasks = new NativeTasks(this.root, this::taskCount);
		Map<Long, String> javaTasks = new HashMap<>();
		JvmThreadWindow.Listing listing = new JvmThreadWindow.Listing();
		assertThat(end(start(tasks, java, javaTasks, listing), java)).extracting(NativeTasks.Task::name)
			.containsExactly("GC Thread#0");
		assertThat(listing.isCurrent(tasks, ids(java))).isTrue();
		// Nothing started or ended: the next window neither lists nor reads a name, only the JVM's tasks' CPU time.
		Files.delete(this.root.resolve("103").resolve("comm"));
		task(103, "GC Thread#0", 1_500, false);
		JvmThreadWindow second = start(tasks, java, javaTasks, listing);
		task(103, "GC Thread#0", 2_500, false);
		assertThat(end(second, java)).singleElement().satisfies((task) -> {
			assertThat(task.name()).isEqualTo("GC Thread#0");
			assertThat(task.cpuNanos()).isEqualTo(1_000);
		});
		assertThat(second.nativeIdOf("hot-worker")).isEqualTo(102);
		// One task ends as another starts: the same count, the same Java threads, but a listed task is gone.
		JvmThreadWindow third = start(tasks, java, javaTasks, listing);
		delete(103);
		task(105, "G1 Conc#0", 700);
		assertThat(end(third, java)).singleElement().satisfies((task) -> {
			assertThat(task.name()).isEqualTo("G1 Conc#0");
			assertThat(task.cpuNanos()).isEqualTo(700);
		});
		assertThat(listing.isCurrent(tasks, ids(java))).isFalse();
		// A new task changes the count; a new Java thread changes the Java threads.
		JvmThreadWindow fourth = start(tasks, java, javaTasks, listing);
		assertThat(listing.isCurrent(tasks, ids(java))).isTrue();
		task(106, "G1 Refine#1", 500);
		assertThat(listing.isCurrent(tasks, ids(java))).isFalse();
		assertThat(end(fourth, java)).extracting(NativeTasks.Task::name)
			.containsExactlyInAnyOrder("G1 Conc#0", "G1 Refine#1");
		Thread other = new Thread(() -> {
		}, "hot-other");
		assertThat(listing.isCurrent(tasks, ids(new Thread[] { worker, other }))).isFalse();
	}

	private JvmThreadWindow start(NativeTasks tasks, Thread[] java, Map<Long, String> javaTasks,
			JvmThreadWindow.Listing listing) throws Exception {
		return JvmThreadWindow.start(tasks, java, ids(java), PID, javaTasks, listing);
	}

	private static List<NativeTasks.Task> end(JvmThreadWindow window, Thread[] java) throws Exception {
		return window.end(java, ids(java));
	}

	private static long[] ids(Thread[] threads) {
		long[] ids = new long[threads.length];
		for (int i = 0; i < threads.length; i++) {
			ids[i] = TestThreads.id(threads[i]);
		}
		return ids;
	}

	private long taskCount() {
		String[] names = this.root.toFile().list();
		return (names != null) ? names.length : -1;
	}

	private void task(long id, String comm, long cpuNanos) throws Exception {
		task(id, comm, cpuNanos, true);
	}

	private void task(long id, String comm, long cpuNanos, boolean withComm) throws Exception {
		Path task = Files.createDirectories(this.root.resolve(Long.toString(id)));
		Files.writeString(task.resolve("stat"), id + " (" + comm + ") S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0\n");
		if (withComm) {
			Files.writeString(task.resolve("comm"), comm + "\n");
		}
		Files.writeString(task.resolve("schedstat"), cpuNanos + " 0 0\n");
	}

	private void delete(long id) throws Exception {
		Path task = this.root.resolve(Long.toString(id));
		Files.delete(task.resolve("stat"));
		Files.deleteIfExists(task.resolve("comm"));
		Files.delete(task.resolve("schedstat"));
		Files.delete(task);
	}

}
