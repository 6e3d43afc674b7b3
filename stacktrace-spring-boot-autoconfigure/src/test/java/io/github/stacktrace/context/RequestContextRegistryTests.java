package io.github.stacktrace.context;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.test.TestThreads;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The registry as the capture side reads it: what another thread serves, never half of one entry, no slot per request.
 */
class RequestContextRegistryTests {

	private final TestThreads threads = new TestThreads();

	private final RequestContextRegistry registry = new RequestContextRegistry();

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void anotherThreadsRequestIsReadWithItsRouteAndElapsedTime() throws Exception {
		CountDownLatch serving = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		long started = System.nanoTime() - Duration.ofSeconds(3).toNanos();
		Thread worker = this.threads.start("request-worker", () -> {
			RequestContextSlot slot = this.registry.slot();
			slot.begin("GET", started, null, null);
			slot.route("/orders/{id}");
			serving.countDown();
			awaitQuietly(release);
			slot.end();
		});
		serving.await();
		RequestContext request = this.registry.read(TestThreads.id(worker), System.nanoTime());
		assertThat(request).isNotNull();
		assertThat(request.description()).isEqualTo("GET /orders/{id}");
		assertThat(request.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
		assertThat(request.startedNanos()).isEqualTo(started);
		assertThat(request.traceId()).isNull();
		assertThat(this.registry.servingCount()).isEqualTo(1);
		release.countDown();
		worker.join();
		assertThat(this.registry.read(TestThreads.id(worker), System.nanoTime())).isNull();
		assertThat(this.registry.servingCount()).isZero();
	}

	@Test
	void forEachServingVisitsOnlyTheThreadsServingNowWithTheirRequests() throws Exception {
		CountDownLatch serving = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread worker = this.threads.start("serving-worker", () -> {
			RequestContextSlot slot = this.registry.slot();
			slot.begin("PUT", System.nanoTime(), "/items/{id}", null);
			serving.countDown();
			awaitQuietly(release);
			slot.end();
		});
		RequestContextSlot idle = this.registry.slot();
		idle.begin("GET", System.nanoTime(), "/done", null);
		idle.end();
		serving.await();
		java.util.Map<Long, String> seen = new java.util.HashMap<>();
		this.registry.forEachServing(System.nanoTime(), (thread, id, virtual, context) -> {
			assertThat(id).isEqualTo(TestThreads.id(thread));
			assertThat(virtual).isFalse();
			seen.put(id, context.description());
		});
		assertThat(seen).containsExactly(java.util.Map.entry(TestThreads.id(worker), "PUT /items/{id}"));
		release.countDown();
		worker.join();
		seen.clear();
		this.registry.forEachServing(System.nanoTime(), (thread, id, virtual, context) -> seen.put(id, "x"));
		assertThat(seen).isEmpty();
	}

	@Test
	void aRequestWhoseHandlerIsNotKnownYetReadsAsUnknown() {
		RequestContextSlot slot = this.registry.slot();
		slot.begin("POST", System.nanoTime(), null, null);
		try {
			RequestContext request = this.registry.read(TestThreads.id(Thread.currentThread()), System.nanoTime());
			assertThat(request.description()).isEqualTo("POST UNKNOWN");
		}
		finally {
			slot.end();
		}
	}

	@Test
	void aRouteFromASourceIsReadWhenTheReportIsMadeAndForgottenWhenTheRequestEnds() {
		AtomicReference<@Nullable String> mapped = new AtomicReference<>();
		RequestContextSlot slot = this.registry.slot();
		slot.beginWithRouteSource("GET", System.nanoTime(), mapped::get, null);
		long self = TestThreads.id(Thread.currentThread());
		assertThat(this.registry.read(self, System.nanoTime()).description()).isEqualTo("GET UNKNOWN");
		mapped.set("/orders/{id}");
		assertThat(this.registry.read(self, System.nanoTime()).description()).isEqualTo("GET /orders/{id}");
		slot.end();
		assertThat(this.registry.read(self, System.nanoTime())).isNull();
		// The next request of the thread does not inherit the source.
		slot.begin("POST", System.nanoTime(), null, null);
		try {
			assertThat(this.registry.read(self, System.nanoTime()).description()).isEqualTo("POST UNKNOWN");
		}
		finally {
			slot.end();
		}
	}

	@Test
	void aRouteArrivingAfterTheRequestEndedIsIgnored() {
		RequestContextSlot slot = this.registry.slot();
		slot.begin("GET", System.nanoTime(), "/a", null);
		slot.end();
		slot.route("/b");
		assertThat(slot.isServing()).isFalse();
		assertThat(this.registry.read(TestThreads.id(Thread.currentThread()), System.nanoTime())).isNull();
	}

	@Test
	void aThreadKeepsOneSlotForEveryRequestItServes() {
		RequestContextSlot first = this.registry.slot();
		for (int i = 0; i < 10_000; i++) {
			RequestContextSlot slot = this.registry.slot();
			slot.begin("GET", System.nanoTime(), null, null);
			slot.route("/r");
			slot.end();
		}
		assertThat(this.registry.slot()).isSameAs(first);
		assertThat(this.registry.slotCount()).isEqualTo(1);
		assertThat(this.registry.servingCount()).isZero();
	}

	@Test
	void slotsOfEndedThreadsAreSweptAsNewThreadsRegister() throws Exception {
		for (int i = 0; i < 300; i++) {
			Thread thread = new Thread(() -> {
				RequestContextSlot slot = this.registry.slot();
				slot.begin("GET", System.nanoTime(), "/short", null);
				slot.end();
			});
			thread.start();
			thread.join();
		}
		// Swept whenever the slots double: never more than twice the live ones, plus the first sweep's threshold.
		assertThat(this.registry.slotCount()).isLessThanOrEqualTo(128);
		assertThat(this.registry.servingCount()).isZero();
	}

	@Test
	void traceIdsAreReadFromTheStoredContextWhenRead() {
		RequestContextRegistry traced = new RequestContextRegistry(new TraceIdReader() {

			@Override
			public String traceId(Object traceContext) {
				return "trace-of-" + traceContext;
			}

			@Override
			public String spanId(Object traceContext) {
				return "span-of-" + traceContext;
			}

		});
		RequestContextSlot slot = traced.slot();
		slot.begin("GET", System.nanoTime(), "/traced", "ctx");
		try {
			RequestContext request = traced.read(TestThreads.id(Thread.currentThread()), System.nanoTime());
			assertThat(request.traceId()).isEqualTo("trace-of-ctx");
			assertThat(request.spanId()).isEqualTo("span-of-ctx");
		}
		finally {
			slot.end();
		}
	}

	@Test
	void aReaderNeverSeesHalfOfOneRequestAndHalfOfAnother() throws Exception {
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch writing = new CountDownLatch(1);
		Thread writer = this.threads.start("request-writer", () -> {
			RequestContextSlot slot = this.registry.slot();
			writing.countDown();
			long round = 0;
			while (!stop.get()) {
				// Each request's method, route and start belong together: a mix would be a torn read.
				boolean even = (round++ & 1) == 0;
				slot.begin(even ? "GET" : "POST", even ? 2 : 3, null, null);
				slot.route(even ? "/even" : "/odd");
				slot.end();
			}
		});
		writing.await();
		long id = TestThreads.id(writer);
		int seen = 0;
		// Read at least 200,000 times and until some reads found a request: on a loaded machine the writer may not
		// get a core during the first reads (bounded, so a registry that never shows the request fails the test).
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		try {
			for (int i = 0; (i < 200_000 || seen < 1_000) && System.nanoTime() - deadline < 0; i++) {
				RequestContext request = this.registry.read(id, 10);
				if (request == null) {
					continue;
				}
				seen++;
				if (request.method().equals("GET")) {
					assertThat(request.startedNanos()).isEqualTo(2);
					assertThat(request.route()).isIn("UNKNOWN", "/even");
				}
				else {
					assertThat(request.method()).isEqualTo("POST");
					assertThat(request.startedNanos()).isEqualTo(3);
					assertThat(request.route()).isIn("UNKNOWN", "/odd");
				}
			}
		}
		finally {
			stop.set(true);
		}
		writer.join();
		assertThat(seen).as("reads that found a request").isPositive();
	}

	@Test
	void aVirtualThreadsSlotIsReleasedWhenItsRequestEnds() throws Exception {
		assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
		AtomicReference<@Nullable RequestContext> whileServing = new AtomicReference<>();
		CountDownLatch done = new CountDownLatch(1);
		Method startVirtualThread = Thread.class.getMethod("startVirtualThread", Runnable.class);
		Thread virtual = (Thread) startVirtualThread.invoke(null, (Runnable) () -> {
			RequestContextSlot slot = this.registry.slot();
			slot.begin("GET", System.nanoTime(), "/virtual", null);
			whileServing.set(this.registry.read(idOf(Thread.currentThread()), System.nanoTime()));
			slot.end();
			done.countDown();
		});
		done.await();
		virtual.join();
		assertThat(whileServing.get().description()).isEqualTo("GET /virtual");
		await().untilAsserted(() -> assertThat(this.registry.slotCount()).isZero());
	}

	@Test
	void forEachServingVirtualThreadVisitsOnlyVirtualThreadsServingNow() throws Exception {
		assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
		CountDownLatch serving = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		Runnable serve = () -> {
			RequestContextSlot slot = this.registry.slot();
			slot.begin("GET", System.nanoTime(), "/held", null);
			serving.countDown();
			awaitQuietly(release);
			slot.end();
		};
		Thread platform = this.threads.start("serving-platform", serve);
		Thread virtual = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, serve);
		serving.await();
		java.util.Map<Long, Thread> seen = new java.util.HashMap<>();
		this.registry.forEachServingVirtualThread((thread, id) -> seen.put(id, thread));
		assertThat(seen).containsExactly(java.util.Map.entry(idOf(virtual), virtual));
		release.countDown();
		virtual.join();
		platform.join();
		seen.clear();
		this.registry.forEachServingVirtualThread((thread, id) -> seen.put(id, thread));
		assertThat(seen).isEmpty();
	}

	@SuppressWarnings("deprecation")
	private static long idOf(Thread thread) {
		return thread.getId();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
