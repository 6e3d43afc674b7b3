package io.github.stacktrace.autoconfigure;

import java.time.Duration;

import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.actuate.RawParameters;
import io.github.stacktrace.actuate.StackTraceEndpoint;
import io.github.stacktrace.metrics.FrameRenderCacheMetrics;
import io.github.stacktrace.metrics.StackTraceMetrics;
import io.github.stacktrace.report.StackTraceRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StackTraceMetricsAutoConfiguration}.
 */
class StackTraceMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(StackTraceEndpointAutoConfiguration.class,
				StackTraceMetricsAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=stacktrace");

	@Test
	void runsWithAMeterRegistry() {
		this.contextRunner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(StackTraceMetrics.class)
				.hasSingleBean(FrameRenderCacheMetrics.class));
	}

	@Test
	void metersAppearAfterACaptureThroughTheServiceBean() {
		// Boot's metrics auto-configuration is what binds MeterBinder beans to the registry.
		this.contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
				assertThat(registry.find("stacktrace.capture.active").gauge()).isNotNull();
				assertThat(registry.find("cache.gets").tag("cache", "stacktrace.frames").functionCounters())
					.hasSize(2);
				context.getBean(StackTraceCaptureService.class)
					.capture(StackTraceRequest.allThreads(Duration.ofSeconds(1)));
				assertThat(registry.get("stacktrace.capture")
					.tags("outcome", "ok", "mode", "fast", "scope", "all")
					.timer()
					.count()).isEqualTo(1);
				assertThat(registry.get("stacktrace.capture.threads").counters()).isNotEmpty();
				assertThat(registry.get("stacktrace.capture.active").gauge().value()).isZero();
			});
	}

	@Test
	void renderingAReportThroughTheEndpointShowsInTheCacheMeters() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
				context.getBean(StackTraceEndpoint.class).report(RawParameters.NONE);
				assertThat(registry.get("cache.gets")
					.tags("cache", "stacktrace.frames", "result", "miss")
					.functionCounter()
					.count()).isPositive();
				assertThat(registry.get("cache.size").tag("cache", "stacktrace.frames").gauge().value()).isPositive();
			});
	}

	@Test
	void doesNotRunWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(StackTraceEndpoint.class)
			.doesNotHaveBean(StackTraceMetrics.class)
			.doesNotHaveBean(FrameRenderCacheMetrics.class));
	}

	@Test
	void endpointWorksWithoutMicrometerOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer")).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(StackTraceEndpoint.class)
				.doesNotHaveBean("stackTraceMetrics")
				.doesNotHaveBean("stackTraceFrameRenderCacheMetrics");
			assertThat(context.getBean(StackTraceEndpoint.class).report(RawParameters.NONE))
				.startsWith("JVM thread stack traces");
		});
	}

	@Test
	void userDefinedStackTraceMetricsWins() {
		StackTraceMetrics custom = new StackTraceMetrics();
		this.contextRunner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("customStackTraceMetrics", StackTraceMetrics.class, () -> custom)
			.run((context) -> {
				assertThat(context).hasSingleBean(StackTraceMetrics.class).hasSingleBean(FrameRenderCacheMetrics.class);
				assertThat(context.getBean(StackTraceMetrics.class)).isSameAs(custom);
			});
	}

	@Test
	void doesNotRunWhenTheEndpointIsNotExposed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(StackTraceEndpointAutoConfiguration.class,
					StackTraceMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).doesNotHaveBean(StackTraceEndpoint.class)
				.doesNotHaveBean(StackTraceMetrics.class)
				.doesNotHaveBean(FrameRenderCacheMetrics.class));
	}

	@Test
	void doesNotRunWhenTheEndpointAccessIsNone() {
		this.contextRunner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("management.endpoint.stacktrace.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(StackTraceEndpoint.class)
				.doesNotHaveBean(StackTraceMetrics.class)
				.doesNotHaveBean(FrameRenderCacheMetrics.class));
	}

}
