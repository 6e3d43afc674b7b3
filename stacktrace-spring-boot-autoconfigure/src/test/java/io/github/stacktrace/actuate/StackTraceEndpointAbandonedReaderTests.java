package io.github.stacktrace.actuate;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.StrictJson;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.support.ServletRequestHandledEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that asks for a large report and never reads it, on Tomcat: once the report is abandoned its connection is
 * ended, so the request thread blocked writing it is free at once rather than after Tomcat's own write timeout (five
 * minutes here), with one line logged and nothing else; the client reads what was sent before the cut and then the
 * end of the connection, without the end of the answer.
 */
@SpringBootTest(classes = StackTraceTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=stacktrace", "stacktrace.in-flight.write-timeout=1s",
				"server.tomcat.connection-timeout=5m" })
@ExtendWith(OutputCaptureExtension.class)
class StackTraceEndpointAbandonedReaderTests {

	// Over 5 MB of JSON: more than the socket buffers of both sides hold, so the server's writes stall.
	private static final int THREADS = 600;

	private static final String LONG_NAME = "abandoned-reader-" + "n".repeat(8000) + "-";

	private static final String BLOCKING_WRITE = "org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper";

	private final HttpTestClient http;

	private final int port;

	private final Queue<ServletRequestHandledEvent> handled = new ConcurrentLinkedQueue<>();

	private final TestThreads threads = new TestThreads();

	@Autowired
	private InFlightReports inFlight;

	private Socket stalled;

	StackTraceEndpointAbandonedReaderTests(@LocalServerPort int port,
			@Autowired ConfigurableApplicationContext context) {
		this.port = port;
		this.http = HttpTestClient.local(port);
		context.addApplicationListener((ApplicationListener<ServletRequestHandledEvent>) (event) -> {
			if (event.getRequestUrl().startsWith("/actuator/stacktrace")) {
				this.handled.add(event);
			}
		});
	}

	@AfterEach
	void stop() throws Exception {
		if (this.stalled != null) {
			this.stalled.close();
		}
		this.threads.stopAll();
	}

	@Test
	void abandonedReportEndsItsConnectionAndFreesTheRequestThreadLongBeforeTomcatsTimeout(CapturedOutput output)
			throws Exception {
		for (int i = 0; i < THREADS; i++) {
			this.threads.start(LONG_NAME + i, () -> TestThreads.parkUntilInterrupted(new CountDownLatch(1)));
		}
		int logged = output.getAll().length();
		this.stalled = askAndStall();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.inFlight.count() == 1);

		// Abandoned after one second; the thread writing it would otherwise wait in Tomcat's write for five minutes.
		await().atMost(Duration.ofSeconds(60)).until(() -> !this.handled.isEmpty());
		assertThat(this.handled).hasSize(1);
		assertThat(this.inFlight.count()).isZero();
		assertThat(this.inFlight.chars()).isZero();
		await().atMost(Duration.ofSeconds(30)).until(() -> threadsWritingToSockets().isEmpty());

		// The next client is served in full.
		HttpResponse<String> next = this.http.get("/actuator/stacktrace?format=json");
		assertThat(next.statusCode()).isEqualTo(200);
		assertThat(StrictJson.parse(next.body())).isNotNull();

		// The stalled client, reading again, gets what was sent before the cut and then the end of the connection:
		// no last chunk, so an HTTP client sees the answer as cut.
		byte[] rest = readToEnd(this.stalled);
		String tail = new String(rest, Math.max(0, rest.length - 200), Math.min(rest.length, 200),
				StandardCharsets.UTF_8);
		assertThat(rest.length).isGreaterThan(0);
		assertThat(tail).doesNotEndWith("\r\n0\r\n\r\n").doesNotContain("report cut here");

		List<String> lines = output.getAll().substring(logged).lines().toList();
		assertThat(lines.stream().filter((line) -> line.contains("Stack trace report abandoned"))).hasSize(1);
		assertThat(lines).noneMatch((line) -> line.contains(" ERROR ") || line.contains(" WARN "))
			.noneMatch((line) -> line.startsWith("\tat "));
	}

	/**
	 * Asks for the JSON report over a socket with a tiny receive buffer, reads the first bytes and then nothing.
	 */
	private Socket askAndStall() throws Exception {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(2048);
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 10_000);
		OutputStream out = socket.getOutputStream();
		out.write(("GET /actuator/stacktrace?format=json HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		byte[] first = socket.getInputStream().readNBytes(100);
		assertThat(new String(first, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
		return socket;
	}

	// A read timeout, so that a connection left open fails the test rather than hanging it.
	private static byte[] readToEnd(Socket socket) throws Exception {
		socket.setSoTimeout(30_000);
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		in.transferTo(all);
		return all.toByteArray();
	}

	private static List<String> threadsWritingToSockets() {
		return Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((entry) -> Arrays.stream(entry.getValue())
				.anyMatch((frame) -> BLOCKING_WRITE.equals(frame.getClassName())
						&& "doWrite".equals(frame.getMethodName())))
			.map((entry) -> entry.getKey().getName())
			.toList();
	}

}
