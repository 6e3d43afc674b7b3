package io.github.stacktrace.actuate;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.test.HttpTestClient;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Clients that send a request and close their connection while it works: the window or capture they started ends,
 * the slot is free for the next request long before the window would have ended, the request counts as cancelled, and
 * nothing is logged above DEBUG.
 */
@SpringBootTest(classes = StackTraceTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=stacktrace")
@ExtendWith(OutputCaptureExtension.class)
class StackTraceEndpointDisconnectTests {

	private final int port;

	private final HttpTestClient http;

	@Autowired
	private StackTraceCaptureService service;

	@Autowired
	private RecordingListener listener;

	@Autowired
	private MeterRegistry registry;

	StackTraceEndpointDisconnectTests(@LocalServerPort int port) {
		this.port = port;
		this.http = HttpTestClient.local(port);
	}

	@AfterEach
	void release() {
		this.listener.release();
	}

	@Test
	void clientThatClosesDuringAHotThreadsWindowEndsItAndFreesTheSlot(CapturedOutput output) throws Exception {
		double cancelled = count("hot");
		// A window of 25 s: only the disconnect can end it within the wait below.
		try (Socket socket = send("/actuator/stacktrace/hot?interval_ms=25000")) {
			await().atMost(Duration.ofSeconds(20)).until(this.service::isCaptureRunning);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.service.isCaptureRunning());
		HttpResponse<String> next = this.http.get("/actuator/stacktrace?mode=disabled");
		assertThat(next.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> count("hot") == cancelled + 1);
		assertThat(output).doesNotContain("Exception").doesNotContain("Thread stack");
	}

	@Test
	void clientThatClosesDuringACaptureEndsItAndFreesTheSlot(CapturedOutput output) throws Exception {
		double cancelled = count("all");
		this.listener.holdNextCapture();
		try (Socket socket = send("/actuator/stacktrace")) {
			await().atMost(Duration.ofSeconds(20)).until(this.service::isCaptureRunning);
		}
		// The capture is held until the listener is released, 30 s from now: only the disconnect ends it sooner.
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.service.isCaptureRunning());
		HttpResponse<String> next = this.http.get("/actuator/stacktrace?mode=disabled");
		assertThat(next.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> count("all") == cancelled + 1);
		assertThat(output).doesNotContain("Exception").doesNotContain("Thread stack");
	}

	/** Sends a request over a raw connection, to be closed without reading the answer. */
	private Socket send(String pathAndQuery) throws Exception {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 10_000);
		OutputStream out = socket.getOutputStream();
		out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return socket;
	}

	private double count(String scope) {
		var timer = this.registry.find("stacktrace.capture").tag("outcome", "cancelled").tag("scope", scope).timer();
		return (timer != null) ? timer.count() : 0;
	}

}
