package io.github.stacktrace.benchmarks;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the end-to-end benchmarks share: command-line options, a free loopback port, reading a child JVM's logs.
 */
final class BenchmarkSupport {

	private BenchmarkSupport() {
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

	/**
	 * Waits until a child application answers {@code /actuator/health} with 200, or fails with the end of its log
	 * when it exits or does not come up within three minutes.
	 */
	static void awaitUp(Process app, Path appLog, HttpClient client, String base) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
		while (System.nanoTime() < deadline) {
			if (!app.isAlive()) {
				throw new IllegalStateException("application exited: " + tail(appLog));
			}
			try {
				HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
					.timeout(Duration.ofSeconds(5)).GET().build();
				if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("application did not start in 3 minutes: " + tail(appLog));
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

}
