package io.github.stacktrace.autoconfigure;

import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;

import io.github.stacktrace.actuate.StackTraceEndpoint;
import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.TraceIdReader;
import io.github.stacktrace.recording.AsyncMethodNaming;
import io.github.stacktrace.recording.AsyncRequestContextInterceptor;
import io.github.stacktrace.recording.MicrometerTraceContexts;
import io.github.stacktrace.recording.ReactiveRequestAccessor;
import io.github.stacktrace.recording.RequestContextFilter;
import io.github.stacktrace.recording.RequestContextWebFilter;
import io.github.stacktrace.recording.RouteTemplateInterceptor;
import io.github.stacktrace.recording.ScheduledTaskRecorder;
import io.github.stacktrace.recording.TaskExecutorRecording;
import io.github.stacktrace.recording.TraceContextSource;
import io.micrometer.context.ContextRegistry;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.handler.MappedInterceptor;

/**
 * Auto-configuration of the record of which request each thread serves: the registry the stack captures read, and
 * the hooks that fill it (a servlet filter and a handler interceptor in Spring MVC applications, a web filter and a
 * context-propagation accessor in WebFlux applications, an observation handler for {@code @Scheduled} methods, the
 * trace ids of Micrometer Tracing, a decorator on every Spring-managed task executor and scheduler, and an advice
 * added to {@code @Async} beans' proxies that names their methods). Off with
 * {@code stacktrace.request-context.enabled=false}, and whenever the endpoint is not available.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = StackTraceEndpointAutoConfiguration.class)
@ConditionalOnAvailableEndpoint(endpoint = StackTraceEndpoint.class)
@ConditionalOnProperty(prefix = "stacktrace.request-context", name = "enabled", havingValue = "true",
		matchIfMissing = true)
public class RequestContextAutoConfiguration {

	/** Right inside Spring's observation filter ({@code HIGHEST_PRECEDENCE + 1}), so the request's span is current. */
	static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	/**
	 * Creates the auto-configuration; Spring Boot does, when the endpoint is available.
	 */
	public RequestContextAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	RequestContextRegistry stackTraceRequestContextRegistry(ObjectProvider<TraceIdReader> traceIds) {
		return new RequestContextRegistry(traceIds.getIfAvailable(() -> TraceIdReader.NONE));
	}

	/**
	 * Trace ids, where Micrometer Tracing is on the class path.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
	static class TracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MicrometerTraceContexts stackTraceTraceContexts(ObjectProvider<Tracer> tracer) {
			return new MicrometerTraceContexts(tracer::getIfAvailable);
		}

	}

	/**
	 * Spring MVC applications: the filter that records each request, the interceptor that names its route, and the
	 * hook on the threads that run controllers' {@code Callable}s.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = { "jakarta.servlet.Filter", "org.springframework.web.servlet.HandlerMapping" })
	static class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "stackTraceRequestContextFilter")
		FilterRegistrationBean<RequestContextFilter> stackTraceRequestContextFilter(RequestContextRegistry registry,
				ObjectProvider<TraceContextSource> traces) {
			FilterRegistrationBean<RequestContextFilter> registration = new FilterRegistrationBean<>(
					new RequestContextFilter(registry, traces.getIfAvailable(() -> TraceContextSource.NONE)));
			registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
			registration.setOrder(FILTER_ORDER);
			return registration;
		}

		@Bean
		@ConditionalOnMissingBean(name = "stackTraceRouteTemplateInterceptor")
		MappedInterceptor stackTraceRouteTemplateInterceptor(RequestContextRegistry registry,
				ObjectProvider<AbstractUrlHandlerMapping> urlMappings) {
			// Looked up at the first request, once every handler mapping exists.
			Supplier<List<AbstractUrlHandlerMapping>> mappings = SingletonSupplier
				.of(() -> urlMappings.orderedStream().toList());
			return new MappedInterceptor(null, new RouteTemplateInterceptor(registry, mappings));
		}

		@Bean
		WebMvcConfigurer stackTraceAsyncRequestContext(RequestContextRegistry registry,
				ObjectProvider<TraceContextSource> traces) {
			AsyncRequestContextInterceptor interceptor = new AsyncRequestContextInterceptor(registry,
					traces.getIfAvailable(() -> TraceContextSource.NONE));
			return new WebMvcConfigurer() {

				@Override
				public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
					configurer.registerCallableInterceptors(interceptor);
				}

			};
		}

	}

	/**
	 * WebFlux applications: the web filter that records each request on the thread that runs it and, where Micrometer's
	 * context propagation is on the class path, the accessor through which Reactor follows the request to the other
	 * threads that run it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(name = { "org.springframework.web.server.WebFilter",
			"org.springframework.web.reactive.HandlerMapping", "reactor.core.publisher.Mono" })
	static class ReactiveConfiguration {

		private static final String CONTEXT_REGISTRY = "io.micrometer.context.ContextRegistry";

		@Bean
		@ConditionalOnMissingBean(name = "stackTraceRequestContextWebFilter")
		RequestContextWebFilter stackTraceRequestContextWebFilter(RequestContextRegistry registry,
				ObjectProvider<TraceContextSource> traces, ApplicationContext context) {
			// Without context propagation nothing could read the request from a Reactor Context: it is not put there.
			boolean propagated = ClassUtils.isPresent(CONTEXT_REGISTRY, context.getClassLoader());
			return new RequestContextWebFilter(registry, traces.getIfAvailable(() -> TraceContextSource.NONE),
					propagated, FILTER_ORDER);
		}

		/**
		 * Registers the accessor once in the global registry Reactor reads; it holds no state, so it stays registered.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = CONTEXT_REGISTRY)
		static class ContextPropagationConfiguration {

			@Bean
			ReactiveRequestAccessor stackTraceReactiveRequestAccessor() {
				ContextRegistry.getInstance().registerThreadLocalAccessor(ReactiveRequestAccessor.INSTANCE);
				return ReactiveRequestAccessor.INSTANCE;
			}

		}

	}

	/**
	 * {@code @Scheduled} methods, which Spring observes where the application has an observation registry.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.scheduling.support.ScheduledTaskObservationContext",
			"io.micrometer.observation.ObservationHandler" })
	static class ScheduledTasksConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ScheduledTaskRecorder stackTraceScheduledTaskRecorder(RequestContextRegistry registry) {
			return new ScheduledTaskRecorder(registry);
		}

	}

	/**
	 * Tasks of the application's executors and schedulers ({@code @Async} methods among them), recorded through a
	 * decorator that wraps the one each executor already has.
	 */
	@Configuration(proxyBeanMethods = false)
	static class TaskExecutionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		static TaskExecutorRecording stackTraceTaskExecutorRecording(ObjectProvider<RequestContextRegistry> registry,
				ObjectProvider<TraceContextSource> traces) {
			return new TaskExecutorRecording(registry::getIfAvailable,
					() -> traces.getIfAvailable(() -> TraceContextSource.NONE));
		}

		@Bean
		@ConditionalOnMissingBean
		static AsyncMethodNaming stackTraceAsyncMethodNaming(ObjectProvider<RequestContextRegistry> registry) {
			return new AsyncMethodNaming(registry::getObject);
		}

	}

}
