package io.github.stacktrace.recording;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.recording.RequestContextTestApplication.Gates;
import io.github.stacktrace.test.HttpTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing is left behind: after 10,000 requests that end in every way (a response, an exception, a {@code Callable},
 * an async timeout, a client that resets the connection mid-response), no thread is shown serving anything and no
 * slot was kept per request.
 */
@RequestContextTest
class RequestContextLeakTests {

	private static final int OK = 6_600;

	private static final int FAILED = 1_000;

	private static final int CALLABLE = 2_000;

	private static final int TIMED_OUT = 200;

	private static final int ABORTED = 200;

	private static final int CLIENTS = 8;

	@LocalServerPort
	private int port;

	@Autowired
	private RequestContextRegistry registry;

	@Autowired
	private Gates gates;

	@Test
	void theRegistryIsEmptyAfterTenThousandRequestsEndingEveryWay() throws Exception {
		assertThat(OK + FAILED + CALLABLE + TIMED_OUT + ABORTED).isEqualTo(10_000);
		HttpTestClient http = HttpTestClient.local(this.port);
		int timedOutBefore = this.gates.timedOut.get();
		int abortedBefore = this.gates.aborted.get();
		List<CompletableFuture<HttpResponse<String>>> timeouts = new ArrayList<>();
		for (int i = 0; i < TIMED_OUT; i++) {
			timeouts.add(http.sendAsync(http.request("/leak/timeout")));
		}
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			statuses.addAll(send(clients, http, "/leak/ok", OK));
			statuses.addAll(send(clients, http, "/leak/fail", FAILED));
			statuses.addAll(send(clients, http, "/leak/callable", CALLABLE));
			List<Future<?>> resets = new ArrayList<>(ABORTED);
			for (int i = 0; i < ABORTED; i++) {
				resets.add(clients.submit(() -> {
					resetMidResponse();
					return null;
				}));
			}
			int ok = 0;
			int failed = 0;
			for (Future<?> reset : resets) {
				reset.get();
			}
			for (Future<Integer> status : statuses) {
				if (status.get() == 200) {
					ok++;
				}
				else if (status.get() == 500) {
					failed++;
				}
			}
			assertThat(ok).isEqualTo(OK + CALLABLE);
			assertThat(failed).isEqualTo(FAILED);
		}
		finally {
			clients.shutdown();
		}
		for (CompletableFuture<HttpResponse<String>> timeout : timeouts) {
			assertThat(timeout.get().statusCode()).isEqualTo(503);
		}
		assertThat(this.gates.timedOut.get() - timedOutBefore).isEqualTo(TIMED_OUT);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.gates.aborted.get() - abortedBefore).isEqualTo(ABORTED));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.registry.servingCount()).isZero());
		// One slot per thread that served, never one per request.
		assertThat(this.registry.slotCount()).isLessThanOrEqualTo(Thread.activeCount());
	}

	private static List<Future<Integer>> send(ExecutorService clients, HttpTestClient http, String path, int count) {
		List<Future<Integer>> statuses = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			statuses.add(clients.submit(() -> http.get(path).statusCode()));
		}
		return statuses;
	}

	/**
	 * Asks for a long response, reads its first bytes, so the handler is writing, then resets the connection.
	 */
	private void resetMidResponse() throws Exception {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write("GET /leak/abort HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			assertThat(in.read(new byte[1024])).isPositive();
			socket.setSoLinger(true, 0);
		}
	}

}
