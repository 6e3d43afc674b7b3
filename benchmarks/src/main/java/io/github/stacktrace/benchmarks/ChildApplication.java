package io.github.stacktrace.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.github.stacktrace.benchmarks.BenchmarkSupport.freePort;
import static io.github.stacktrace.benchmarks.BenchmarkSupport.tail;

/**
 * {@link BenchmarkApplication} running in a child JVM on a free loopback port, with its safepoint log in a
 * temporary directory, and the HTTP client the benchmarks call it with. Closing it stops the child and keeps the
 * logs.
 */
final class ChildApplication implements AutoCloseable {

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5)).build();

	private final Process process;

	private final Path work;

	private final Path safepointLog;

	private final String base;

	private ChildApplication(Process process, Path work, Path safepointLog, int port) {
		this.process = process;
		this.work = work;
		this.safepointLog = safepointLog;
		this.base = "http://127.0.0.1:" + port;
	}

	/**
	 * Starts the application and waits until it answers {@code /actuator/health}.
	 * @param java the {@code java} executable
	 * @param jvmOptions options before the class path, e.g. the heap size
	 * @param appArguments the application's own arguments, e.g. {@code --bench.pool-threads=2000}
	 * @return the running application
	 * @throws Exception if it does not start
	 */
	static ChildApplication start(String java, List<String> jvmOptions, List<String> appArguments) throws Exception {
		Path work = Files.createTempDirectory("stacktrace-bench-");
		Path safepointLog = work.resolve("safepoint.log");
		Path appLog = work.resolve("app.log");
		int port = freePort();
		String classpath = Paths
			.get(ChildApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		List<String> command = new ArrayList<>();
		command.add(java);
		command.addAll(jvmOptions);
		command.add("-Xlog:safepoint=info:file=" + safepointLog);
		command.addAll(List.of("-cp", classpath, BenchmarkApplication.class.getName(), "--server.port=" + port));
		command.addAll(appArguments);
		System.out.println("# starting: " + String.join(" ", command));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(appLog.toFile()).start();
		ChildApplication app = new ChildApplication(process, work, safepointLog, port);
		try {
			app.awaitUp(appLog);
		}
		catch (Exception ex) {
			app.close();
			throw ex;
		}
		return app;
	}

	URI uri(String path) {
		return URI.create(this.base + path);
	}

	Path safepointLog() {
		return this.safepointLog;
	}

	long safepointLogSize() throws IOException {
		return Files.size(this.safepointLog);
	}

	/**
	 * The safepoints logged since the given size of the log.
	 */
	SafepointWindow safepointsSince(long logSize) throws IOException {
		return SafepointWindow.parse(BenchmarkSupport.readFrom(this.safepointLog, logSize));
	}

	/**
	 * A GET that must answer 200.
	 * @param path the path and query
	 * @param accept the {@code Accept} header
	 * @return the answer and how long it took
	 * @throws IOException on a failed exchange or another status
	 * @throws InterruptedException if interrupted
	 */
	Response get(String path, String accept) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(uri(path)).header("Accept", accept)
			.timeout(Duration.ofSeconds(120)).GET().build();
		long started = System.nanoTime();
		HttpResponse<byte[]> response = this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
		long nanos = System.nanoTime() - started;
		if (response.statusCode() != 200) {
			String body = new String(response.body(), StandardCharsets.UTF_8);
			throw new IOException(path + " answered " + response.statusCode() + ": "
					+ body.substring(0, Math.min(body.length(), 2000)));
		}
		return new Response(response.body(), nanos);
	}

	private void awaitUp(Path appLog) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
		HttpRequest health = HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(5)).GET()
			.build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("application exited: " + tail(appLog));
			}
			try {
				if (this.client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
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

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		System.out.println("# logs kept in " + this.work);
	}

	/**
	 * A 200 answer.
	 *
	 * @param body the body
	 * @param nanos from sending the request to the last byte of the answer
	 */
	record Response(byte[] body, long nanos) {

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		/** The first few KB, where the report's header is. */
		String head() {
			return new String(this.body, 0, Math.min(this.body.length, 4096), StandardCharsets.UTF_8);
		}

		double millis() {
			return this.nanos / 1e6;
		}

	}

}
