package io.github.stacktrace.actuate;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.github.stacktrace.test.HttpTestClient;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that ask for a large report and then stop reading: they hold at most the in-flight bound, a request beyond
 * it gets a one-line 503 with {@code Retry-After}, and after the write timeout their reports are abandoned, their
 * memory released and the endpoint answers again.
 */
@SpringBootTest(classes = StackTraceTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=stacktrace", "stacktrace.in-flight.max-reports=2",
				"stacktrace.in-flight.write-timeout=5s", "stacktrace.in-flight.retry-after=7s" })
@ExtendWith(OutputCaptureExtension.class)
class StackTraceEndpointSlowClientTests {

	// Enough text that a client which reads nothing fills the socket buffers on both sides and the server's writes
	// stall: over 5 MB of JSON, more than the largest send buffer Linux gives a socket by default (4 MB).
	private static final int THREADS = 600;

	private static final String LONG_NAME = "slow-client-" + "n".repeat(8000) + "-";

	private final int port;

	// Built before the test starts its clock: the first client in a JVM takes a while to build.
	private final HttpTestClient http;

	@Autowired
	private InFlightReports inFlight;

	private final TestThreads threads = new TestThreads();

	private final List<Socket> stalled = new ArrayList<>();

	StackTraceEndpointSlowClientTests(@LocalServerPort int port) {
		this.port = port;
		this.http = HttpTestClient.local(port);
	}

	@AfterEach
	void stop() throws Exception {
		for (Socket socket : this.stalled) {
			socket.close();
		}
		this.threads.stopAll();
	}

	@Test
	void stalledClientsAreBoundedRefusedBeyondTheBoundAndCutOffAfterTheWriteTimeout(CapturedOutput output)
			throws Exception {
		for (int i = 0; i < THREADS; i++) {
			this.threads.start(LONG_NAME + i, () -> TestThreads.parkUntilInterrupted(new CountDownLatch(1)));
		}
		this.stalled.add(askAndStall());
		this.stalled.add(askAndStall());
		await().atMost(Duration.ofSeconds(60)).until(() -> this.inFlight.count() == 2);
		assertThat(this.inFlight.chars()).isGreaterThan(1_000_000);

		HttpResponse<String> refused = get();
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
		assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain"));
		assertThat(refused.body()).isEqualTo("too many stack trace reports are being sent (2 of 2): retry later\n");

		// Nobody reads for the write timeout: both reports are abandoned and what they held is released.
		await().atMost(Duration.ofSeconds(60)).until(() -> this.inFlight.count() == 0);
		assertThat(this.inFlight.chars()).isZero();
		// One line for each abandoned report, when it is abandoned, and no stack.
		assertThat(output.getAll().lines().filter((line) -> line.contains("Stack trace report abandoned"))).hasSize(2);
		assertThat(output).doesNotContain("\tat ");
		HttpResponse<String> answered = get();
		assertThat(answered.statusCode()).isEqualTo(200);
		assertThat(answered.headers().firstValue("Retry-After")).isEmpty();
		assertThat(this.inFlight.count()).isZero();
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
		InputStream in = socket.getInputStream();
		byte[] first = in.readNBytes(100);
		assertThat(new String(first, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
		return socket;
	}

	private HttpResponse<String> get() throws Exception {
		return this.http.get("/actuator/stacktrace");
	}

}
