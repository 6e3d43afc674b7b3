package io.github.stacktrace.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Concurrent requests over real HTTP while threads start and end all the time: every answer is a consistent report
 * or a 409, and afterwards the single-flight lock is free and no capture thread is left.
 */
@SpringBootTest(classes = StackTraceEndpointConcurrencyTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=stacktrace", "stacktrace.in-flight.max-reports=32" })
class StackTraceEndpointConcurrencyTests {

	private static final int CLIENTS = 16;

	private static final int ROUNDS = 5;

	private static final int CHURN_IN_FLIGHT = 8;

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private StackTraceCaptureService service;

	private final TestThreads threads = new TestThreads();

	private final ConcurrentLinkedDeque<Long> recentChurnIds = new ConcurrentLinkedDeque<>();

	private final AtomicLong churned = new AtomicLong();

	private ExecutorService clients;

	private volatile boolean churning;

	@BeforeEach
	void startChurnAndClients() {
		this.clients = Executors.newFixedThreadPool(CLIENTS);
		this.churning = true;
		this.threads.start("churn", this::churn);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.churned.get() >= CHURN_IN_FLIGHT);
	}

	@AfterEach
	void stopChurnAndClients() throws Exception {
		this.churning = false;
		this.threads.stopAll();
		this.clients.shutdownNow();
		assertThat(this.clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void concurrentRequestsDuringThreadChurnGetConsistentReportsOrConflict() throws Exception {
		List<HttpResponse<String>> responses = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			String query = switch (round % 3) {
				case 0 -> "";
				case 1 -> "?mode=full";
				default -> "?mode=disabled";
			};
			responses.addAll(fireRound(() -> query));
		}
		assertAllConsistent(responses);
		assertLockReleasedAndNoCaptureThreadLeft();
	}

	@Test
	void concurrentRequestsForDyingThreadsGetConsistentReportsOrConflict() throws Exception {
		List<HttpResponse<String>> responses = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			String mode = (round % 2 == 0) ? "fast" : "full";
			responses.addAll(fireRound(() -> "?mode=" + mode + "&thread_id=" + dyingIds()));
		}
		assertAllConsistent(responses);
		for (HttpResponse<String> response : responses) {
			if (response.statusCode() == 200) {
				String query = response.request().uri().getQuery();
				String[] asked = query.substring(query.indexOf("thread_id=") + "thread_id=".length()).split(",");
				TextReport report = TextReport.parse(response.body());
				assertThat(report.threadCount()).isEqualTo(asked.length);
				for (int i = 0; i < asked.length; i++) {
					assertThat(report.sectionLines().get(i)).as("sections in the order asked")
						.startsWith("----- thread " + asked[i] + " ")
						.matches(".* status=(ok|thread_exited|timeout)( .*)? -----");
				}
			}
		}
		assertLockReleasedAndNoCaptureThreadLeft();
	}

	private List<HttpResponse<String>> fireRound(Supplier<String> query) throws Exception {
		CyclicBarrier start = new CyclicBarrier(CLIENTS);
		List<Future<HttpResponse<String>>> futures = new ArrayList<>(CLIENTS);
		for (int i = 0; i < CLIENTS; i++) {
			String q = query.get();
			futures.add(this.clients.submit(() -> {
				start.await(30, TimeUnit.SECONDS);
				return client.send(request(q), HttpResponse.BodyHandlers.ofString());
			}));
		}
		List<HttpResponse<String>> responses = new ArrayList<>(CLIENTS);
		for (Future<HttpResponse<String>> future : futures) {
			responses.add(future.get(60, TimeUnit.SECONDS));
		}
		return responses;
	}

	private static void assertAllConsistent(List<HttpResponse<String>> responses) {
		assertThat(responses).hasSize(ROUNDS * CLIENTS);
		assertThat(responses).extracting(HttpResponse::statusCode).allMatch((status) -> status == 200 || status == 409)
			.contains(200);
		for (HttpResponse<String> response : responses) {
			if (response.statusCode() == 200) {
				TextReport.parse(response.body()).assertConsistent();
			}
			else {
				assertThat(response.body()).isEqualTo("another thread stack trace request is running\n");
			}
		}
	}

	private void assertLockReleasedAndNoCaptureThreadLeft() {
		await().atMost(Duration.ofSeconds(30)).until(() -> client
			.send(request("?mode=disabled"), HttpResponse.BodyHandlers.ofString())
			.statusCode() == 200);
		assertThat(this.service.isCaptureRunning()).isFalse();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
			.noneMatch((thread) -> thread.getName().startsWith("stacktrace-capture-")));
	}

	/** Ids of the churn's most recent threads, most of them ended or about to end. */
	private String dyingIds() {
		List<Long> ids = new ArrayList<>(this.recentChurnIds);
		return ids.subList(Math.max(0, ids.size() - 12), ids.size())
			.stream()
			.map(String::valueOf)
			.collect(Collectors.joining(","));
	}

	/** Starts and ends short-lived threads until told to stop, with a bounded number alive at once. */
	private void churn() {
		Deque<Thread> alive = new ArrayDeque<>();
		try {
			while (this.churning && !Thread.currentThread().isInterrupted()) {
				long lifetime = ThreadLocalRandom.current().nextLong(2_000_000, 10_000_000);
				Thread thread = new Thread(() -> LockSupport.parkNanos(lifetime), "churn-" + this.churned.get());
				thread.setDaemon(true);
				thread.start();
				alive.addLast(thread);
				this.recentChurnIds.addLast(TestThreads.id(thread));
				if (this.recentChurnIds.size() > 64) {
					this.recentChurnIds.pollFirst();
				}
				this.churned.incrementAndGet();
				if (alive.size() >= CHURN_IN_FLIGHT) {
					alive.pollFirst().join();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			for (Thread thread : alive) {
				joinUninterruptibly(thread);
			}
		}
	}

	private static void joinUninterruptibly(Thread thread) {
		boolean interrupted = Thread.interrupted();
		while (thread.isAlive()) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private HttpRequest request(String query) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/stacktrace" + query))
			.header("Accept", "text/plain")
			.timeout(Duration.ofSeconds(60))
			.build();
	}

	@SpringBootApplication
	static class TestApplication {

	}

}
