package io.github.stacktrace.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.stacktrace.test.HttpTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample with every request on a virtual thread (Java 21+): a request held in {@code /demo/busy} is found by
 * {@code min_elapsed_ms} on its virtual thread, with its route template, elapsed time and trace.
 * <p>
 * On Java 25 the JDK's dump can crash the JVM while a virtual thread mounts or unmounts (JDK-8364343), so every
 * virtual thread stays still while it is taken: the held request parks on a latch, no request runs but the capture's
 * own, and the scheduled task runs on a platform thread rather than on a new virtual thread per run.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.threads.virtual.enabled=true", "stacktrace.virtual-threads.dump=always" })
class SampleApplicationVirtualThreadsTests {

	/** The {@code millis} of the request that {@link HeldWorkload} holds instead of burning CPU. */
	private static final long HELD_MILLIS = 4711;

	private static final long MIN_ELAPSED_MILLIS = 200;

	private static final Pattern BUSY_SECTION = Pattern.compile("----- thread \\d+ \\([^)]*\\) status=ok [^\\n]*"
			+ "virtual=true[^\\n]* request=\"GET /demo/busy\" elapsed_ms=(\\d+) trace_id=[0-9a-f]+ span_id=[0-9a-f]+"
			+ " -----\\n");

	private final HttpTestClient http;

	private final HttpTestClient actuator;

	private final HeldWorkload workload;

	SampleApplicationVirtualThreadsTests(@LocalServerPort int port, @Autowired HeldWorkload workload) {
		this.http = HttpTestClient.local(port);
		this.actuator = this.http.withBasicAuth("actuator", "actuator-demo");
		this.workload = workload;
	}

	@AfterEach
	void releaseHeldRequest() {
		this.workload.release.countDown();
	}

	@Test
	void requestHeldOnAVirtualThreadIsFoundByItsElapsedTime() throws Exception {
		CompletableFuture<HttpResponse<String>> busy = this.http
			.sendAsync(this.http.request("/demo/busy?millis=" + HELD_MILLIS));
		assertThat(this.workload.entered.await(30, TimeUnit.SECONDS)).isTrue();
		long entered = System.nanoTime();
		// The request started before it reached the workload: once this much has passed, it has run at least as long.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> System.nanoTime() - entered >= TimeUnit.MILLISECONDS.toNanos(MIN_ELAPSED_MILLIS));
		HttpResponse<String> response = this.actuator.get("/actuator/stacktrace?min_elapsed_ms=" + MIN_ELAPSED_MILLIS);
		String report = response.body();
		assertThat(response.statusCode()).as(report).isEqualTo(200);
		assertThat(report).contains("\nvirtual_threads: included\n")
			.contains("\nfilter: min_elapsed_ms=" + MIN_ELAPSED_MILLIS + "\n");
		Matcher section = BUSY_SECTION.matcher(report);
		assertThat(section.find()).as(report).isTrue();
		assertThat(Long.parseLong(section.group(1))).isGreaterThanOrEqualTo(MIN_ELAPSED_MILLIS);
		// That thread alone: the capturing request, on a virtual thread too, is the capture and not what is stuck.
		assertThat(report.split("\n----- thread ", -1)).as(report).hasSize(2);
		this.workload.release.countDown();
		assertThat(busy.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class VirtualThreadsConfiguration {

		@Bean
		@Primary
		HeldWorkload heldWorkload() {
			return new HeldWorkload();
		}

		// With virtual threads on, Boot's scheduler starts a virtual thread for every run of a scheduled task: one
		// could start or end while the dump is taken.
		@Bean
		ThreadPoolTaskScheduler taskScheduler() {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setThreadNamePrefix("sample-scheduling-");
			return scheduler;
		}

	}

	/**
	 * The demo's workload, except that a request for {@link #HELD_MILLIS} parks on a latch until released, where the
	 * dump can take its virtual thread safely, instead of burning CPU.
	 */
	static class HeldWorkload extends DemoWorkload {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public long burnCpu(long millis) {
			if (millis != HELD_MILLIS) {
				return super.burnCpu(millis);
			}
			this.entered.countDown();
			try {
				this.release.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return HELD_MILLIS;
		}

	}

}
