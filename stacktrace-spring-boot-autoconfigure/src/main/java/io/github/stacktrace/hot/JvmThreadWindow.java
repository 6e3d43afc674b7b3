package io.github.stacktrace.hot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures the CPU time of the JVM-internal threads over a window, from the kernel's task list.
 * <p>
 * Which tasks are Java threads: HotSpot names the native thread of every started Java thread after it (cut by Linux to
 * 15 bytes), and leaves the launcher's threads (the primordial one and the one that runs {@code main}) with the
 * process's own name. A task whose name is one of those is a Java thread, measured by the {@code ThreadMXBean}; every
 * other task is one of the JVM's own (garbage collector workers, JIT compiler threads, the VM thread, G1's
 * concurrent and refinement threads, the periodic task thread…), which no Java API measures. A Java thread renamed by
 * another thread keeps its old native name, and a JVM thread whose name a Java thread also has is taken for a Java
 * thread: their CPU time is still in the process total.
 * <p>
 * Reading a name costs a file read per task, too much for thousands of threads at every request: the tasks found to
 * be Java threads are remembered by native id (see {@link HotThreadsSampler}), so a window reads the names of new
 * tasks and of the JVM's own only.
 */
final class JvmThreadWindow {

	private final NativeTasks tasks;

	private final Set<String> javaNames = new HashSet<>();

	private final Map<Long, NativeTasks.Task> internalAtStart = new LinkedHashMap<>();

	private final Set<Long> seen = new HashSet<>();

	private final Map<String, List<Long>> idsByName = new HashMap<>();

	private final Map<String, Integer> javaThreadsByName = new HashMap<>();

	private JvmThreadWindow(NativeTasks tasks) {
		this.tasks = tasks;
	}

	/**
	 * Reads every task at the window's start: the name of each task not known to be a Java thread, and the CPU time
	 * of each JVM-internal one.
	 * @param tasks the process's tasks
	 * @param javaThreads the live Java threads
	 * @param pid the process id: its task, the primordial thread, carries the process's name
	 * @param javaTasks the names of the tasks found to be Java threads by earlier windows, by native id; updated here
	 * @return the window
	 * @throws IOException if the task list cannot be read
	 */
	static JvmThreadWindow start(NativeTasks tasks, Thread[] javaThreads, long pid, Map<Long, String> javaTasks)
			throws IOException {
		JvmThreadWindow window = new JvmThreadWindow(tasks);
		for (Thread thread : javaThreads) {
			String name = NativeTasks.nativeName(thread.getName());
			window.javaNames.add(name);
			window.javaThreadsByName.merge(name, 1, Integer::sum);
		}
		String primordial = javaTasks.containsKey(pid) ? javaTasks.get(pid) : tasks.comm(pid);
		if (primordial != null) {
			window.javaNames.add(primordial);
		}
		List<Long> ids = tasks.ids();
		javaTasks.keySet().retainAll(new HashSet<>(ids));
		for (long id : ids) {
			String known = javaTasks.get(id);
			String comm = (known != null) ? known : tasks.comm(id);
			if (comm == null) {
				continue;
			}
			window.seen.add(id);
			window.idsByName.computeIfAbsent(comm, (name) -> new ArrayList<>()).add(id);
			if (window.javaNames.contains(comm)) {
				javaTasks.put(id, comm);
			}
			else {
				javaTasks.remove(id);
				window.internalAtStart.put(id, new NativeTasks.Task(id, comm, tasks.cpuNanos(id)));
			}
		}
		return window;
	}

	/**
	 * Reads the JVM-internal tasks again at the window's end. A task that ended during the window is left out; one
	 * that started during it counts all its CPU time.
	 * @param javaThreads the live Java threads at the end, which may have new names
	 * @return the JVM-internal tasks, each with its CPU time over the window
	 * @throws IOException if the task list cannot be read
	 */
	List<NativeTasks.Task> end(Thread[] javaThreads) throws IOException {
		for (Thread thread : javaThreads) {
			this.javaNames.add(NativeTasks.nativeName(thread.getName()));
		}
		List<NativeTasks.Task> internal = new ArrayList<>();
		for (NativeTasks.Task start : this.internalAtStart.values()) {
			long nanos = this.tasks.cpuNanos(start.id());
			if (nanos >= 0 && !this.javaNames.contains(start.comm())) {
				internal.add(new NativeTasks.Task(start.id(), start.comm(), Math.max(0, nanos - start.cpuNanos())));
			}
		}
		for (long id : this.tasks.ids()) {
			if (this.seen.contains(id)) {
				continue;
			}
			String comm = this.tasks.comm(id);
			long nanos = (comm != null && !this.javaNames.contains(comm)) ? this.tasks.cpuNanos(id) : -1;
			if (nanos >= 0) {
				internal.add(new NativeTasks.Task(id, comm, nanos));
			}
		}
		return internal;
	}

	/**
	 * The native id of a Java thread, when its native name tells it: one task has the name and one Java thread.
	 * @param javaName the Java thread's name
	 * @return the native id, or {@code -1} when unknown or ambiguous
	 */
	long nativeIdOf(String javaName) {
		String name = NativeTasks.nativeName(javaName);
		List<Long> ids = this.idsByName.get(name);
		return (ids != null && ids.size() == 1 && this.javaThreadsByName.getOrDefault(name, 0) == 1) ? ids.get(0) : -1;
	}

}
