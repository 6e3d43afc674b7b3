package io.github.stacktrace.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import io.github.stacktrace.actuate.EndpointRouteFilter;
import io.github.stacktrace.actuate.StuckRequestReports;
import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.metrics.StuckRequestMetrics;
import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.StuckRequestEventText;
import io.github.stacktrace.stuck.RouteThresholds;
import io.github.stacktrace.stuck.StuckRequestChecker;
import io.github.stacktrace.stuck.StuckRequestListener;
import io.github.stacktrace.stuck.StuckRequestSettings;
import io.github.stacktrace.stuck.StuckRequestWatcher;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of stuck-request detection: the checker over the registry of what each thread serves, its daemon
 * thread, the log events, the meters (where a meter registry is) and the opt-in {@code stuckRequests} health
 * contributor (Boot 4). On wherever the request registry is (the endpoint is available and
 * {@code stacktrace.request-context.enabled} is not {@code false}); off with
 * {@code stacktrace.stuck-requests.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { RequestContextAutoConfiguration.class, StackTraceEndpointAutoConfiguration.class })
@ConditionalOnBean(RequestContextRegistry.class)
@ConditionalOnProperty(prefix = "stacktrace.stuck-requests", name = "enabled", havingValue = "true",
		matchIfMissing = true)
@EnableConfigurationProperties(StuckRequestsProperties.class)
public class StuckRequestsAutoConfiguration {

	/**
	 * Creates the auto-configuration; Spring Boot does, when the request registry is there.
	 */
	public StuckRequestsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	StuckRequestChecker stackTraceStuckRequestChecker(RequestContextRegistry registry,
			StuckRequestsProperties properties, ObjectProvider<StuckRequestListener> listeners,
			ObjectProvider<PathMappedEndpoints> endpoints) {
		// The endpoint's own requests (a capture, a hot-threads window) are never stuck requests. Its path is asked for
		// at the first check, once the endpoints exist: they depend on this checker through the stuck report.
		RouteThresholds thresholds = new RouteThresholds(properties.getThreshold(), () -> {
			List<String> excluded = new ArrayList<>(properties.getExclude());
			String path = EndpointPath.of(endpoints.getIfAvailable());
			if (path != null) {
				excluded.add(path);
				excluded.add(path + "/**");
			}
			return excluded;
		}, properties.getThresholds());
		StuckRequestSettings settings = new StuckRequestSettings(thresholds, properties.getMaxEventsPerMinute(),
				properties.getMaxDepth(), properties.getMaxRequestsPerEvent(), properties.getRecent().getCount(),
				properties.getRecent().getMaxSize().toBytes());
		return new StuckRequestChecker(registry, settings,
				StuckRequestListener.composite(listeners.orderedStream().toList()), Clock.systemUTC(),
				System.nanoTime());
	}

	@Bean(destroyMethod = "stop")
	@ConditionalOnMissingBean
	StuckRequestWatcher stackTraceStuckRequestWatcher(StuckRequestChecker checker) {
		return new StuckRequestWatcher(checker);
	}

	/**
	 * Starts the checker's thread once the context is refreshed, and stops it when the context closes.
	 */
	@Bean
	SmartLifecycle stackTraceStuckRequestWatcherLifecycle(StuckRequestWatcher watcher) {
		return new SmartLifecycle() {

			@Override
			public void start() {
				watcher.start();
			}

			@Override
			public void stop() {
				watcher.stop();
			}

			@Override
			public boolean isRunning() {
				return watcher.isRunning();
			}

		};
	}

	@Bean
	@ConditionalOnMissingBean
	StuckRequestReports stackTraceStuckRequestReports(StuckRequestChecker checker, StuckRequestsProperties properties,
			FrameRenderCache cache) {
		return new StuckRequestReports(checker, properties.getMaxReported(), cache);
	}

	/**
	 * In servlet applications, the filter that names the endpoint's requests before their handler is mapped, so they
	 * are never stuck requests whatever runs before the mapping.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "jakarta.servlet.Filter")
	static class EndpointRouteConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "stackTraceEndpointRouteFilter")
		FilterRegistrationBean<EndpointRouteFilter> stackTraceEndpointRouteFilter(RequestContextRegistry registry,
				ObjectProvider<PathMappedEndpoints> endpoints) {
			FilterRegistrationBean<EndpointRouteFilter> registration = new FilterRegistrationBean<>(
					new EndpointRouteFilter(registry, new EndpointPath(endpoints)));
			registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
			registration.setOrder(RequestContextAutoConfiguration.FILTER_ORDER + 1);
			return registration;
		}

	}

	/**
	 * The log events, where the application logs through SLF4J.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.slf4j.MDC")
	static class LogConfiguration {

		@Bean
		@ConditionalOnMissingBean
		StuckRequestLog stackTraceStuckRequestLog(StuckRequestsProperties properties,
				ObjectProvider<FrameRenderCache> cache) {
			return new StuckRequestLog(new StuckRequestEventText(
					cache.getIfAvailable(() -> new FrameRenderCache(1024, 1 << 20)),
					properties.getMaxRequestsPerEvent()));
		}

	}

	/**
	 * The meters, where Micrometer is; Boot binds the binder to its registry.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		StuckRequestMetrics stackTraceStuckRequestMetrics(StuckRequestsProperties properties) {
			return new StuckRequestMetrics(properties.getMaxUriTags());
		}

	}

	/**
	 * The opt-in health contributor, on Boot 4, whose health classes live in their own module and package.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	@ConditionalOnProperty(prefix = "stacktrace.stuck-requests.health", name = "enabled", havingValue = "true")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "stuckRequestsHealthIndicator")
		StuckRequestsHealthIndicator stuckRequestsHealthIndicator(StuckRequestChecker checker,
				StuckRequestsProperties properties) {
			StuckRequestsProperties.Health health = properties.getHealth();
			return new StuckRequestsHealthIndicator(checker, health.getMinCount(), new Status(health.getStatus()));
		}

	}

}
