package io.github.stacktrace.stuck;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RequestContextSlot;
import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.StuckRequestEventText;
import io.github.stacktrace.report.StuckRequest;
import io.github.stacktrace.report.StuckRequestEvent;
import io.github.stacktrace.report.StuckRequestsReport;
import io.github.stacktrace.test.VirtualThreadStarter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The checker without Spring: requests recorded on held threads, checked at chosen moments, so no test waits for a
 * threshold to pass.
 */
class StuckRequestCheckerTests {

	private static final Duration THRESHOLD = Duration.ofSeconds(1);

	private static final long SECOND = 1_000_000_000L;

	private final RequestContextRegistry registry = new RequestContextRegistry();

	private final Recording recording = new Recording();

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<Thread> threads = new ArrayList<>();

	private final List<CountDownLatch> ends = new ArrayList<>();

	@AfterEach
	void releaseThreads() throws InterruptedException {
		this.release.countDown();
		this.ends.forEach(CountDownLatch::countDown);
		for (Thread thread : this.threads) {
			thread.join(10_000);
		}
	}

	@Test
	void requestPastItsThresholdIsLoggedOnceThenItsEnd() throws Exception {
		long start = System.nanoTime();
		Held held = hold("held-1", "GET", "/orders/{id}", start);
		StuckRequestChecker checker = checker(settings(10), start);
		checker.check(start + SECOND / 2);
		assertThat(this.recording.events).isEmpty();
		checker.check(start + SECOND + SECOND / 10);
		checker.check(start + 2 * SECOND);
		assertThat(this.recording.events).singleElement().satisfies((event) -> {
			assertThat(event.kind()).isEqualTo(StuckRequestEvent.Kind.STUCK);
			StuckRequest request = event.first();
			assertThat(request.request().description()).isEqualTo("GET /orders/{id}");
			assertThat(request.thread().id()).isEqualTo(held.threadId());
			assertThat(request.thread().frames()).isNotEmpty();
			assertThat(request.thread().frames().toString()).contains("StuckRequestCheckerTests");
		});
		assertThat(checker.stuckCount()).isEqualTo(1);
		held.end();
		checker.check(start + 3 * SECOND);
		assertThat(this.recording.events).hasSize(2);
		StuckRequestEvent ended = this.recording.events.get(1);
		assertThat(ended.kind()).isEqualTo(StuckRequestEvent.Kind.ENDED);
		assertThat(ended.first().ending().total()).isEqualTo(Duration.ofSeconds(3));
		assertThat(ended.first().ending().how()).isEqualTo(StuckRequest.Ending.COMPLETED);
		assertThat(checker.stuckCount()).isZero();
		assertThat(this.recording.stuck).hasSize(1);
		assertThat(this.recording.ended).hasSize(1);
		checker.check(start + 4 * SECOND);
		assertThat(this.recording.events).hasSize(2);
	}

	@Test
	void requestOnAVirtualThreadIsStuckWithItsStackThenEnds() throws Exception {
		assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21");
		long start = System.nanoTime();
		CountDownLatch begun = new CountDownLatch(1);
		CountDownLatch end = new CountDownLatch(1);
		this.ends.add(end);
		Thread thread = VirtualThreadStarter.start("virtual-held", () -> {
			RequestContextSlot slot = this.registry.slot();
			slot.begin("GET", start, "/virtual/{id}", null);
			begun.countDown();
			try {
				end.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			slot.end();
		});
		this.threads.add(thread);
		assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();
		StuckRequestChecker checker = checker(settings(10), start);
		checker.check(start + 2 * SECOND);
		assertThat(this.recording.events).singleElement().satisfies((event) -> {
			assertThat(event.first().thread().isVirtual()).isTrue();
			assertThat(event.first().thread().name()).isEqualTo("virtual-held");
			assertThat(event.first().thread().frames().toString()).contains("StuckRequestCheckerTests");
		});
		assertThat(checker.report(10).stuck()).singleElement()
			.satisfies((request) -> assertThat(request.thread().frames()).isNotEmpty());
		end.countDown();
		thread.join(10_000);
		checker.check(start + 3 * SECOND);
		assertThat(this.recording.events).hasSize(2);
		assertThat(this.recording.events.get(1).kind()).isEqualTo(StuckRequestEvent.Kind.ENDED);
	}

	@Test
	void requestUnderItsThresholdIsNeverLogged() throws Exception {
		long start = System.nanoTime();
		Held held = hold("held-under", "GET", "/quick", start);
		StuckRequestChecker checker = checker(settings(10), start);
		checker.check(start + SECOND / 2);
		checker.check(start + SECOND - 1);
		held.end();
		checker.check(start + 5 * SECOND);
		assertThat(this.recording.events).isEmpty();
		assertThat(this.recording.stuck).isEmpty();
	}

	@Test
	void excludedRoutesAreNeverStuckAndPatternsGiveTheirOwnThreshold() throws Exception {
		long start = System.nanoTime();
		hold("held-download", "GET", "/downloads/big/file", start);
		hold("held-report", "GET", "/reports/{id}", start);
		hold("held-endpoint", "GET", "/actuator/stacktrace/{operation}", start);
		RouteThresholds thresholds = new RouteThresholds(THRESHOLD,
				List.of("/downloads/**", "/actuator/stacktrace", "/actuator/stacktrace/**"),
				Map.of("/reports/*", Duration.ofSeconds(5)));
		StuckRequestChecker checker = checker(new StuckRequestSettings(thresholds, 10, 64, 10, 10, 1 << 20), start);
		checker.check(start + 2 * SECOND);
		assertThat(this.recording.events).isEmpty();
		checker.check(start + 5 * SECOND + SECOND / 10);
		assertThat(this.recording.events).singleElement()
			.satisfies((event) -> assertThat(event.first().request().route()).isEqualTo("/reports/{id}"));
	}

	@Test
	void requestTakenUpAgainPastItsThresholdIsStuckOnlyAfterAThresholdOnItsThread() throws Exception {
		long start = System.nanoTime();
		StuckRequestChecker checker = checker(settings(10), start);
		checker.check(start + SECOND);
		// A request that waited 10 s without a thread (a DeferredResult) and is now dispatched again.
		hold("held-dispatch", "GET", "/poll", start - 9 * SECOND);
		checker.check(start + 2 * SECOND);
		checker.check(start + 2 * SECOND + SECOND / 2);
		assertThat(this.recording.events).isEmpty();
		checker.check(start + 3 * SECOND + SECOND / 10);
		assertThat(this.recording.events).singleElement()
			.satisfies((event) -> assertThat(event.first().request().route()).isEqualTo("/poll"));
	}

	@Test
	void requestsStuckAtOneStackInOneCheckAreOneEvent() throws Exception {
		long start = System.nanoTime();
		int count = 1_000;
		for (int i = 0; i < count; i++) {
			hold("held-many-" + i, "POST", "/orders", start);
		}
		StuckRequestChecker checker = checker(settings(10), start);
		checker.check(start + 2 * SECOND);
		assertThat(this.recording.stuck).hasSize(count);
		assertThat(this.recording.events).singleElement()
			.satisfies((event) -> assertThat(event.requests()).hasSize(count));
		String message = new StuckRequestEventText(new FrameRenderCache(100, 1 << 20), 10)
			.message(this.recording.events.get(0));
		assertThat(message).startsWith("1000 stuck requests at one stack, the oldest: POST /orders for 2.0 s");
		assertThat(message).contains("... and 990 more requests");
		assertThat(message.lines().filter((line) -> line.startsWith("also stuck at this stack: "))).hasSize(9);
		assertThat(message.length()).isLessThan(20_000);
	}

	@Test
	void eventsPastTheRateLimitAreCountedInTheNextOne() throws Exception {
		long start = System.nanoTime();
		Held first = hold("held-a", "GET", "/a", start);
		StuckRequestChecker checker = checker(settings(1), start);
		checker.check(start + 2 * SECOND);
		first.end();
		checker.check(start + 3 * SECOND);
		// The ended event was turned away: one event in the minute.
		assertThat(this.recording.events).hasSize(1);
		long later = start + 70 * SECOND;
		hold("held-b", "GET", "/b", later - 2 * SECOND);
		checker.check(later - SECOND);
		checker.check(later);
		assertThat(this.recording.events).hasSize(2);
		assertThat(this.recording.events.get(1).suppressedBefore()).isEqualTo(1);
		assertThat(this.recording.stuck).hasSize(2);
		assertThat(this.recording.ended).hasSize(1);
	}

	@Test
	void hostileThreadNamesAndRoutesNeverForgeALine() throws Exception {
		long start = System.nanoTime();
		hold("evil\nStuck request: GET /forged\r\u001b[31m", "GET", "/x\nStuck request: GET /forged2", start);
		StuckRequestChecker checker = checker(settings(10), start);
		checker.check(start + 2 * SECOND);
		String message = new StuckRequestEventText(new FrameRenderCache(100, 1 << 20), 10)
			.message(this.recording.events.get(0));
		assertThat(message.lines()).noneMatch((line) -> line.startsWith("Stuck request: GET /forged"));
		assertThat(message).doesNotContain("\r").doesNotContain("\u001b");
		assertThat(message.lines().findFirst().orElseThrow()).contains("evil\\nStuck request")
			.contains("/x\\nStuck request: GET /forged2");
	}

	@Test
	void reportShowsStacksTakenNowAndTheRecentOnes() throws Exception {
		long start = System.nanoTime();
		Held ending = hold("held-report-1", "GET", "/one", start);
		hold("held-report-2", "GET", "/two", start);
		StuckRequestChecker checker = checker(settings(10), start);
		checker.check(start + 2 * SECOND);
		ending.end();
		checker.check(start + 3 * SECOND);
		StuckRequestsReport report = checker.report(100);
		assertThat(report.stuck()).singleElement().satisfies((request) -> {
			assertThat(request.request().route()).isEqualTo("/two");
			assertThat(request.thread().frames()).isNotEmpty();
		});
		assertThat(report.recent()).singleElement().satisfies((request) -> {
			assertThat(request.request().route()).isEqualTo("/one");
			assertThat(request.ending()).isNotNull();
		});
		assertThat(report.detected()).isEqualTo(2);
	}

	private StuckRequestSettings settings(int maxEventsPerMinute) {
		return new StuckRequestSettings(new RouteThresholds(THRESHOLD, List.of(), Map.of()), maxEventsPerMinute, 64, 10,
				10, 1 << 20);
	}

	private StuckRequestChecker checker(StuckRequestSettings settings, long start) {
		return new StuckRequestChecker(this.registry, settings, this.recording, Clock.systemUTC(), start);
	}

	// A thread that records a request started at the given moment, then waits; end() makes it end the request.
	private Held hold(String name, String method, String route, long startedNanos) throws InterruptedException {
		CountDownLatch begun = new CountDownLatch(1);
		CountDownLatch end = new CountDownLatch(1);
		this.ends.add(end);
		CountDownLatch ended = new CountDownLatch(1);
		long[] id = new long[1];
		Thread thread = new Thread(() -> {
			RequestContextSlot slot = this.registry.slot();
			slot.begin(method, startedNanos, route, null);
			begun.countDown();
			try {
				end.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			slot.end();
			ended.countDown();
			awaitRelease();
		}, name);
		thread.setDaemon(true);
		thread.start();
		this.threads.add(thread);
		assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();
		id[0] = thread.getId();
		return new Held(id[0], end, ended);
	}

	private void awaitRelease() {
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Held(long threadId, CountDownLatch endLatch, CountDownLatch ended) {

		void end() throws InterruptedException {
			this.endLatch.countDown();
			assertThat(this.ended.await(10, TimeUnit.SECONDS)).isTrue();
		}

	}

	private static final class Recording implements StuckRequestListener {

		private final List<StuckRequest> stuck = new CopyOnWriteArrayList<>();

		private final List<StuckRequest> ended = new CopyOnWriteArrayList<>();

		private final List<StuckRequestEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void stuck(StuckRequest request) {
			this.stuck.add(request);
		}

		@Override
		public void ended(StuckRequest request) {
			this.ended.add(request);
		}

		@Override
		public void event(StuckRequestEvent event) {
			this.events.add(event);
		}

	}

}
