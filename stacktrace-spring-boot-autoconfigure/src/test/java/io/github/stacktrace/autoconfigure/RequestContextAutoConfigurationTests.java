package io.github.stacktrace.autoconfigure;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.recording.MicrometerTraceContexts;
import io.github.stacktrace.recording.ReactiveRequestAccessor;
import io.github.stacktrace.recording.RequestContextWebFilter;
import io.github.stacktrace.recording.ScheduledTaskRecorder;
import io.micrometer.context.ContextRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.servlet.handler.MappedInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RequestContextAutoConfiguration}.
 */
class RequestContextAutoConfigurationTests {

	private final WebApplicationContextRunner webContextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RequestContextAutoConfiguration.class,
				StackTraceEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=stacktrace");

	private final ReactiveWebApplicationContextRunner reactiveContextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RequestContextAutoConfiguration.class,
				StackTraceEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=stacktrace");

	@Test
	void servletApplicationsGetTheFilterAndTheInterceptor() {
		this.webContextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RequestContextRegistry.class)
				.hasSingleBean(FilterRegistrationBean.class)
				.hasSingleBean(MappedInterceptor.class)
				.hasSingleBean(ScheduledTaskRecorder.class)
				.hasSingleBean(MicrometerTraceContexts.class);
			FilterRegistrationBean<?> filter = context.getBean(FilterRegistrationBean.class);
			assertThat(filter.getOrder()).isEqualTo(RequestContextAutoConfiguration.FILTER_ORDER);
		});
	}

	@Test
	void servletApplicationsGetNoWebFilter() {
		this.webContextRunner.run((context) -> assertThat(context).doesNotHaveBean(RequestContextWebFilter.class)
			.doesNotHaveBean(ReactiveRequestAccessor.class));
	}

	@Test
	void reactiveApplicationsGetTheWebFilterAndTheRegisteredAccessor() {
		this.reactiveContextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RequestContextRegistry.class)
				.hasSingleBean(RequestContextWebFilter.class)
				.hasSingleBean(ReactiveRequestAccessor.class)
				.hasSingleBean(MicrometerTraceContexts.class)
				.doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean(MappedInterceptor.class);
			assertThat(context.getBean(RequestContextWebFilter.class).getOrder())
				.isEqualTo(RequestContextAutoConfiguration.FILTER_ORDER);
			assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
				.contains(ReactiveRequestAccessor.INSTANCE);
		});
	}

	@Test
	void reactiveApplicationsWithoutContextPropagationGetTheWebFilterAlone() {
		this.reactiveContextRunner.withClassLoader(new FilteredClassLoader(ContextRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(RequestContextWebFilter.class)
				.doesNotHaveBean(ReactiveRequestAccessor.class));
	}

	@Test
	void disabledRegistersNoWebFilterInReactiveApplications() {
		this.reactiveContextRunner.withPropertyValues("stacktrace.request-context.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RequestContextRegistry.class)
				.doesNotHaveBean(RequestContextWebFilter.class)
				.doesNotHaveBean(ReactiveRequestAccessor.class));
	}

	@Test
	void disabledRegistersNoFilterNoInterceptorAndNoRegistry() {
		this.webContextRunner.withPropertyValues("stacktrace.request-context.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RequestContextRegistry.class)
				.doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean(MappedInterceptor.class)
				.doesNotHaveBean(ScheduledTaskRecorder.class));
	}

	@Test
	void backsOffWhenTheEndpointIsNotAvailable() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RequestContextAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RequestContextRegistry.class)
				.doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void applicationsWithoutAWebServerGetNoFilter() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RequestContextAutoConfiguration.class,
					StackTraceEndpointAutoConfiguration.class))
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=stacktrace")
			.run((context) -> assertThat(context).hasSingleBean(RequestContextRegistry.class)
				.doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean(MappedInterceptor.class));
	}

	@Test
	void userDefinedRegistryWins() {
		RequestContextRegistry registry = new RequestContextRegistry();
		this.webContextRunner.withBean(RequestContextRegistry.class, () -> registry)
			.run((context) -> assertThat(context).getBean(RequestContextRegistry.class).isSameAs(registry));
	}

}
