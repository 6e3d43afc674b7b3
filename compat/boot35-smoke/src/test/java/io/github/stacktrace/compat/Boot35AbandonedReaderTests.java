package io.github.stacktrace.compat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.TestThreads;
import org.apache.catalina.util.ServerInfo;
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
 * On Boot 3.5's Tomcat 10.1 too, a client that never reads its report has its connection ended once the report is
 * abandoned: the request thread writing it is free long before Tomcat's own write timeout, with one line logged.
 */
@SpringBootTest(classes = Boot35SmokeApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=stacktrace", "stacktrace.in-flight.write-timeout=1s",
				"server.tomcat.connection-timeout=5m" })
@ExtendWith(OutputCaptureExtension.class)
class Boot35AbandonedReaderTests {

	// Over 5 MB of JSON: more than the socket buffers of both sides hold, so the server's writes stall.
	private static final int THREADS = 600;

	private static final String LONG_NAME = "boot35-abandoned-" + "n".repeat(8000) + "-";

	private final HttpTestClient http;

	private final int port;

	private final Queue<ServletRequestHandledEvent> handled = new ConcurrentLinkedQueue<>();

	private final TestThreads threads = new TestThreads();

	private Socket stalled;

	Boot35AbandonedReaderTests(@LocalServerPort int port, @Autowired ConfigurableApplicationContext context) {
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
	void runsOnTomcat101() {
		assertThat(ServerInfo.getServerNumber()).startsWith("10.1.");
	}

	@Test
	void abandonedReportFreesTheRequestThreadLongBeforeTomcatsTimeout(CapturedOutput output) throws Exception {
		for (int i = 0; i < THREADS; i++) {
			this.threads.start(LONG_NAME + i, () -> TestThreads.parkUntilInterrupted(new CountDownLatch(1)));
		}
		int logged = output.getAll().length();
		this.stalled = askAndStall();

		// Abandoned after one second; the thread writing it would otherwise wait in Tomcat's write for five minutes.
		await().atMost(Duration.ofSeconds(60)).until(() -> !this.handled.isEmpty());
		assertThat(this.handled).hasSize(1);
		this.stalled.setSoTimeout(30_000);
		assertThat(this.stalled.getInputStream().readAllBytes()).isNotEmpty();
		HttpResponse<String> next = this.http.get("/actuator/stacktrace?thread_id=1");
		assertThat(next.statusCode()).isEqualTo(200);

		List<String> lines = output.getAll().substring(logged).lines().toList();
		assertThat(lines.stream().filter((line) -> line.contains("Stack trace report abandoned"))).hasSize(1);
		assertThat(lines).noneMatch((line) -> line.contains(" ERROR ") || line.contains(" WARN "))
			.noneMatch((line) -> line.startsWith("\tat "));
	}

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

}
