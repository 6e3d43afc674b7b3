package io.github.stacktrace.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.report.StuckRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StuckRequestMetrics}.
 */
class StuckRequestMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void gaugeFollowsStuckRequestsAndCounterCountsThemByMethodAndRoute() {
		StuckRequestMetrics metrics = new StuckRequestMetrics(100);
		metrics.bindTo(this.registry);
		StuckRequest first = stuck(1, "GET", "/orders/{id}");
		StuckRequest second = stuck(2, "GET", "/orders/{id}");
		metrics.stuck(first);
		metrics.stuck(second);
		metrics.stuck(stuck(3, "SCHEDULED", "Jobs.cleanup"));
		assertThat(gauge("GET", "/orders/{id}")).isEqualTo(2.0);
		assertThat(gauge("SCHEDULED", "Jobs.cleanup")).isEqualTo(1.0);
		metrics.ended(first);
		assertThat(gauge("GET", "/orders/{id}")).isEqualTo(1.0);
		assertThat(this.registry.get("stacktrace.requests.stuck.detected")
			.tags("method", "GET", "uri", "/orders/{id}")
			.counter()
			.count()).isEqualTo(2.0);
		assertThat(this.registry.get("stacktrace.requests.stuck").gauge().getId().getDescription()).isNotBlank();
	}

	@Test
	void requestsFoundBeforeBindingAreCounted() {
		StuckRequestMetrics metrics = new StuckRequestMetrics(100);
		metrics.stuck(stuck(1, "POST", "/orders"));
		metrics.bindTo(this.registry);
		assertThat(gauge("POST", "/orders")).isEqualTo(1.0);
		assertThat(this.registry.get("stacktrace.requests.stuck.detected").counter().count()).isEqualTo(1.0);
	}

	@Test
	void routesPastTheBoundCountAsOther() {
		StuckRequestMetrics metrics = new StuckRequestMetrics(2);
		metrics.bindTo(this.registry);
		for (int i = 0; i < 5; i++) {
			metrics.stuck(stuck(i, "GET", "/route" + i));
		}
		assertThat(this.registry.find("stacktrace.requests.stuck").gauges()).hasSize(3);
		assertThat(gauge("GET", StuckRequestMetrics.OTHER)).isEqualTo(3.0);
	}

	private double gauge(String method, String uri) {
		return this.registry.get("stacktrace.requests.stuck").tags("method", method, "uri", uri).gauge().value();
	}

	private static StuckRequest stuck(long id, String method, String route) {
		RequestContext request = new RequestContext(method, route, id, Duration.ofSeconds(61), null, null);
		ThreadCapture thread = ThreadCapture.captured(id, "worker-" + id, Thread.State.WAITING, CaptureStatus.OK,
				List.of(), null, null).withRequest(request);
		return new StuckRequest(id, thread, 0, Instant.EPOCH, id, null);
	}

}
