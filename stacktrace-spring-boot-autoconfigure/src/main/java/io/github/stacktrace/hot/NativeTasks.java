package io.github.stacktrace.hot;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Reads the process's threads as the Linux kernel sees them, under {@code /proc/self/task}: every thread of the
 * process, the JVM's own (garbage collector, compiler, VM thread) included, with its native id, its name
 * ({@code comm}) and its CPU time. A task can end between listing and reading: it is then left out, never an error.
 */
final class NativeTasks {

	/** The kernel's clock tick for {@code stat} times: {@code USER_HZ}, 100 on every Linux architecture the JDK runs on. */
	private static final long NANOS_PER_TICK = 10_000_000L;

	/** The longest native thread name, in bytes: Linux keeps 15 and a terminating zero. */
	static final int MAX_NAME_BYTES = 15;

	private final Path root;

	private final LongSupplier count;

	private final byte[] buffer = new byte[1024];

	/**
	 * Reads the tasks under the given directory, counted by its links.
	 * @param root the task directory, {@code /proc/self/task} in production
	 */
	NativeTasks(Path root) {
		this(root, () -> linksOf(root) - 2);
	}

	/**
	 * Reads the tasks under the given directory.
	 * @param root the task directory
	 * @param count how many tasks there are, or a negative number when unknown
	 */
	NativeTasks(Path root, LongSupplier count) {
		this.root = root;
		this.count = count;
	}

	/**
	 * The tasks of this process, or {@code null} when the platform has no {@code /proc/self/task} (not Linux).
	 * @return the reader, or {@code null}
	 */
	static @Nullable NativeTasks ofThisProcess() {
		Path root = Path.of("/proc/self/task");
		return Files.isDirectory(root) ? new NativeTasks(root) : null;
	}

	/**
	 * The native ids of the live tasks.
	 * @return the ids, in no particular order
	 * @throws IOException if the directory cannot be listed
	 */
	List<Long> ids() throws IOException {
		// File#list: names only, no Path object per task.
		String[] names = this.root.toFile().list();
		if (names == null) {
			throw new IOException("cannot list " + this.root);
		}
		List<Long> ids = new ArrayList<>(names.length);
		for (String name : names) {
			if (!name.isEmpty() && name.chars().allMatch((c) -> c >= '0' && c <= '9')) {
				ids.add(Long.parseLong(name));
			}
		}
		return ids;
	}

	/**
	 * How many tasks there are, without listing them: the kernel gives {@code /proc/self/task} two links plus one per
	 * task, from a counter.
	 * @return the number of tasks, or a negative number when unknown
	 */
	long count() {
		return this.count.getAsLong();
	}

	private static long linksOf(Path directory) {
		try {
			return ((Number) Files.getAttribute(directory, "unix:nlink")).longValue();
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return -1;
		}
	}

	/**
	 * A task's name and CPU time, from its {@code stat} file.
	 * @param id the native id
	 * @return the task, or {@code null} when it ended or its file cannot be read
	 */
	@Nullable Task read(long id) {
		int length = readFile(id, "stat");
		return (length < 0) ? null : parseStat(id, this.buffer, length);
	}

	/**
	 * A task's name, from its {@code comm} file: far cheaper for the kernel to answer than {@code stat}.
	 * @param id the native id
	 * @return the name, one char per byte, or {@code null} when the task ended
	 */
	@Nullable String comm(long id) {
		int length = readFile(id, "comm");
		if (length <= 0) {
			return null;
		}
		// The kernel ends the name with a newline.
		int end = (this.buffer[length - 1] == '\n') ? length - 1 : length;
		return new String(this.buffer, 0, end, StandardCharsets.ISO_8859_1);
	}

	/**
	 * A task's CPU time in nanoseconds, from {@code schedstat} (nanosecond precision) or, where the kernel has no such
	 * file, from {@code stat} (clock ticks).
	 * @param id the native id
	 * @return the CPU time, or {@code -1} when the task ended
	 */
	long cpuNanos(long id) {
		int length = readFile(id, "schedstat");
		if (length > 0) {
			int end = 0;
			long nanos = 0;
			while (end < length && this.buffer[end] >= '0' && this.buffer[end] <= '9') {
				nanos = nanos * 10 + (this.buffer[end++] - '0');
			}
			if (end > 0) {
				return nanos;
			}
		}
		Task task = read(id);
		return (task != null) ? task.cpuNanos() : -1;
	}

	/**
	 * Parses a {@code stat} line: {@code tid (comm) state ppid …}, where {@code comm} may hold spaces and parentheses,
	 * so the fields are counted from the last {@code )}; {@code utime} and {@code stime} are fields 14 and 15.
	 * @param id the native id
	 * @param line the bytes of the line
	 * @param length how many bytes are valid
	 * @return the task, or {@code null} when the line is not a stat line
	 */
	static @Nullable Task parseStat(long id, byte[] line, int length) {
		int open = -1;
		int close = -1;
		for (int i = 0; i < length; i++) {
			if (line[i] == '(' && open < 0) {
				open = i;
			}
			else if (line[i] == ')') {
				close = i;
			}
		}
		if (open < 0 || close < open) {
			return null;
		}
		// ISO-8859-1 keeps every byte as one char, so names compare byte for byte.
		String comm = new String(line, open + 1, close - open - 1, StandardCharsets.ISO_8859_1);
		long[] fields = new long[2];
		int field = 2;
		int i = close + 1;
		while (i < length && field < 15) {
			while (i < length && line[i] == ' ') {
				i++;
			}
			field++;
			long value = 0;
			while (i < length && line[i] != ' ' && line[i] != '\n') {
				value = (line[i] >= '0' && line[i] <= '9') ? value * 10 + (line[i] - '0') : value;
				i++;
			}
			if (field == 14 || field == 15) {
				fields[field - 14] = value;
			}
		}
		if (field < 15) {
			return null;
		}
		return new Task(id, comm, (fields[0] + fields[1]) * NANOS_PER_TICK);
	}

	/**
	 * The name a Java thread's task carries: HotSpot gives a started thread's name to its native thread, cut by Linux
	 * to 15 bytes of UTF-8.
	 * @param javaName the Java thread's name
	 * @return the native name, one char per byte as {@link Task#comm()} holds it
	 */
	static String nativeName(String javaName) {
		if (isAscii(javaName)) {
			// One byte per char: no copy when it fits.
			return (javaName.length() <= MAX_NAME_BYTES) ? javaName : javaName.substring(0, MAX_NAME_BYTES);
		}
		byte[] utf8 = javaName.getBytes(StandardCharsets.UTF_8);
		return new String(utf8, 0, Math.min(utf8.length, MAX_NAME_BYTES), StandardCharsets.ISO_8859_1);
	}

	private static boolean isAscii(String name) {
		for (int i = 0; i < name.length(); i++) {
			if (name.charAt(i) >= 0x80) {
				return false;
			}
		}
		return true;
	}

	private int readFile(long id, String file) {
		try (FileInputStream in = new FileInputStream(this.root + "/" + id + "/" + file)) {
			int length = 0;
			int read;
			while (length < this.buffer.length && (read = in.read(this.buffer, length, this.buffer.length - length)) > 0) {
				length += read;
			}
			return length;
		}
		catch (IOException ex) {
			// The task ended between listing and reading.
			return -1;
		}
	}

	/**
	 * One task.
	 *
	 * @param id the native id
	 * @param comm the native name, one char per byte
	 * @param cpuNanos user and system CPU time, in nanoseconds, at clock-tick precision
	 */
	record Task(long id, String comm, long cpuNanos) {

		/**
		 * The native name as text, its bytes read as UTF-8.
		 * @return the name
		 */
		String name() {
			return new String(this.comm.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
		}

	}

}
