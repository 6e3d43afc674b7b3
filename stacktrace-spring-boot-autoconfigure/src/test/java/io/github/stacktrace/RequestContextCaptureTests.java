package io.github.stacktrace;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RequestContextSlot;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.test.TestThreads;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine labels each captured thread with the request it serves, and {@code minElapsed} keeps only the threads
 * serving one for long enough, without Spring.
 */
class RequestContextCaptureTests {

	private final TestThreads threads = new TestThreads();

	private final RequestContextRegistry registry = new RequestContextRegistry();

	private final StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
			CaptureListener.NONE, this.registry);

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stopThreads() throws Exception {
		this.release.countDown();
		this.threads.stopAll();
	}

	@Test
	void aCapturedThreadShowsTheRequestItServes() throws Exception {
		Thread slow = serve("slow-request", "/slow/{id}", Duration.ofSeconds(5));
		Thread idle = this.threads.startParked("idle");
		StackTraceReport report = this.service.capture(request(List.of(id(slow), id(idle)), ThreadFilter.NONE));
		ThreadCapture slowCapture = report.threads().get(0);
		assertThat(slowCapture.request()).isNotNull();
		assertThat(slowCapture.request().description()).isEqualTo("GET /slow/{id}");
		assertThat(slowCapture.request().elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
		assertThat(report.threads().get(1).request()).isNull();
	}

	@Test
	void minElapsedKeepsOnlyThreadsServingForThatLong() throws Exception {
		Thread slow = serve("slow-request", "/slow", Duration.ofSeconds(5));
		Thread fresh = serve("fresh-request", "/fresh", Duration.ZERO);
		this.threads.startParked("idle");
		ThreadFilter filter = new ThreadFilter(Set.of(), null, Duration.ofSeconds(1));
		StackTraceReport report = this.service.capture(request(null, filter));
		assertThat(report.threads()).extracting(ThreadCapture::id).containsExactly(id(slow));
		assertThat(report.threads().get(0).request().route()).isEqualTo("/slow");
		StackTraceReport any = this.service.capture(request(null, new ThreadFilter(Set.of(), null,
				Duration.ZERO)));
		assertThat(any.threads()).extracting(ThreadCapture::id).containsExactlyInAnyOrder(id(slow), id(fresh));
	}

	@Test
	void minElapsedNeverKeepsTheThreadAsking() {
		RequestContextSlot slot = this.registry.slot();
		slot.begin("GET", System.nanoTime() - Duration.ofSeconds(10).toNanos(), "/actuator/stacktrace", null);
		try {
			StackTraceReport report = this.service
				.capture(request(null, new ThreadFilter(Set.of(), null, Duration.ofSeconds(1))));
			assertThat(report.threads()).isEmpty();
			RequestContext own = this.service.capture(request(List.of(id(Thread.currentThread())), ThreadFilter.NONE))
				.threads()
				.get(0)
				.request();
			assertThat(own.route()).isEqualTo("/actuator/stacktrace");
		}
		finally {
			slot.end();
		}
	}

	@Test
	void withoutARegistryNoThreadPassesMinElapsed() throws Exception {
		this.threads.startParked("idle");
		StackTraceCaptureService plain = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
				CaptureListener.NONE);
		StackTraceReport report = plain.capture(request(null, new ThreadFilter(Set.of(), null,
				Duration.ZERO)));
		assertThat(report.threads()).isEmpty();
	}

	/** A thread that serves a request started {@code ago}, parked until the test ends. */
	private Thread serve(String name, String route, Duration ago) throws InterruptedException {
		CountDownLatch serving = new CountDownLatch(1);
		Thread thread = this.threads.start(name, () -> {
			RequestContextSlot slot = this.registry.slot();
			slot.begin("GET", System.nanoTime() - ago.toNanos(), route, null);
			serving.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				slot.end();
			}
		});
		serving.await();
		return thread;
	}

	private static StackTraceRequest request(@Nullable List<Long> ids, ThreadFilter filter) {
		return new StackTraceRequest(ids, DetailMode.FAST, Duration.ofSeconds(5), false, filter);
	}

	private static long id(Thread thread) {
		return TestThreads.id(thread);
	}

}
