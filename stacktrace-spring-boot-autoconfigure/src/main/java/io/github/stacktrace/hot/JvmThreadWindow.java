package io.github.stacktrace.hot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

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
 * tasks and of the JVM's own only. Listing the tasks costs the kernel microseconds per task, milliseconds for
 * thousands: while no thread started or ended since the last listing (see {@link Listing}), a window reuses it and
 * what it found, and reads the CPU time of the JVM's own tasks only.
 */
final class JvmThreadWindow {

	private final NativeTasks tasks;

	private final Listing listing;

	private final Thread[] javaThreads;

	// Every task at the window's start, index for index with its native name (null when it ended before it was read).
	private final long[] ids;

	private final @Nullable String[] names;

	private final List<NativeTasks.Task> internalAtStart = new ArrayList<>();

	private @Nullable Map<String, Integer> javaThreadsByName;

	private JvmThreadWindow(NativeTasks tasks, Listing listing, Thread[] javaThreads, long[] ids,
			@Nullable String[] names) {
		this.tasks = tasks;
		this.listing = listing;
		this.javaThreads = javaThreads;
		this.ids = ids;
		this.names = names;
	}

	/**
	 * Reads every task at the window's start: the name of each task not known to be a Java thread, and the CPU time
	 * of each JVM-internal one.
	 * @param tasks the process's tasks
	 * @param javaThreads the live Java threads but the calling one
	 * @param javaIds their ids, index for index
	 * @param pid the process id: its task, the primordial thread, carries the process's name
	 * @param javaTasks the names of the tasks found to be Java threads by earlier windows, by native id; updated here
	 * @param listing the task list last read, reused while no thread started or ended since; updated here
	 * @return the window
	 * @throws IOException if the task list cannot be read
	 */
	static JvmThreadWindow start(NativeTasks tasks, Thread[] javaThreads, long[] javaIds, long pid,
			Map<Long, String> javaTasks, Listing listing) throws IOException {
		if (listing.isCurrent(tasks, javaIds)) {
			JvmThreadWindow window = new JvmThreadWindow(tasks, listing, javaThreads, listing.ids, listing.names);
			if (window.readInternal(listing.internal)) {
				return window;
			}
			// A listed task has ended: the list is stale.
		}
		long count = tasks.count();
		List<Long> listed = tasks.ids();
		long[] ids = new long[listed.size()];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = listed.get(i);
		}
		String[] names = new String[ids.length];
		boolean[] internal = new boolean[ids.length];
		Set<String> javaNames = javaNames(javaThreads);
		String primordial = javaTasks.containsKey(pid) ? javaTasks.get(pid) : tasks.comm(pid);
		if (primordial != null) {
			javaNames.add(primordial);
		}
		javaTasks.keySet().retainAll(new HashSet<>(listed));
		for (int i = 0; i < ids.length; i++) {
			long id = ids[i];
			String known = javaTasks.get(id);
			String comm = (known != null) ? known : tasks.comm(id);
			if (comm == null) {
				continue;
			}
			names[i] = comm;
			if (javaNames.contains(comm)) {
				javaTasks.put(id, comm);
			}
			else {
				javaTasks.remove(id);
				internal[i] = true;
			}
		}
		JvmThreadWindow window = new JvmThreadWindow(tasks, listing, javaThreads, ids, names);
		window.readInternal(internal);
		listing.remember(count, javaIds, ids, names, internal);
		return window;
	}

	/** Reads the CPU time of the JVM-internal tasks; answers whether every one was read. */
	private boolean readInternal(boolean[] internal) {
		boolean all = true;
		for (int i = 0; i < this.ids.length; i++) {
			if (internal[i]) {
				long nanos = this.tasks.cpuNanos(this.ids[i]);
				if (nanos >= 0) {
					this.internalAtStart.add(new NativeTasks.Task(this.ids[i], this.names[i], nanos));
				}
				all &= nanos >= 0;
			}
		}
		return all;
	}

	/**
	 * Reads the JVM-internal tasks again at the window's end. A task that ended during the window is left out; one
	 * that started during it counts all its CPU time.
	 * @param javaThreads the live Java threads at the end but the calling one, which may have new names
	 * @param javaIds their ids, index for index
	 * @return the JVM-internal tasks, each with its CPU time over the window
	 * @throws IOException if the task list cannot be read
	 */
	List<NativeTasks.Task> end(Thread[] javaThreads, long[] javaIds) throws IOException {
		List<NativeTasks.Task> internal = new ArrayList<>();
		boolean ended = false;
		for (NativeTasks.Task start : this.internalAtStart) {
			long nanos = this.tasks.cpuNanos(start.id());
			if (nanos >= 0) {
				internal.add(new NativeTasks.Task(start.id(), start.comm(), Math.max(0, nanos - start.cpuNanos())));
			}
			ended |= nanos < 0;
		}
		if (!ended && this.listing.isCurrent(this.tasks, javaIds)) {
			// The same tasks as at the start: none started.
			return internal;
		}
		// The next window lists the tasks again.
		this.listing.forget();
		Set<String> javaNames = javaNames(this.javaThreads);
		javaNames.addAll(javaNames(javaThreads));
		internal.removeIf((task) -> javaNames.contains(task.comm()));
		Set<Long> seen = new HashSet<>(this.ids.length * 2);
		for (int i = 0; i < this.ids.length; i++) {
			if (this.names[i] != null) {
				seen.add(this.ids[i]);
			}
		}
		for (long id : this.tasks.ids()) {
			if (seen.contains(id)) {
				continue;
			}
			String comm = this.tasks.comm(id);
			long nanos = (comm != null && !javaNames.contains(comm)) ? this.tasks.cpuNanos(id) : -1;
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
		Map<String, Integer> byName = this.javaThreadsByName;
		if (byName == null) {
			byName = new HashMap<>();
			for (Thread thread : this.javaThreads) {
				byName.merge(NativeTasks.nativeName(thread.getName()), 1, Integer::sum);
			}
			this.javaThreadsByName = byName;
		}
		String name = NativeTasks.nativeName(javaName);
		if (byName.getOrDefault(name, 0) != 1) {
			return -1;
		}
		long found = -1;
		for (int i = 0; i < this.ids.length; i++) {
			if (name.equals(this.names[i])) {
				if (found >= 0) {
					return -1;
				}
				found = this.ids[i];
			}
		}
		return found;
	}

	/** The native names of the Java threads, the calling one included. */
	private static Set<String> javaNames(Thread[] javaThreads) {
		Set<String> names = new HashSet<>(javaThreads.length * 2);
		for (Thread thread : javaThreads) {
			names.add(NativeTasks.nativeName(thread.getName()));
		}
		// The thread serving the request is left out of the Java threads ranked, not out of the Java threads.
		names.add(NativeTasks.nativeName(Thread.currentThread().getName()));
		return names;
	}

	/**
	 * The process's tasks as a window last listed them, with their names and which are JVM-internal, and what the list
	 * was read against: the number of tasks the kernel counts and the live Java threads. While both are the same, no
	 * thread started or ended since, unless one ended as another started; the Java threads being the same, the one that
	 * ended is then a listed JVM-internal one, whose CPU time the window fails to read, and the window lists again.
	 */
	static final class Listing {

		private long count = -1;

		private long javaThreads;

		private long javaIdsSum;

		private long javaIdsMix;

		private long[] ids = new long[0];

		private @Nullable String[] names = new String[0];

		private boolean[] internal = new boolean[0];

		/**
		 * Whether the tasks are the ones last listed, as far as the task count and the Java threads tell.
		 * @param tasks the process's tasks
		 * @param javaIds the ids of the live Java threads but the calling one
		 * @return {@code true} when no thread started or ended, but as said above
		 */
		boolean isCurrent(NativeTasks tasks, long[] javaIds) {
			if (this.count < 0 || javaIds.length != this.javaThreads || sum(javaIds) != this.javaIdsSum
					|| mix(javaIds) != this.javaIdsMix) {
				return false;
			}
			return tasks.count() == this.count;
		}

		// The count is read before the list: a thread starting or ending between the two leaves them apart, so the
		// next window lists again.
		void remember(long count, long[] javaIds, long[] ids, @Nullable String[] names, boolean[] internal) {
			this.count = count;
			this.javaThreads = javaIds.length;
			this.javaIdsSum = sum(javaIds);
			this.javaIdsMix = mix(javaIds);
			this.ids = ids;
			this.names = names;
			this.internal = internal;
		}

		void forget() {
			this.count = -1;
		}

		// Two sums of the ids, scrambled, in any order, the calling thread's id included: the same threads, whichever
		// serves the request, give the same sums; other threads give the same two only by a chance too small to matter.
		private static long sum(long[] ids) {
			long sum = mixed(HotThreadsSampler.idOf(Thread.currentThread()), 0);
			for (long id : ids) {
				sum += mixed(id, 0);
			}
			return sum;
		}

		private static long mix(long[] ids) {
			long sum = mixed(HotThreadsSampler.idOf(Thread.currentThread()), 0x9E3779B97F4A7C15L);
			for (long id : ids) {
				sum += mixed(id, 0x9E3779B97F4A7C15L);
			}
			return sum;
		}

		// SplitMix64's finaliser.
		private static long mixed(long id, long salt) {
			long z = id + salt + 0x9E3779B97F4A7C15L;
			z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
			z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
			return z ^ (z >>> 31);
		}

	}

}
