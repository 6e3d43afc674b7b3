package io.github.stacktrace.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's Prometheus scrape shows the stacktrace meters after real requests.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationMetricsTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void identicalRequestsShowCacheHitsAndEachOutcomeIsCounted() throws Exception {
		// The application context is shared with other test classes: compare with a scrape taken first.
		String before = get("/actuator/prometheus").body();
		assertThat(get("/actuator/stacktrace").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/stacktrace").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/stacktrace?timeout_ms=0").statusCode()).isEqualTo(400);
		String after = get("/actuator/prometheus").body();
		assertThat(increase(before, after,
				"stacktrace_capture_seconds_count{mode=\"fast\",outcome=\"ok\",scope=\"all\"}"))
			.isEqualTo(2);
		assertThat(increase(before, after,
				"stacktrace_capture_seconds_count{mode=\"none\",outcome=\"bad_request\",scope=\"all\"}"))
			.isEqualTo(1);
		assertThat(increase(before, after, "cache_gets_total{cache=\"stacktrace.frames\",result=\"hit\"}"))
			.isPositive();
		assertThat(increase(before, after, "stacktrace_capture_threads_total{status=\"ok_current_thread\"}"))
			.isEqualTo(2);
		assertThat(value(after, "stacktrace_capture_active")).isZero();
	}

	private static double increase(String before, String after, String series) {
		return value(after, series) - valueOrZero(before, series);
	}

	private static double valueOrZero(String scrape, String series) {
		Matcher matcher = pattern(series).matcher(scrape);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	private static Pattern pattern(String series) {
		return Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$");
	}

	private static double value(String scrape, String series) {
		Matcher matcher = pattern(series).matcher(scrape);
		assertThat(matcher.find()).as(series).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString("actuator:actuator-demo".getBytes(StandardCharsets.UTF_8)))
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
