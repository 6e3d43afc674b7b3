package io.github.stacktrace.benchmarks;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmarks share: command-line options, a free loopback port, reading a child JVM's logs, starting a
 * virtual thread from code compiled for Java 17.
 */
final class BenchmarkSupport {

	// Java 21 API, found at run time: this module compiles for Java 17. Looked up once, off the measured path.
	private static final Method START_VIRTUAL_THREAD = findStartVirtualThread();

	private BenchmarkSupport() {
	}

	/**
	 * Starts a virtual thread that runs the task ({@code Thread.startVirtualThread}).
	 * @throws UnsupportedOperationException before Java 21
	 */
	static Thread startVirtualThread(Runnable task) throws ReflectiveOperationException {
		if (START_VIRTUAL_THREAD == null) {
			throw new UnsupportedOperationException("virtual threads need Java 21");
		}
		return (Thread) START_VIRTUAL_THREAD.invoke(null, task);
	}

	/**
	 * Runs the task on a virtual thread of its own and waits for it to end.
	 * @throws UnsupportedOperationException before Java 21
	 */
	static void runOnVirtualThread(Runnable task) throws ReflectiveOperationException, InterruptedException {
		startVirtualThread(task).join();
	}

	private static Method findStartVirtualThread() {
		try {
			return Thread.class.getMethod("startVirtualThread", Runnable.class);
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

	/**
	 * The first group of the pattern's first match, trimmed.
	 */
	static String firstGroup(Pattern pattern, String text, String fallback) {
		Matcher matcher = pattern.matcher(text);
		return matcher.find() ? matcher.group(1).trim() : fallback;
	}

	/**
	 * What a file holds from the offset on, e.g. the safepoint log written since a request started.
	 */
	static String readFrom(Path file, long offset) throws IOException {
		try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
			byte[] bytes = new byte[(int) Math.max(0, in.length() - offset)];
			in.seek(offset);
			in.readFully(bytes);
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

	/**
	 * The last 30 lines of a log, for a failure message.
	 */
	static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * {@code --name value} pairs.
	 */
	static Map<String, String> options(String[] args) {
		Map<String, String> options = new TreeMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		return options;
	}

	/**
	 * The {@code java} executable the child JVM runs on: {@code --java}, else this JVM's.
	 */
	static String java(Map<String, String> options) {
		return options.getOrDefault("java", Paths.get(System.getProperty("java.home"), "bin", "java").toString());
	}

	static double median(double[] values) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/**
	 * A whole number without decimals, anything else with one.
	 */
	static String fmt(double value) {
		return (value == Math.rint(value)) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
	}

}
