package io.github.stacktrace.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.stacktrace.test.HttpTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo deadlock is found by a filtered FULL capture, cycle and lock lines included.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationDeadlockTests {

	private final HttpTestClient actuator;

	SampleApplicationDeadlockTests(@LocalServerPort int port) {
		this.actuator = HttpTestClient.local(port).withBasicAuth("actuator", "actuator-demo");
	}

	@Test
	void blockedFilterInFullModeNamesTheDeadlockCycle() throws Exception {
		String started = get("/demo/deadlock");
		Matcher ids = Pattern.compile("(\\d+) \\(demo-deadlock-ledger\\) (\\d+) \\(demo-deadlock-inventory\\)")
			.matcher(started);
		assertThat(ids.find()).as(started).isTrue();
		long ledger = Long.parseLong(ids.group(1));
		long inventory = Long.parseLong(ids.group(2));
		String report = await().atMost(Duration.ofSeconds(20))
			.until(() -> get("/actuator/stacktrace?state=BLOCKED&mode=full"), (body) -> body.contains("deadlocked=true"));
		List<Long> cycle = List.of(Math.min(ledger, inventory), Math.max(ledger, inventory));
		assertThat(report).contains("deadlocks: " + cycle + "\n")
			.contains("----- thread " + ledger + " (demo-deadlock-ledger) status=ok state=BLOCKED")
			.contains("----- thread " + inventory + " (demo-deadlock-inventory) status=ok state=BLOCKED")
			.contains("owned by \"demo-deadlock-inventory\" id=" + inventory)
			.contains("owned by \"demo-deadlock-ledger\" id=" + ledger)
			.containsPattern("  - locked <0x[0-9a-f]+> \\(a java.lang.Object\\)");
	}

	private String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.actuator.get(path);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

}
