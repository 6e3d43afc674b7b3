package io.github.stacktrace.recording;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 * The tracked virtual threads of an application on Java 25 with default settings (the JDK's dump off), in every
 * format of a full capture: two requests held on one route and two on another whose threads carry a hostile name.
 * Each format shows the held threads with their route, as virtual threads, with their stacks, and keeps the hostile
 * name from breaking its lines or its markup.
 */
@EnabledForJreRange(min = JRE.JAVA_25)
@SpringBootTest(classes = RequestContextTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=stacktrace",
				"logging.level.org.apache.catalina.core=off", "spring.threads.virtual.enabled=true" })
class TrackedVirtualThreadFormatsWebIntegrationTests {

	private static final String HOSTILE = "vt\u001b[31m\n----- thread 1 (fake) <img src=x onerror=alert(1)>";

	private static final String HELD = "/actuator/stacktrace?min_elapsed_ms=1";

	@LocalServerPort
	private int port;

	@Autowired
	private Gates gates;

	private HttpTestClient http;

	private final Gate order = new Gate();

	private final Gate named = new Gate();

	private final List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();

	@BeforeEach
	void holdRequests() throws Exception {
		this.http = HttpTestClient.local(this.port);
		this.gates.order.set(this.order);
		this.gates.named.set(this.named);
		this.gates.threadName.set(HOSTILE);
		for (String path : List.of("/orders/o-1", "/orders/o-2", "/named/n-1", "/named/n-2")) {
			this.held.add(this.http.sendAsync(this.http.request(path)));
		}
		await().until(() -> this.http.get(HELD).body(), (body) -> body.contains("\nthread_count: 4\n"));
	}

	@AfterEach
	void release() throws Exception {
		this.order.release.countDown();
		this.named.release.countDown();
		for (CompletableFuture<HttpResponse<String>> request : this.held) {
			assertThat(request.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
		this.gates.order.set(null);
		this.gates.named.set(null);
	}

	@Test
	void groupedTextHasAGroupPerRouteCountingItsVirtualThreadsWithTheHostileNameOnItsLine() throws Exception {
		String text = this.http.get(HELD + "&group=true").body();
		assertThat(text).contains("\nvirtual_threads: tracked\n").doesNotContain("\u001b");
		assertThat(text.lines().filter((line) -> line.matches("----- 2 threads status=ok state=TIMED_WAITING"
				+ " frames=\\d+ virtual_count=2 serving=2 max_elapsed_ms=\\d+ -----")))
			.hasSize(2);
		// A group line counts its serving threads; each thread's route is in JSON, HTML and the ungrouped sections.
		assertThat(text).containsPattern("\nthreads: \\d+ \\(tomcat-handler-\\d+\\), \\d+ \\(tomcat-handler-\\d+\\)\n")
			.containsPattern("\nthreads: \\d+ \\(vt\\\\u001b\\[31m\\\\n----- thread 1 \\\\\\(fake\\\\\\) <img src=x"
					+ " onerror=alert\\\\\\(1\\\\\\)>\\), \\d+ \\(vt")
			.contains("RequestContextTestApplication$OrdersController.order(")
			.contains("RequestContextTestApplication$OrdersController.named(");
		assertThat(text.lines()).noneMatch((line) -> line.startsWith("----- thread 1 (fake)"));
	}

	@Test
	void textSectionsNameEachHeldThreadsRouteAsAVirtualThreadWithTheHostileNameOnItsLine() throws Exception {
		String text = this.http.get(HELD).body();
		assertThat(text.lines().filter((line) -> line.matches("----- thread \\d+ \\(tomcat-handler-\\d+\\) status=ok"
				+ " state=TIMED_WAITING frames=\\d+ virtual=true request=\"GET /orders/\\{id\\}\" .* -----")))
			.hasSize(2);
		assertThat(text.lines().filter((line) -> line.startsWith("----- thread ")
				&& line.contains(" (vt\\u001b[31m\\n----- thread 1 \\(fake\\) <img src=x onerror=alert\\(1\\)>) status=ok"
						+ " state=TIMED_WAITING frames=")
				&& line.contains(" virtual=true request=\"GET /named/{id}\" ")))
			.hasSize(2);
		assertThat(text).doesNotContain("\u001b");
	}

	@Test
	void groupedJsonCountsTheVirtualThreadsOfEachGroupAndReadsTheHostileNameBackExactly() throws Exception {
		Map<?, ?> json = (Map<?, ?>) StrictJson.parse(this.http.get(HELD + "&group=true&format=json").body());
		assertThat(json.get("virtual_threads")).isEqualTo("tracked");
		List<?> groups = (List<?>) json.get("groups");
		assertThat(groups).hasSize(2).allSatisfy((group) -> {
			Map<?, ?> fields = (Map<?, ?>) group;
			assertThat(fields.get("count")).isEqualTo(2L);
			assertThat(fields.get("virtual_count")).isEqualTo(2L);
			assertThat(fields.get("serving")).isEqualTo(2L);
		});
		List<Object> threads = new ArrayList<>();
		groups.forEach((group) -> threads.addAll((List<?>) ((Map<?, ?>) group).get("threads")));
		List<Object> requests = new ArrayList<>();
		threads.forEach((thread) -> requests.add(((Map<?, ?>) thread).get("request")));
		assertThat(requests).containsExactlyInAnyOrder("GET /orders/{id}", "GET /orders/{id}", "GET /named/{id}",
				"GET /named/{id}");
		assertThat(threads).filteredOn((thread) -> "GET /named/{id}".equals(((Map<?, ?>) thread).get("request")))
			.hasSize(2)
			.allSatisfy((thread) -> assertThat(((Map<?, ?>) thread).get("name")).isEqualTo(HOSTILE));
	}

	@Test
	void foldedCountsEachHeldStackOncePerThreadAndNamesNoThread() throws Exception {
		String folded = this.http.get(HELD + "&format=folded").body();
		assertThat(folded.lines()).hasSize(2)
			.anySatisfy((line) -> assertThat(line).startsWith("java.lang.VirtualThread.run(")
				.contains(";io.github.stacktrace.recording.RequestContextTestApplication$OrdersController.order(")
				.endsWith(" 2"))
			.anySatisfy((line) -> assertThat(line)
				.contains(";io.github.stacktrace.recording.RequestContextTestApplication$OrdersController.named(")
				.endsWith(" 2"));
		assertThat(folded).doesNotContain("\u001b").doesNotContain("<img");
	}

	@Test
	void jstackListsEachHeldThreadWithItsVirtualFactsRequestAndStackAndTheHostileNameEscaped() throws Exception {
		String jstack = this.http.get(HELD + "&format=jstack").body();
		assertThat(jstack).contains("\n// virtual_threads: tracked\n").doesNotContain("\u001b");
		assertThat(jstack).containsPattern("\n\"tomcat-handler-\\d+\" #\\d+ [^\\n]*\n"
				+ "   java.lang.Thread.State: TIMED_WAITING \\(parking\\)\n"
				+ "   // virtual_thread_facts: virtual=true\n"
				+ "   // request=\"GET /orders/\\{id\\}\" elapsed_ms=\\d+ [^\\n]*\n"
				+ "(\tat [^\\n]*\n)*\tat io.github.stacktrace.recording.RequestContextTestApplication"
				+ "\\$OrdersController.order\\(");
		assertThat(jstack.split("\n\"vt\\\\u001b\\[31m\\\\n----- thread 1 \\(fake\\) <img src=x onerror=alert\\(1\\)>\" #",
				-1))
			.hasSize(3);
		assertThat(jstack.lines()).noneMatch((line) -> line.startsWith("----- thread 1 (fake)"));
	}

	@Test
	void htmlDataListsTheHeldThreadsAsVirtualWithTheirRequestsAndKeepsTheHostileNameData() throws Exception {
		for (String query : List.of("&format=html", "&format=html&group=true")) {
			String page = this.http.get(HELD + query).body();
			String data = data(page);
			assertThat(data).doesNotContain("<", ">", "\u001b");
			assertThat(page).doesNotContain("<img");
			Map<?, ?> parsed = (Map<?, ?>) StrictJson.parse(data);
			List<?> groups = (List<?>) parsed.get("groups");
			assertThat(groups).hasSize(2).allSatisfy((group) -> {
				List<?> fields = (List<?>) group;
				assertThat(fields.get(0)).isEqualTo(2L);
				assertThat((String) fields.get(6)).startsWith("virtual_count=2 serving=2 max_elapsed_ms=");
			});
			List<List<?>> threads = new ArrayList<>();
			groups.forEach((group) -> ((List<?>) ((List<?>) group).get(4)).forEach((t) -> threads.add((List<?>) t)));
			assertThat(threads).hasSize(4)
				.allSatisfy((thread) -> assertThat((String) thread.get(2)).startsWith("virtual=true request=\"GET /"));
			assertThat(threads).filteredOn((thread) -> ((String) thread.get(2)).contains("/named/"))
				.hasSize(2)
				.allSatisfy((thread) -> assertThat(thread.get(1)).isEqualTo(HOSTILE));
			List<?> frames = (List<?>) parsed.get("frames");
			assertThat(frames).anyMatch((frame) -> String.valueOf(frame)
				.startsWith("io.github.stacktrace.recording.RequestContextTestApplication$OrdersController.order("));
		}
	}

	private static String data(String page) {
		String open = "<script type=\"application/json\" id=\"data\">";
		int start = page.indexOf(open) + open.length();
		return page.substring(start, page.indexOf("</script>", start));
	}

}
