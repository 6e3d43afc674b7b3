package io.github.stacktrace.autoconfigure;

import io.github.stacktrace.actuate.StackTraceEndpoint;
import io.github.stacktrace.metrics.FrameRenderCacheMetrics;
import io.github.stacktrace.metrics.StackTraceMetrics;
import io.github.stacktrace.render.FrameRenderCache;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the stacktrace endpoint's Micrometer metrics. The binders are {@code MeterBinder} beans, which
 * Boot's metrics auto-configuration binds to the registry; {@link StackTraceMetrics} is also a
 * {@link io.github.stacktrace.CaptureListener} bean, which the capture service picks up.
 * <p>
 * Boot 3.5 and Boot 4 keep the metrics auto-configurations in different packages, so both are named as strings.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = StackTraceEndpointAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnAvailableEndpoint(endpoint = StackTraceEndpoint.class)
public class StackTraceMetricsAutoConfiguration {

	/**
	 * Creates the auto-configuration; Spring Boot does, when the endpoint and a meter registry are available.
	 */
	public StackTraceMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	StackTraceMetrics stackTraceMetrics() {
		return new StackTraceMetrics();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(FrameRenderCache.class)
	FrameRenderCacheMetrics stackTraceFrameRenderCacheMetrics(FrameRenderCache cache) {
		return new FrameRenderCacheMetrics(cache);
	}

}
