package io.github.stacktrace.sample;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.stacktrace.test.HttpTestClient;
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

	private final HttpTestClient actuator;

	SampleApplicationMetricsTests(@LocalServerPort int port) {
		this.actuator = HttpTestClient.local(port).withBasicAuth("actuator", "actuator-demo");
	}

	@Test
	void identicalRequestsShowCacheHitsAndEachOutcomeIsCounted() throws Exception {
		// The application context is shared with other test classes: compare with a scrape taken first.
		String before = this.actuator.get("/actuator/prometheus").body();
		assertThat(this.actuator.get("/actuator/stacktrace").statusCode()).isEqualTo(200);
		assertThat(this.actuator.get("/actuator/stacktrace").statusCode()).isEqualTo(200);
		assertThat(this.actuator.get("/actuator/stacktrace?timeout_ms=0").statusCode()).isEqualTo(400);
		String after = this.actuator.get("/actuator/prometheus").body();
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

}
