package io.github.stacktrace.compat;

import io.github.stacktrace.actuate.StackTraceEndpoint;
import io.github.stacktrace.actuate.StackTraceEndpointWebExtension;
import io.github.stacktrace.autoconfigure.StackTraceEndpointAutoConfiguration;
import io.github.stacktrace.autoconfigure.StackTraceMetricsAutoConfiguration;
import io.github.stacktrace.metrics.FrameRenderCacheMetrics;
import io.github.stacktrace.metrics.StackTraceMetrics;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the starter's auto-configurations against Spring Boot 3.5's conditions and metrics auto-configurations.
 */
class Boot35StackTraceAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(StackTraceEndpointAutoConfiguration.class));

	@Test
	void endpointIsCreatedWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=stacktrace")
			.run((context) -> assertThat(context).hasSingleBean(StackTraceEndpoint.class)
				.hasSingleBean(StackTraceEndpointWebExtension.class));
	}

	@Test
	void webExtensionIsNotCreatedWhenExposedOverJmxOnly() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=stacktrace")
			.run((context) -> assertThat(context).hasSingleBean(StackTraceEndpoint.class)
				.doesNotHaveBean(StackTraceEndpointWebExtension.class));
	}

	@Test
	void endpointBacksOffWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(StackTraceEndpoint.class));
	}

	@Test
	void endpointBacksOffWhenAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=stacktrace",
					"management.endpoint.stacktrace.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(StackTraceEndpoint.class));
	}

	@Test
	void metricsAreBoundAfterBoot35MetricsAutoConfigurations() {
		// Listed in an order that only works if the string-named "after" ordering applies on Boot 3.5.
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(StackTraceMetricsAutoConfiguration.class,
					MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=stacktrace")
			.run((context) -> assertThat(context).hasSingleBean(StackTraceMetrics.class)
				.hasSingleBean(FrameRenderCacheMetrics.class));
	}

}
