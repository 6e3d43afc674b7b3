package io.github.stacktrace.recording;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.stacktrace.recording.RequestContextTestApplication.AsyncJobs;
import io.github.stacktrace.recording.RequestContextTestApplication.Gates;
import io.github.stacktrace.test.Gate;
import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.StrictJson;
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
 * An application with every request, {@code @Async} method and {@code @Scheduled} task on a virtual thread, on Java 25
 * with default settings, where the JDK's thread dump is off: the virtual threads that serve them are found, with what
 * they serve and their stacks, while they run, and are gone after.
 */
@EnabledForJreRange(min = JRE.JAVA_25)
@SpringBootTest(classes = RequestContextTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=stacktrace",
				"logging.level.org.apache.catalina.core=off", "spring.threads.virtual.enabled=true" })
class VirtualThreadsWebIntegrationTests {

	private static final Pattern ORDER_SECTION = Pattern.compile("----- thread (\\d+) \\([^)]*\\) status=ok "
			+ "state=\\w+ frames=\\d+ virtual=true request=\"GET /orders/\\{id\\}\" elapsed_ms=\\d+"
			+ " trace_id=[0-9a-f]+ span_id=[0-9a-f]+ -----\\n");

	@LocalServerPort
	private int port;

	@Autowired
	private Gates gates;

	@Autowired
	private AsyncJobs asyncJobs;

	private HttpTestClient http;

	private final Gate gate = new Gate();

	@BeforeEach
	void setUp() {
		this.http = HttpTestClient.local(this.port);
	}

	@AfterEach
	void release() {
		this.gate.release.countDown();
		this.gates.order.set(null);
		this.gates.scheduled.set(null);
		this.gates.async.set(null);
	}

	@Test
	void aHeldRequestIsFoundByItsElapsedTimeWithItsRouteAndStackAndByItsThreadId() throws Exception {
		this.gates.order.set(this.gate);
		CompletableFuture<HttpResponse<String>> held = this.http.sendAsync(this.http.request("/orders/o-1"));
		assertThat(this.gate.entered.await(30, TimeUnit.SECONDS)).isTrue();
		String report = await().until(() -> this.http.get("/actuator/stacktrace?min_elapsed_ms=50").body(),
				(body) -> ORDER_SECTION.matcher(body).find());
		assertThat(report).contains("\nvirtual_threads: tracked\n")
			.contains("\nnotice: virtual threads running no request or Spring task are not listed")
			.contains("RequestContextTestApplication$OrdersController.order(");
		// The capturing request runs on a virtual thread too; it is the capture, not what is stuck.
		assertThat(report.split("\n----- thread ", -1)).as(report).hasSize(2);
		Matcher section = ORDER_SECTION.matcher(report);
		assertThat(section.find()).isTrue();
		String id = section.group(1);
		String byId = this.http.get("/actuator/stacktrace?thread_id=" + id).body();
		assertThat(byId).contains("----- thread " + id + " (")
			.containsPattern("status=ok state=\\w+ frames=\\d+ virtual=true request=\"GET /orders/\\{id\\}\"");
		String json = this.http.get("/actuator/stacktrace?min_elapsed_ms=50&format=json").body();
		Map<?, ?> parsed = (Map<?, ?>) StrictJson.parse(json);
		assertThat(parsed.get("virtual_threads")).isEqualTo("tracked");
		assertThat((List<?>) parsed.get("threads")).singleElement().satisfies((thread) -> {
			Map<?, ?> fields = (Map<?, ?>) thread;
			assertThat(fields.get("id")).isEqualTo(Long.parseLong(id));
			assertThat(fields.get("virtual")).isEqualTo(true);
			assertThat(fields.get("request")).isEqualTo("GET /orders/{id}");
			assertThat((List<?>) fields.get("frames"))
				.anyMatch((frame) -> String.valueOf(((Map<?, ?>) frame).get("class")).endsWith("OrdersController"));
		});
		this.gate.release.countDown();
		assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/actuator/stacktrace?thread_id=" + id).body())
			.contains("----- thread " + id + " (?) status=thread_exited");
	}

	@Test
	void anAsyncMethodOnAVirtualThreadIsShownWhileItRunsAndGoneAfter() throws Exception {
		this.gates.async.set(this.gate);
		this.asyncJobs.export();
		assertThat(this.gate.entered.await(30, TimeUnit.SECONDS)).isTrue();
		String id = heldTask("ASYNC AsyncJobs.export");
		this.gate.release.countDown();
		await().until(() -> this.http.get("/actuator/stacktrace?thread_id=" + id).body(),
				(body) -> body.contains("----- thread " + id + " (?) status=thread_exited"));
	}

	@Test
	void aScheduledTaskOnAVirtualThreadIsShownWhileItRunsAndGoneAfter() throws Exception {
		this.gates.scheduled.set(this.gate);
		assertThat(this.gate.entered.await(30, TimeUnit.SECONDS)).isTrue();
		String id = heldTask("SCHEDULED ScheduledJobs.reconcile");
		this.gates.scheduled.set(null);
		this.gate.release.countDown();
		await().until(() -> this.http.get("/actuator/stacktrace?thread_id=" + id).body(),
				(body) -> body.contains("----- thread " + id + " (?) status=thread_exited"));
	}

	/** The id of the one virtual thread the report shows running the task, held at its gate. */
	private String heldTask(String task) throws IOException, InterruptedException {
		Pattern section = Pattern.compile("----- thread (\\d+) \\([^)]*\\) status=ok state=\\w+ frames=\\d+"
				+ " virtual=true request=\"" + Pattern.quote(task) + "\" elapsed_ms=\\d+[^\\n]*-----\\n");
		String report = this.http.get("/actuator/stacktrace").body();
		assertThat(report).contains("\nvirtual_threads: tracked\n").contains("Gate.pass(");
		Matcher matcher = section.matcher(report);
		assertThat(matcher.find()).as(report).isTrue();
		return matcher.group(1);
	}

}
