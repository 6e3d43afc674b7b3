package io.github.stacktrace.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.CaptureInProgressException;
import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.CaptureOutcome;
import io.github.stacktrace.StackTraceCaptureException;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadFilter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link StackTraceMetrics}.
 */
class StackTraceMetricsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final StackTraceMetrics metrics = new StackTraceMetrics();

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	@AfterEach
	void shutDownExecutor() {
		this.executor.shutdownNow();
	}

	@Test
	void bindToRegistersOnlyTheActiveGaugeAtZero() {
		this.metrics.bindTo(this.registry);
		assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsExactly("stacktrace.capture.active");
		assertThat(this.registry.get("stacktrace.capture.active").gauge().value()).isZero();
	}

	@Test
	void successfulCaptureRecordsOneOkSampleTaggedWithModeAndScope() {
		this.metrics.bindTo(this.registry);
		StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS, this.metrics);
		service.capture(StackTraceRequest.allThreads(TIMEOUT));
		Timer timer = this.registry.get("stacktrace.capture").timer();
		assertThat(timer.getId().getTags()).containsExactlyInAnyOrder(Tag.of("outcome", "ok"), Tag.of("mode", "fast"),
				Tag.of("scope", "all"));
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
	}

	@Test
	void hotThreadsRequestRecordsOneSampleWithScopeHot() {
		this.metrics.bindTo(this.registry);
		StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS, this.metrics);
		service.hotThreads(new HotThreadsRequest(HotThreadsType.CPU, 1, Duration.ofMillis(10), 1, true,
				DetailMode.DISABLED, ThreadFilter.NONE));
		service.recordRejectedHotThreadsRequest(1_000);
		Timer ok = this.registry.get("stacktrace.capture").tags("scope", "hot", "outcome", "ok").timer();
		assertThat(ok.getId().getTags()).contains(Tag.of("mode", "disabled"));
		assertThat(ok.count()).isEqualTo(1);
		Timer rejected = this.registry.get("stacktrace.capture").tags("scope", "hot", "outcome", "bad_request").timer();
		assertThat(rejected.getId().getTags()).contains(Tag.of("mode", "none"));
		assertThat(rejected.count()).isEqualTo(1);
		assertThat(this.registry.get("stacktrace.capture.active").gauge().value()).isZero();
	}

	@Test
	void captureWhenAnotherIsRunningRecordsOneConflictSample() throws Exception {
		this.metrics.bindTo(this.registry);
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CaptureListener holdsTheCapture = new CaptureListener() {

			@Override
			public void captureStarted() {
				started.countDown();
				awaitOrFail(release);
			}

		};
		StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
				CaptureListener.composite(List.of(this.metrics, holdsTheCapture)));
		Future<StackTraceReport> running = this.executor
			.submit(() -> service.capture(StackTraceRequest.allThreads(TIMEOUT)));
		awaitOrFail(started);
		StackTraceRequest selected = new StackTraceRequest(List.of(1L), DetailMode.DISABLED, TIMEOUT, false);
		assertThatExceptionOfType(CaptureInProgressException.class).isThrownBy(() -> service.capture(selected));
		release.countDown();
		running.get(10, TimeUnit.SECONDS);
		assertThat(captureCount("conflict", "disabled", "selected")).isEqualTo(1);
		assertThat(captureCount("ok", "fast", "all")).isEqualTo(1);
		assertThat(this.registry.get("stacktrace.capture").timers()).hasSize(2);
	}

	@Test
	void rejectedRequestRecordsOneBadRequestSampleWithModeNone() {
		this.metrics.bindTo(this.registry);
		StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS, this.metrics);
		service.recordRejectedRequest(true, 1_000);
		Timer timer = this.registry.get("stacktrace.capture")
			.tags("outcome", "bad_request", "mode", "none", "scope", "selected")
			.timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(1_000);
		assertThat(this.registry.find("stacktrace.capture.threads").counters()).isEmpty();
	}

	@Test
	void interruptedCaptureRecordsOneCancelledSampleNotAnError() {
		this.metrics.bindTo(this.registry);
		StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS, this.metrics);
		StackTraceRequest request = StackTraceRequest.allThreads(TIMEOUT).withMode(DetailMode.FULL);
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(StackTraceCaptureException.class).isThrownBy(() -> service.capture(request));
		}
		finally {
			assertThat(Thread.interrupted()).isTrue();
		}
		assertThat(captureCount("cancelled", "full", "all")).isEqualTo(1);
		assertThat(this.registry.find("stacktrace.capture").tag("outcome", "error").timers()).isEmpty();
		assertThat(this.registry.get("stacktrace.capture.active").gauge().value()).isZero();
	}

	@Test
	void failingListenerDoesNotKeepMetricsFromRecording() {
		this.metrics.bindTo(this.registry);
		CaptureListener failing = new CaptureListener() {

			@Override
			public void captureStarted() {
				throw new IllegalStateException("boom");
			}

		};
		StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
				CaptureListener.composite(List.of(failing, this.metrics)));
		service.capture(StackTraceRequest.allThreads(TIMEOUT).withMode(DetailMode.FULL));
		assertThat(captureCount("ok", "full", "all")).isEqualTo(1);
		assertThat(this.registry.get("stacktrace.capture.active").gauge().value()).isZero();
	}

	@Test
	void capturedThreadsAreCountedPerStatus() {
		this.metrics.bindTo(this.registry);
		StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS, this.metrics);
		long current = currentThreadId();
		service.capture(new StackTraceRequest(List.of(current, Long.MAX_VALUE), DetailMode.FAST, TIMEOUT, false));
		assertThat(threadCount("ok_current_thread")).isEqualTo(1);
		assertThat(threadCount("thread_exited")).isEqualTo(1);
		assertThat(this.registry.get("stacktrace.capture.threads").counters()).hasSize(2);
	}

	@Test
	void threadCountsAddUpAcrossReportsAndSkipEmptyStatuses() {
		this.metrics.bindTo(this.registry);
		Map<CaptureStatus, Integer> counts = new EnumMap<>(CaptureStatus.class);
		counts.put(CaptureStatus.OK, 40);
		counts.put(CaptureStatus.TIMEOUT, 2);
		counts.put(CaptureStatus.CAPTURE_ERROR, 0);
		this.metrics.threadsCaptured(counts);
		this.metrics.threadsCaptured(Map.of(CaptureStatus.OK, 2));
		assertThat(threadCount("ok")).isEqualTo(42);
		assertThat(threadCount("timeout")).isEqualTo(2);
		assertThat(this.registry.find("stacktrace.capture.threads").tag("status", "capture_error").counter()).isNull();
	}

	@Test
	void activeGaugeIsOneWhileACaptureRunsAndZeroAfter() throws Exception {
		this.metrics.bindTo(this.registry);
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CaptureListener holdsTheCapture = new CaptureListener() {

			@Override
			public void captureStarted() {
				started.countDown();
				awaitOrFail(release);
			}

		};
		StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
				CaptureListener.composite(List.of(this.metrics, holdsTheCapture)));
		Future<StackTraceReport> running = this.executor
			.submit(() -> service.capture(StackTraceRequest.allThreads(TIMEOUT)));
		awaitOrFail(started);
		assertThat(this.registry.get("stacktrace.capture.active").gauge().value()).isEqualTo(1);
		release.countDown();
		running.get(10, TimeUnit.SECONDS);
		assertThat(this.registry.get("stacktrace.capture.active").gauge().value()).isZero();
	}

	@Test
	void activeGaugeNeverGoesBelowZero() {
		this.metrics.bindTo(this.registry);
		this.metrics.captureEnded();
		assertThat(this.registry.get("stacktrace.capture.active").gauge().value()).isZero();
	}

	@Test
	void eventsBeforeBindToAreDroppedWithoutFailing() {
		assertThatNoException().isThrownBy(() -> {
			this.metrics.captureStarted();
			this.metrics.threadsCaptured(Map.of(CaptureStatus.OK, 3));
			this.metrics.captureEnded();
			this.metrics.requestCompleted(CaptureOutcome.OK, DetailMode.FAST, false, 10);
		});
		this.metrics.bindTo(this.registry);
		assertThat(this.registry.find("stacktrace.capture").timers()).isEmpty();
		assertThat(this.registry.find("stacktrace.capture.threads").counters()).isEmpty();
		assertThat(this.registry.get("stacktrace.capture.active").gauge().value()).isZero();
	}

	@Test
	void bindingTheSameRegistryTwiceRecordsOnce() {
		this.metrics.bindTo(this.registry);
		this.metrics.bindTo(this.registry);
		this.metrics.requestCompleted(CaptureOutcome.OK, DetailMode.FAST, false, 10);
		assertThat(this.registry.get("stacktrace.capture").timer().count()).isEqualTo(1);
	}

	@Test
	void everyRegistryBoundToRecordsEachRequest() {
		SimpleMeterRegistry other = new SimpleMeterRegistry();
		this.metrics.bindTo(this.registry);
		this.metrics.bindTo(other);
		this.metrics.requestCompleted(CaptureOutcome.CONFLICT, DetailMode.FULL_WITH_INLINE, true, 10);
		assertThat(captureCount("conflict", "full_with_inline", "selected")).isEqualTo(1);
		assertThat(other.get("stacktrace.capture").tag("mode", "full_with_inline").timer().count()).isEqualTo(1);
	}

	@Test
	void extraTagsAreAddedToEveryMeter() {
		StackTraceMetrics tagged = new StackTraceMetrics(Tags.of("app", "orders"));
		tagged.bindTo(this.registry);
		tagged.requestCompleted(CaptureOutcome.OK, DetailMode.FAST, false, 10);
		tagged.threadsCaptured(Map.of(CaptureStatus.OK, 1));
		assertThat(this.registry.getMeters()).hasSize(3)
			.allSatisfy((meter) -> assertThat(meter.getId().getTag("app")).isEqualTo("orders"));
	}

	@Test
	void everyMeterHasADescriptionAndCountersUseBaseUnits() {
		this.metrics.bindTo(this.registry);
		this.metrics.requestCompleted(CaptureOutcome.OK, DetailMode.FAST, false, 10);
		this.metrics.threadsCaptured(Map.of(CaptureStatus.OK, 1));
		assertThat(this.registry.getMeters()).hasSize(3)
			.extracting(Meter::getId)
			.allSatisfy((id) -> assertThat(id.getDescription()).isNotBlank());
		assertThat(this.registry.get("stacktrace.capture.threads").counter().getId().getBaseUnit())
			.isEqualTo("threads");
	}

	private long captureCount(String outcome, String mode, String scope) {
		return this.registry.get("stacktrace.capture")
			.tags("outcome", outcome, "mode", mode, "scope", scope)
			.timer()
			.count();
	}

	private double threadCount(String status) {
		return this.registry.get("stacktrace.capture.threads").tag("status", status).counter().count();
	}

	private static void awaitOrFail(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released in time").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@SuppressWarnings("deprecation") // Thread#getId: Thread#threadId does not exist on Java 17
	private static long currentThreadId() {
		return Thread.currentThread().getId();
	}

}
