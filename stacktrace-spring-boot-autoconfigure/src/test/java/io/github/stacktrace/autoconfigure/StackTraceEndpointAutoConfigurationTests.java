package io.github.stacktrace.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;

import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.actuate.InFlightReports;
import io.github.stacktrace.actuate.RawParameters;
import io.github.stacktrace.actuate.StackTraceContentType;
import io.github.stacktrace.actuate.StackTraceEndpoint;
import io.github.stacktrace.actuate.StackTraceEndpointWebExtension;
import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.test.TestThreads;
import io.github.stacktrace.test.VirtualThreadStarter;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StackTraceEndpointAutoConfiguration}.
 */
class StackTraceEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(StackTraceEndpointAutoConfiguration.class));

	@Test
	void runsWhenExposedOverHttp() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=stacktrace")
			.run((context) -> assertThat(context).hasSingleBean(StackTraceEndpoint.class)
				.hasSingleBean(StackTraceCaptureService.class)
				.hasSingleBean(FrameRenderCache.class)
				.hasSingleBean(StackTraceEndpointWebExtension.class));
	}

	@Test
	void runsWhenExposedOverJmx() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=stacktrace")
			.run((context) -> assertThat(context).hasSingleBean(StackTraceEndpoint.class)
				.doesNotHaveBean(StackTraceEndpointWebExtension.class));
	}

	@Test
	void backsOffWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(StackTraceEndpoint.class)
			.doesNotHaveBean(StackTraceEndpointWebExtension.class)
			.doesNotHaveBean(StackTraceCaptureService.class)
			.doesNotHaveBean(FrameRenderCache.class));
	}

	@Test
	void backsOffWhenAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=stacktrace",
					"management.endpoint.stacktrace.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(StackTraceEndpoint.class));
	}

	@Test
	void runsUnderReadOnlyAccess() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=stacktrace",
					"management.endpoint.stacktrace.access=READ_ONLY")
			.run((context) -> assertThat(context).hasSingleBean(StackTraceEndpoint.class));
	}

	@Test
	void userDefinedServiceWins() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=stacktrace")
			.withUserConfiguration(CustomServiceConfiguration.class)
			.run((context) -> assertThat(context).getBean(StackTraceCaptureService.class)
				.isSameAs(context.getBean(CustomServiceConfiguration.class).service));
	}

	@Test
	void userDefinedWebExtensionWins() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=stacktrace")
			.withUserConfiguration(CustomWebExtensionConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(StackTraceEndpointWebExtension.class)
				.hasBean("customStackTraceEndpointWebExtension"));
	}

	@Test
	void userDefinedCacheWins() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=stacktrace")
			.withBean("myCache", FrameRenderCache.class, () -> new FrameRenderCache(7, 700))
			.run((context) -> assertThat(context).hasSingleBean(FrameRenderCache.class).hasBean("myCache"));
	}

	@Test
	void propertiesShapeRequestDefaults() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=stacktrace",
					"stacktrace.default-timeout=250ms", "stacktrace.default-mode=disabled",
					"stacktrace.max-timeout=2s", "stacktrace.max-thread-ids=2")
			.run((context) -> {
				StackTraceEndpoint endpoint = context.getBean(StackTraceEndpoint.class);
				String report = endpoint.report(RawParameters.NONE);
				assertThat(report).contains("timeout_ms_per_thread: 250\n")
					.contains("dwarf_location_info_mode: disabled\n");
				StackTraceEndpointWebExtension extension = context.getBean(StackTraceEndpointWebExtension.class);
				WebEndpointResponse<Object> tooLong = extension.stackTrace(StackTraceContentType.TEXT, null, null, null,
						null, "2001", null, null, null, null, null, null, null);
				assertThat(tooLong.getBody()).isEqualTo("invalid timeout_ms: 2001, expected range [1, 2000]\n");
				WebEndpointResponse<Object> tooMany = extension.stackTrace(StackTraceContentType.TEXT, "1,2,3", null,
						null, null, null, null, null, null, null, null, null, null);
				assertThat(tooMany.getStatus()).isEqualTo(400);
				assertThat(tooMany.getBody()).isEqualTo("invalid thread_id: too many ids (max 2)\n");
			});
	}

	@Test
	void listenerBeansReceiveCaptureEvents() {
		RecordingListener listener = new RecordingListener();
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=stacktrace")
			.withBean(RecordingListener.class, () -> listener)
			.run((context) -> {
				context.getBean(StackTraceEndpoint.class).report(RawParameters.NONE);
				assertThat(listener.started).isEqualTo(1);
			});
	}

	@Test
	void virtualThreadsAreDumpedByDefaultOnlyWhereTheJdksDumpIsSafe() {
		int feature = Runtime.version().feature();
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=stacktrace")
			.run((context) -> {
				String report = context.getBean(StackTraceEndpoint.class).report(RawParameters.NONE);
				if (feature < 21) {
					assertThat(report).contains("\nvirtual_threads: unsupported (Java " + feature + ")\n");
				}
				else if (feature < 25) {
					assertThat(report).contains("\nvirtual_threads: included\n");
				}
				else {
					assertThat(report).contains("\nvirtual_threads: tracked\n")
						.contains("\nnotice: virtual threads running no request or Spring task are not listed")
						.contains("stacktrace.virtual-threads.dump=always")
						.contains("JDK-8364343");
				}
			});
	}

	@Test
	void virtualThreadDumpCanBeTurnedOff() {
		int feature = Runtime.version().feature();
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=stacktrace",
					"stacktrace.virtual-threads.dump=never")
			.run((context) -> {
				String report = context.getBean(StackTraceEndpoint.class).report(RawParameters.NONE);
				assertThat(report).contains((feature < 21) ? "\nvirtual_threads: unsupported (Java " + feature + ")\n"
						: "\nvirtual_threads: tracked\n");
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void alwaysListsVirtualThreadsWhateverTheJdk() throws Exception {
		withParkedVirtualThread("vt-always", "always", (endpoint, id) -> {
			String report = endpoint.report(byId(id));
			assertThat(report).contains("\nvirtual_threads: included\n")
				.contains("----- thread " + id + " (vt-always) status=ok")
				.contains(" virtual=true ");
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void anUntrackedVirtualThreadAskedForByIdWhenTheDumpIsOffIsReportedAsExitedWithANoticeThatSaysWhy() throws Exception {
		long platform = TestThreads.id(Thread.currentThread());
		withParkedVirtualThread("vt-never", "never", (endpoint, id) -> {
			String report = endpoint.report(byId(id));
			assertThat(report).contains("\nvirtual_threads: tracked\n")
				.contains("----- thread " + id + " (?) status=thread_exited")
				.contains("\nnotice: 1 ids asked for are no live platform thread's nor a tracked virtual thread's"
						+ " and are reported thread_exited; with the JDK's thread dump turned off, the id of a live"
						+ " virtual thread that serves no request or Spring task is reported the same way\n")
				.contains("summary: captured=0 skipped=1 timed_out=0 exited=1 errors=0 virtual=0\n");
			// Only platform threads named: nothing to look for, nothing to say.
			assertThat(endpoint.report(byId(platform))).contains("\nvirtual_threads: not_needed\n")
				.doesNotContain("notice:");
		});
	}

	/**
	 * Runs a check against the endpoint, with {@code stacktrace.virtual-threads.dump} set, while a virtual thread of
	 * that name is parked (and stays parked: nothing mounts or unmounts while a dump may be taken).
	 */
	private void withParkedVirtualThread(String name, String dump, BiConsumer<StackTraceEndpoint, Long> check)
			throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Thread parked = VirtualThreadStarter.start(name, () -> {
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		try {
			Awaitility.await().until(() -> parked.getState() == Thread.State.WAITING);
			this.contextRunner
				.withPropertyValues("management.endpoints.web.exposure.include=stacktrace",
						"stacktrace.virtual-threads.dump=" + dump)
				.run((context) -> check.accept(context.getBean(StackTraceEndpoint.class), TestThreads.id(parked)));
		}
		finally {
			release.countDown();
			parked.join();
		}
	}

	private static RawParameters byId(long id) {
		return new RawParameters(String.valueOf(id), null, null, null, null, null, null, null, null, null);
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomServiceConfiguration {

		final StackTraceCaptureService service = new StackTraceCaptureService(
				new StackTraceSettings(Duration.ofSeconds(1), 1), CaptureListener.NONE);

		@Bean
		StackTraceCaptureService customStackTraceCaptureService() {
			return this.service;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomWebExtensionConfiguration {

		@Bean
		StackTraceEndpointWebExtension customStackTraceEndpointWebExtension(StackTraceEndpoint endpoint) {
			return new StackTraceEndpointWebExtension(endpoint, new InFlightReports(1, 1, Duration.ofSeconds(1)));
		}

	}

	static class RecordingListener implements CaptureListener {

		int started;

		@Override
		public void captureStarted() {
			this.started++;
		}

	}

}
