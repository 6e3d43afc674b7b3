package io.github.stacktrace.actuate;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.StrictJson;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile thread names over real HTTP: names from the application that try to forge lines or sections of a report.
 */
@SharedStackTraceContext
class StackTraceEndpointHostileThreadNameTests {

	/** Hostile thread names and how the text report must show them. */
	private static final Map<String, String> HOSTILE_NAMES = hostileNames();

	private final HttpTestClient http;

	private final TestThreads threads = new TestThreads();

	StackTraceEndpointHostileThreadNameTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port).withBasePath("/actuator/stacktrace");
	}

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void hostileThreadNamesCannotForgeLinesOrSectionsInSelectedTextReport() throws Exception {
		Map<Long, String> escapedById = startHostileThreads();
		String ids = escapedById.keySet().stream().map(String::valueOf).collect(Collectors.joining(","));
		HttpResponse<String> response = this.http.get("?timeout_ms=10000&thread_id=" + ids, "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		String body = response.body();
		TextReport.assertNoRawControlCharacters(body);
		TextReport report = TextReport.parse(body).assertConsistent();
		assertThat(report.threadCount()).isEqualTo(escapedById.size());
		escapedById.forEach((id, escaped) -> assertThat(report.sectionsOf(id)).singleElement()
			.satisfies((line) -> assertThat(line).startsWith("----- thread " + id + " (" + escaped + ") status=ok ")
				.endsWith(" -----")));
		assertThat(body.lines()).noneMatch((line) -> line.startsWith("----- thread 1 (main)"));
		assertThat(body).contains("(a\\nb)", "(c\\rd)", "(esc\\u001b[31mred)", "(line\\u2028sep)",
				"(back\\\\slash)", "(tab\\there)", "(\\n----- thread 1 \\(main\\) status=ok -----)");
	}

	@Test
	void hostileThreadNamesCannotForgeLinesOrSectionsInFullTextReport() throws Exception {
		Map<Long, String> escapedById = startHostileThreads();
		for (String mode : new String[] { "fast", "full_with_inline" }) {
			HttpResponse<String> response = this.http.get("?mode=" + mode, "text/plain");
			assertThat(response.statusCode()).isEqualTo(200);
			String body = response.body();
			TextReport.assertNoRawControlCharacters(body);
			TextReport report = TextReport.parse(body).assertConsistent();
			escapedById.forEach((id, escaped) -> assertThat(report.sectionsOf(id)).as(mode)
				.singleElement()
				.satisfies((line) -> assertThat(line).startsWith("----- thread " + id + " (" + escaped + ") ")));
			// Thread 1 is really there in a full capture: its one real section, nothing forged.
			long mainSections = body.lines().filter((line) -> line.startsWith("----- thread 1 (main)")).count();
			assertThat(mainSections).isEqualTo(report.sectionsOf(1).size()).isLessThanOrEqualTo(1);
		}
	}

	@Test
	void hostileLockOwnerNameIsEscapedInFullMode() throws Exception {
		Object monitor = new Object();
		CountDownLatch locked = new CountDownLatch(1);
		Thread owner = this.threads.start("owner\n----- thread 1 (main) status=ok -----", () -> {
			synchronized (monitor) {
				locked.countDown();
				TestThreads.parkUntilInterrupted(new CountDownLatch(1));
			}
		});
		assertThat(locked.await(20, TimeUnit.SECONDS)).isTrue();
		Thread waiter = this.threads.start("waiter\u001b[2J", () -> {
			synchronized (monitor) {
				monitor.hashCode();
			}
		});
		await().atMost(20, TimeUnit.SECONDS).until(() -> waiter.getState() == Thread.State.BLOCKED);
		HttpResponse<String> response = this.http.get(
				"?timeout_ms=10000&mode=full&thread_id=" + TestThreads.id(waiter) + "," + TestThreads.id(owner),
				"text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		String body = response.body();
		TextReport.assertNoRawControlCharacters(body);
		TextReport.parse(body).assertConsistent();
		assertThat(body).contains("----- thread " + TestThreads.id(waiter) + " (waiter\\u001b[2J) status=ok")
			.contains("owned by \"owner\\n----- thread 1 (main) status=ok -----\" id=" + TestThreads.id(owner));
		assertThat(body.lines()).noneMatch((line) -> line.startsWith("----- thread 1 (main)"));
	}

	@Test
	void hostileThreadNamesRoundTripInJson() throws Exception {
		Map<Long, String> escapedById = startHostileThreads();
		Map<Long, String> rawById = new LinkedHashMap<>();
		List<String> raw = new ArrayList<>(HOSTILE_NAMES.keySet());
		List<Long> ids = new ArrayList<>(escapedById.keySet());
		for (int i = 0; i < ids.size(); i++) {
			rawById.put(ids.get(i), raw.get(i));
		}
		String idList = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
		for (String query : new String[] { "?format=json&thread_id=" + idList, "?format=json&mode=full", "" }) {
			HttpResponse<String> response = this.http.get(query, "application/json");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/json"));
			TextReport.assertNoRawControlCharacters(response.body());
			StrictJson.parse(response.body());
			rawById.forEach((id, name) -> {
				List<String> names = JsonPath.read(response.body(), "$.threads[?(@.id == " + id + ")].name");
				assertThat(names).as(query).containsExactly(name);
			});
		}
	}

	private Map<Long, String> startHostileThreads() throws InterruptedException {
		Map<Long, String> escapedById = new LinkedHashMap<>();
		for (Map.Entry<String, String> name : HOSTILE_NAMES.entrySet()) {
			escapedById.put(TestThreads.id(this.threads.startParked(name.getKey())), name.getValue());
		}
		return escapedById;
	}

	private static Map<String, String> hostileNames() {
		Map<String, String> names = new LinkedHashMap<>();
		names.put("a\nb", "a\\nb");
		names.put("c\rd", "c\\rd");
		names.put("esc\u001b[31mred", "esc\\u001b[31mred");
		names.put("\n----- thread 1 (main) status=ok -----", "\\n----- thread 1 \\(main\\) status=ok -----");
		names.put("line\u2028sep", "line\\u2028sep");
		names.put("back\\slash", "back\\\\slash");
		names.put("tab\there", "tab\\there");
		return names;
	}

}
