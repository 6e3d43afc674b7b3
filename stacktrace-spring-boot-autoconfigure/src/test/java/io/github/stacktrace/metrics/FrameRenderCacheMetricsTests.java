package io.github.stacktrace.metrics;

import java.util.List;

import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.report.DetailMode;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FrameRenderCacheMetrics}.
 */
class FrameRenderCacheMetricsTests {

	private static final List<StackTraceElement> ORDERS = List.of(frame("OrderService", "price", 88),
			frame("OrderController", "create", 41));

	private static final List<StackTraceElement> PAYMENTS = List.of(frame("PaymentService", "charge", 12));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	// One entry at most, so a second distinct block evicts the first.
	private final FrameRenderCache cache = new FrameRenderCache(1, 1_000_000);

	@Test
	void hitsMissesPutsEvictionsAndSizeAreVisibleUnderCacheConventions() {
		new FrameRenderCacheMetrics(this.cache).bindTo(this.registry);
		this.cache.render(ORDERS, 0, ORDERS.size(), DetailMode.FAST);
		this.cache.render(ORDERS, 0, ORDERS.size(), DetailMode.FAST);
		this.cache.render(PAYMENTS, 0, PAYMENTS.size(), DetailMode.FAST);
		assertThat(functionCount("cache.gets", "result", "hit")).isEqualTo(1);
		assertThat(functionCount("cache.gets", "result", "miss")).isEqualTo(2);
		assertThat(this.registry.get("cache.puts").tag("cache", "stacktrace.frames").functionCounter().count())
			.isEqualTo(2);
		assertThat(this.registry.get("cache.evictions").tag("cache", "stacktrace.frames").functionCounter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("cache.size").tag("cache", "stacktrace.frames").gauge().value()).isEqualTo(1);
	}

	@Test
	void sameFramesInAnotherModeAreAMiss() {
		new FrameRenderCacheMetrics(this.cache).bindTo(this.registry);
		this.cache.render(ORDERS, 0, ORDERS.size(), DetailMode.FAST);
		this.cache.render(ORDERS, 0, ORDERS.size(), DetailMode.DISABLED);
		assertThat(functionCount("cache.gets", "result", "hit")).isZero();
		assertThat(functionCount("cache.gets", "result", "miss")).isEqualTo(2);
	}

	@Test
	void everyMeterIsTaggedWithTheCacheNameAndDescribed() {
		new FrameRenderCacheMetrics(this.cache, Tags.of("app", "orders")).bindTo(this.registry);
		assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsExactlyInAnyOrder("cache.gets", "cache.gets", "cache.puts", "cache.evictions", "cache.size");
		assertThat(this.registry.getMeters()).extracting(Meter::getId).allSatisfy((id) -> {
			assertThat(id.getTag("cache")).isEqualTo("stacktrace.frames");
			assertThat(id.getTag("app")).isEqualTo("orders");
			assertThat(id.getDescription()).isNotBlank();
		});
	}

	private double functionCount(String name, String tag, String value) {
		return this.registry.get(name).tags("cache", "stacktrace.frames", tag, value).functionCounter().count();
	}

	private static StackTraceElement frame(String type, String method, int line) {
		return new StackTraceElement("com.example." + type, method, type + ".java", line);
	}

}
