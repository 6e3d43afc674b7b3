package io.github.stacktrace.webflux;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.webflux.WebFluxTestApplication.Gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sends requests to {@link WebFluxTestApplication} that end in every way a reactive request ends (a response on the
 * event loop, an error, a response from a bounded-elastic thread, a client that disconnects while the request waits, a
 * client that resets the connection mid-body), checks each ended as meant, then that no thread shows a request and
 * that no slot was kept per request.
 */
final class RequestEndings {

	private static final int CLIENTS = 8;

	private final int port;

	private final HttpTestClient http;

	private final Gates gates;

	RequestEndings(int port, Gates gates) {
		this.port = port;
		this.http = HttpTestClient.local(port);
		this.gates = gates;
	}

	/**
	 * Sends the requests and checks that nothing is left behind: of every 40, 16 answered on the event loop, 4 failing,
	 * 18 answered from a bounded-elastic thread, one cancelled while waiting, one cancelled while writing.
	 * @param total how many requests, a multiple of 40
	 * @param registry the application's registry
	 */
	void sendAndCheckNothingLeaks(int total, RequestContextRegistry registry) throws Exception {
		assertThat(total % 40).isZero();
		int share = total / 40;
		int cancelledBefore = this.gates.cancelled.get();
		int abortedBefore = this.gates.aborted.get();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			statuses.addAll(send(clients, "/leak/ok", 16 * share));
			statuses.addAll(send(clients, "/leak/fail", 4 * share));
			statuses.addAll(send(clients, "/leak/elastic", 18 * share));
			List<Future<?>> disconnects = new ArrayList<>();
			for (int i = 0; i < share; i++) {
				disconnects.add(clients.submit(() -> {
					disconnectWhileWaiting();
					return null;
				}));
				disconnects.add(clients.submit(() -> {
					resetMidBody();
					return null;
				}));
			}
			for (Future<?> disconnect : disconnects) {
				disconnect.get();
			}
			int ok = 0;
			int failed = 0;
			for (Future<Integer> status : statuses) {
				if (status.get() == 200) {
					ok++;
				}
				else if (status.get() == 500) {
					failed++;
				}
			}
			assertThat(ok).isEqualTo(34 * share);
			assertThat(failed).isEqualTo(4 * share);
		}
		finally {
			clients.shutdown();
		}
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.gates.cancelled.get() - cancelledBefore).isEqualTo(share));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.gates.aborted.get() - abortedBefore).isEqualTo(share));
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(registry.servingCount()).isZero());
		// One slot per thread that ran a request, never one per request.
		assertThat(registry.slotCount()).isLessThanOrEqualTo(Thread.activeCount());
	}

	private List<Future<Integer>> send(ExecutorService clients, String path, int count) {
		List<Future<Integer>> statuses = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			statuses.add(clients.submit(() -> this.http.get(path).statusCode()));
		}
		return statuses;
	}

	/**
	 * Reads the first event of a stream whose next event comes only after minutes, so the request is waiting, then
	 * resets the connection.
	 */
	private void disconnectWhileWaiting() throws Exception {
		readFirstBytesAndReset("GET /leak/pending HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
	}

	/**
	 * Reads the first bytes of a long body, so the application is writing, then resets the connection.
	 */
	private void resetMidBody() throws Exception {
		readFirstBytesAndReset("GET /leak/abort HTTP/1.1\r\nHost: localhost\r\n\r\n");
	}

	private void readFirstBytesAndReset(String request) throws Exception {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			assertThat(in.read(new byte[1024])).isPositive();
			socket.setSoLinger(true, 0);
		}
	}

}
