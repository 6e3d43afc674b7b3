package io.github.stacktrace.recording;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.github.stacktrace.recording.RequestContextTestApplication.AsyncJobs;
import io.github.stacktrace.recording.RequestContextTestApplication.Gates;
import io.github.stacktrace.test.Gate;
import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.StrictJson;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hot threads of an application whose requests and {@code @Async} methods run on virtual threads, on Java 25 with
 * default settings: a request held on a latch is among the waiting threads, a task blocked on a monitor among the
 * blocked ones, each a tracked virtual thread with its request and stack and its value marked as sampled; a CPU report
 * says that virtual threads' CPU time is on their carriers.
 */
@EnabledForJreRange(min = JRE.JAVA_25)
@SpringBootTest(classes = RequestContextTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=stacktrace",
				"logging.level.org.apache.catalina.core=off", "spring.threads.virtual.enabled=true" })
class VirtualThreadsHotThreadsWebIntegrationTests {

	private static final String HOT = "/actuator/stacktrace/hot?interval_ms=100&snapshots=4&threads=5";

	private static final Pattern HELD_ORDER = Pattern.compile("(?m)^----- thread \\d+ \\([^)]*\\) state=TIMED_WAITING"
			+ " waited=\\d+\\.\\d% \\(\\d+ ms of \\d+ ms\\)( snapshots=\\d/4)? virtual=true measured=sampled"
			+ " instants_in_state=4 instants_sampled=4 request=\"GET /orders/\\{id\\}\" elapsed_ms=\\d+"
			+ " trace_id=[0-9a-f]+ span_id=[0-9a-f]+ -----$");

	private static final Pattern BLOCKED_TASK = Pattern.compile("(?m)^----- thread \\d+ \\([^)]*\\) state=BLOCKED"
			+ " blocked=\\d+\\.\\d% \\(\\d+ ms of \\d+ ms\\)( snapshots=\\d/4)? virtual=true measured=sampled"
			+ " instants_in_state=4 instants_sampled=4 request=\"ASYNC AsyncJobs.enter\" elapsed_ms=\\d+[^\\n]* -----$");

	@LocalServerPort
	private int port;

	@Autowired
	private Gates gates;

	@Autowired
	private AsyncJobs asyncJobs;

	private HttpTestClient http;

	private final Gate gate = new Gate();

	private final TestThreads threads = new TestThreads();

	@BeforeEach
	void setUp() {
		this.http = HttpTestClient.local(this.port);
	}

	@AfterEach
	void release() throws Exception {
		this.gate.release.countDown();
		this.gates.order.set(null);
		this.threads.stopAll();
	}

	@Test
	void aRequestHeldOnALatchIsAmongTheWaitingThreadsAsASampledVirtualThreadWithItsRouteAndStack() throws Exception {
		this.gates.order.set(this.gate);
		CompletableFuture<HttpResponse<String>> held = this.http.sendAsync(this.http.request("/orders/o-1"));
		assertThat(this.gate.entered.await(30, TimeUnit.SECONDS)).isTrue();
		String report = await().until(() -> this.http.get(HOT + "&type=wait").body(),
				(body) -> HELD_ORDER.matcher(body).find());
		assertThat(report).contains("\nvirtual_threads: sampled\n")
			.containsPattern("\nsampled_virtual_threads: [1-9]\\d*\n")
			.contains("\nnotice: virtual threads have no waited time counter")
			.contains("RequestContextTestApplication$OrdersController.order(");
		String json = this.http.get(HOT + "&type=wait&format=json").body();
		Map<?, ?> parsed = (Map<?, ?>) StrictJson.parse(json);
		assertThat(parsed.get("virtual_threads")).isEqualTo("sampled");
		assertThat((List<?>) parsed.get("threads")).filteredOn((thread) -> ((Map<?, ?>) thread).get("virtual") != null)
			.anySatisfy((thread) -> {
				Map<?, ?> fields = (Map<?, ?>) thread;
				assertThat(fields.get("virtual")).isEqualTo(true);
				assertThat(fields.get("measured")).isEqualTo("sampled");
				assertThat(fields.get("request")).isEqualTo("GET /orders/{id}");
				assertThat(fields.get("instants_sampled")).isEqualTo(4L);
				List<?> stacks = (List<?>) fields.get("stacks");
				assertThat((List<?>) ((Map<?, ?>) stacks.get(0)).get("frames")).anyMatch(
						(frame) -> String.valueOf(((Map<?, ?>) frame).get("class")).endsWith("OrdersController"));
			});
		this.gate.release.countDown();
		assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	@Test
	void aTaskBlockedOnAMonitorIsAmongTheBlockedThreadsAsASampledVirtualThread() throws Exception {
		Object monitor = new Object();
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch releaseMonitor = new CountDownLatch(1);
		this.threads.start("monitor-holder",
				() -> TestThreads.holdMonitorAndAwait(monitor, holding, releaseMonitor));
		assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
		CountDownLatch entering = new CountDownLatch(1);
		this.asyncJobs.enter(monitor, entering);
		assertThat(entering.await(30, TimeUnit.SECONDS)).isTrue();
		try {
			String report = await().until(() -> this.http.get(HOT + "&type=block").body(),
					(body) -> BLOCKED_TASK.matcher(body).find());
			assertThat(report).contains("\nvirtual_threads: sampled\n")
				.contains("\nnotice: virtual threads have no blocked time counter")
				.contains("RequestContextTestApplication$AsyncJobs.enter(");
		}
		finally {
			releaseMonitor.countDown();
		}
	}

	@Test
	void aCpuReportSaysThatVirtualThreadsAreCountedOnTheirCarriersInEveryFormat() throws Exception {
		String text = this.http.get(HOT + "&type=cpu").body();
		assertThat(text).contains("\nnotice: virtual threads have no CPU time nor allocated bytes of their own")
			.doesNotContain("virtual=true")
			.doesNotContain("\nvirtual_threads:");
		Map<?, ?> json = (Map<?, ?>) StrictJson.parse(this.http.get(HOT + "&type=cpu&format=json").body());
		assertThat((List<?>) json.get("notices")).anyMatch((notice) -> String.valueOf(notice)
			.startsWith("virtual threads have no CPU time nor allocated bytes of their own"));
		assertThat(this.http.get(HOT + "&type=cpu&format=html").body())
			.contains("virtual threads have no CPU time nor allocated bytes of their own");
	}

}
