package io.github.stacktrace.webflux;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.test.HttpTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebFlux client that closes its connection during a hot-threads window: Reactor cancels the operation and
 * interrupts its thread, the window ends and frees the slot, and the request counts as cancelled, with no warning.
 */
@WebFluxRequestContextTest
@ExtendWith(OutputCaptureExtension.class)
class WebFluxDisconnectTests {

	@LocalServerPort
	private int port;

	@Autowired
	private StackTraceCaptureService service;

	@Autowired
	private MeterRegistry registry;

	@Test
	void clientThatClosesDuringAHotThreadsWindowEndsItAsCancelled(CapturedOutput output) throws Exception {
		double cancelled = count("cancelled");
		double errors = count("error");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 10_000);
			OutputStream out = socket.getOutputStream();
			// A window of 25 s: only the disconnect can end it within the wait below.
			out.write(("GET /actuator/stacktrace/hot?interval_ms=25000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			await().atMost(Duration.ofSeconds(20)).until(this.service::isCaptureRunning);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.service.isCaptureRunning());
		assertThat(HttpTestClient.local(this.port).get("/actuator/stacktrace?mode=disabled").statusCode())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> count("cancelled") == cancelled + 1);
		assertThat(count("error")).isEqualTo(errors);
		assertThat(output).doesNotContain("interrupted").doesNotContain("cancelled while").doesNotContain("WARN");
	}

	private double count(String outcome) {
		Timer timer = this.registry.find("stacktrace.capture").tag("outcome", outcome).tag("scope", "hot").timer();
		return (timer != null) ? timer.count() : 0;
	}

}
