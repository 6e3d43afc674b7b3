package io.github.stacktrace.autoconfigure;

import io.github.stacktrace.actuate.StuckRequestReports;
import io.github.stacktrace.metrics.StuckRequestMetrics;
import io.github.stacktrace.stuck.StuckRequestChecker;
import io.github.stacktrace.stuck.StuckRequestWatcher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StuckRequestsAutoConfiguration}.
 */
class StuckRequestsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RequestContextAutoConfiguration.class,
				StackTraceEndpointAutoConfiguration.class, StuckRequestsAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=stacktrace");

	@Test
	void checkerRunsByDefaultWithLogMetricsAndReportButNoHealth() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(StuckRequestChecker.class)
				.hasSingleBean(StuckRequestLog.class)
				.hasSingleBean(StuckRequestMetrics.class)
				.hasSingleBean(StuckRequestReports.class)
				.doesNotHaveBean(StuckRequestsHealthIndicator.class);
			assertThat(context.getBean(StuckRequestWatcher.class).isRunning()).isTrue();
		});
	}

	@Test
	void disabledLeavesNoCheckerAndNoThread() {
		this.contextRunner.withPropertyValues("stacktrace.stuck-requests.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(StuckRequestChecker.class)
				.doesNotHaveBean(StuckRequestWatcher.class)
				.doesNotHaveBean(StuckRequestReports.class));
	}

	@Test
	void withoutTheRequestRegistryNothingIsWatched() {
		this.contextRunner.withPropertyValues("stacktrace.request-context.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(StuckRequestChecker.class));
	}

	@Test
	void healthContributorIsOptIn() {
		this.contextRunner
			.withPropertyValues("stacktrace.stuck-requests.health.enabled=true",
					"stacktrace.stuck-requests.health.status=OUT_OF_SERVICE")
			.run((context) -> assertThat(context).hasSingleBean(StuckRequestsHealthIndicator.class)
				.hasBean("stuckRequestsHealthIndicator"));
	}

	@Test
	void watcherStopsWithTheContext() {
		this.contextRunner.run((context) -> {
			StuckRequestWatcher watcher = context.getBean(StuckRequestWatcher.class);
			context.close();
			assertThat(watcher.isRunning()).isFalse();
		});
	}

}
