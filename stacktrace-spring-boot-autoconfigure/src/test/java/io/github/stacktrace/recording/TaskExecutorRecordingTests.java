package io.github.stacktrace.recording;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.stacktrace.autoconfigure.RequestContextAutoConfiguration;
import io.github.stacktrace.autoconfigure.StackTraceEndpointAutoConfiguration;
import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RequestContextSlot;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the recording of the tasks of Spring-managed executors: each task is seen on its thread while it runs and
 * gone after, named by its {@code @Async} method, its class or its executor; the executor's own decorator keeps
 * running; a task run on a thread that already serves something leaves that alone.
 */
class TaskExecutorRecordingTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				RequestContextAutoConfiguration.class, StackTraceEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=stacktrace");

	@Test
	void aThreadPoolTaskIsRecordedWhileItRunsAndTheUsersDecoratorStillRuns() {
		this.contextRunner.withUserConfiguration(PoolConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TaskExecutorRecording.class);
			RequestContextRegistry registry = context.getBean(RequestContextRegistry.class);
			ThreadPoolTaskExecutor executor = context.getBean("pool", ThreadPoolTaskExecutor.class);
			CountDownLatch release = new CountDownLatch(1);
			HeldTask task = new HeldTask(release);
			executor.execute(task);
			await().atMost(PATIENCE).until(() -> serving(registry).contains("ASYNC HeldTask"));
			assertThat(context.getBean(CountingDecorator.class).decorated).hasValue(1);
			release.countDown();
			await().atMost(PATIENCE).until(() -> serving(registry).isEmpty());
		});
	}

	@Test
	void anAsyncMethodIsNamedByItsClassAndMethodOnBootsApplicationTaskExecutor() {
		this.contextRunner.withUserConfiguration(AsyncConfiguration.class).run((context) -> {
			RequestContextRegistry registry = context.getBean(RequestContextRegistry.class);
			Jobs jobs = context.getBean(Jobs.class);
			CompletableFuture<String> done = jobs.hold();
			assertThat(jobs.entered().await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			assertThat(serving(registry)).containsExactly("ASYNC Jobs.hold");
			jobs.release().countDown();
			assertThat(done.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("done");
			await().atMost(PATIENCE).until(() -> serving(registry).isEmpty());
		});
	}

	@Test
	void anAsyncBeanKeepsTheInterfaceProxySpringGaveItAndItsMethodIsNamed() {
		// Without Boot's AOP auto-configuration, which would make every proxy a class proxy.
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
					RequestContextAutoConfiguration.class, StackTraceEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=stacktrace")
			.withUserConfiguration(InterfaceAsyncConfiguration.class)
			.run((context) -> {
				RequestContextRegistry registry = context.getBean(RequestContextRegistry.class);
				Exporter exporter = context.getBean(Exporter.class);
				assertThat(AopUtils.isJdkDynamicProxy(exporter)).isTrue();
				CompletableFuture<String> done = exporter.export();
				ExportLatches latches = context.getBean(ExportLatches.class);
				assertThat(latches.entered.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				assertThat(serving(registry)).containsExactly("ASYNC FinalExporter.export");
				latches.release.countDown();
				assertThat(done.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("exported");
			});
	}

	@Test
	void aTaskOfASubmittedCallableIsNamedByItsExecutor() throws Exception {
		RequestContextRegistry registry = new RequestContextRegistry();
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor();
		executor.setTaskDecorator(new RecordingTaskDecorator(registry, TraceContextSource.NONE, "reports", null));
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		var result = executor.submit(() -> {
			entered.countDown();
			release.await();
			return 1;
		});
		assertThat(entered.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(serving(registry)).containsExactly("ASYNC reports");
		release.countDown();
		assertThat(result.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
	}

	@Test
	void aTaskRunOnAThreadThatServesARequestLeavesTheRequestShown() {
		RequestContextRegistry registry = new RequestContextRegistry();
		RecordingTaskDecorator decorator = new RecordingTaskDecorator(registry, TraceContextSource.NONE, "sync", null);
		RequestContextSlot slot = registry.slot();
		slot.begin("GET", System.nanoTime(), "/orders", null);
		try {
			List<String> during = new ArrayList<>();
			decorator.decorate(() -> during.addAll(serving(registry))).run();
			assertThat(during).containsExactly("GET /orders");
			assertThat(serving(registry)).containsExactly("GET /orders");
		}
		finally {
			slot.end();
		}
	}

	@Test
	void aLambdaTaskIsNamedByTheClassThatWroteIt() {
		Runnable lambda = () -> {
		};
		assertThat(RecordingTaskDecorator.taskName(lambda.getClass())).isEqualTo("TaskExecutorRecordingTests");
		assertThat(RecordingTaskDecorator.taskName(HeldTask.class)).isEqualTo("HeldTask");
		assertThat(RecordingTaskDecorator.taskName(java.util.concurrent.FutureTask.class)).isNull();
	}

	private static List<String> serving(RequestContextRegistry registry) {
		List<String> serving = new ArrayList<>();
		registry.forEachServing(System.nanoTime(), (thread, id, virtual, context) -> serving.add(
				context.description()));
		return serving;
	}

	static final class HeldTask implements Runnable {

		private final CountDownLatch release;

		HeldTask(CountDownLatch release) {
			this.release = release;
		}

		@Override
		public void run() {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	static final class CountingDecorator implements TaskDecorator {

		final AtomicInteger decorated = new AtomicInteger();

		@Override
		public Runnable decorate(Runnable runnable) {
			this.decorated.incrementAndGet();
			return runnable;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PoolConfiguration {

		@Bean
		CountingDecorator countingDecorator() {
			return new CountingDecorator();
		}

		@Bean
		ThreadPoolTaskExecutor pool(CountingDecorator decorator) {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setTaskDecorator(decorator);
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		Jobs jobs() {
			return new Jobs();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class InterfaceAsyncConfiguration {

		@Bean
		ExportLatches exportLatches() {
			return new ExportLatches();
		}

		@Bean
		Exporter exporter(ExportLatches latches) {
			return new FinalExporter(latches);
		}

	}

	static final class ExportLatches {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

	}

	public interface Exporter {

		CompletableFuture<String> export() throws InterruptedException;

	}

	/** Final: a class proxy could not be made of it, only the interface proxy {@code @EnableAsync} makes. */
	static final class FinalExporter implements Exporter {

		private final ExportLatches latches;

		FinalExporter(ExportLatches latches) {
			this.latches = latches;
		}

		@Async
		@Override
		public CompletableFuture<String> export() throws InterruptedException {
			this.latches.entered.countDown();
			this.latches.release.await();
			return CompletableFuture.completedFuture("exported");
		}

	}

	static class Jobs {

		private final CountDownLatch entered = new CountDownLatch(1);

		private final CountDownLatch release = new CountDownLatch(1);

		@Async
		public CompletableFuture<String> hold() throws InterruptedException {
			this.entered.countDown();
			this.release.await();
			return CompletableFuture.completedFuture("done");
		}

		// Read through the proxy, whose own fields are empty.
		public CountDownLatch entered() {
			return this.entered;
		}

		public CountDownLatch release() {
			return this.release;
		}

	}

}
