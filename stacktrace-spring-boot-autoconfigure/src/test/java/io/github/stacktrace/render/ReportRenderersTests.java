package io.github.stacktrace.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.report.CaptureSummary;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.test.StrictJson;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text, JSON, folded and grouped renderings of one and the same report agree with each other.
 */
class ReportRenderersTests {

	private static final int POOL = 50;

	private final TestThreads threads = new TestThreads();

	private final FrameRenderCache cache = new FrameRenderCache(1024, 4_000_000);

	private final List<Long> poolIds = new ArrayList<>();

	private StackTraceReport report;

	@BeforeEach
	void captureAPoolAndTwoSingletons() throws Exception {
		for (int i = 0; i < POOL; i++) {
			this.poolIds.add(TestThreads.id(this.threads.startParked("render-pool-" + i)));
		}
		List<Long> ids = new ArrayList<>(this.poolIds);
		ids.add(TestThreads.id(Thread.currentThread()));
		ids.add(Long.MAX_VALUE);
		StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
				CaptureListener.NONE);
		this.report = service.capture(new StackTraceRequest(ids, DetailMode.FAST, Duration.ofSeconds(10), false));
	}

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void jsonCountsEqualTheTextSummary() {
		String text = new TextReportRenderer(this.cache).render(this.report, false).toString();
		String json = new JsonReportRenderer(this.cache).render(this.report, false).toString();
		CaptureSummary summary = this.report.summary();
		assertThat(text).contains("summary: captured=" + summary.captured() + " skipped=" + summary.skipped()
				+ " timed_out=" + summary.timedOut() + " exited=" + summary.exited() + " errors=" + summary.errors()
				+ " virtual=" + summary.virtual());
		StrictJson.parse(json);
		assertThat((Integer) JsonPath.read(json, "$.summary.captured")).isEqualTo(summary.captured());
		assertThat((Integer) JsonPath.read(json, "$.summary.skipped")).isEqualTo(summary.skipped());
		assertThat((Integer) JsonPath.read(json, "$.summary.exited")).isEqualTo(summary.exited());
		assertThat((Integer) JsonPath.read(json, "$.thread_count")).isEqualTo(this.report.threadCount());
		List<Object> threads = JsonPath.read(json, "$.threads");
		assertThat(threads).hasSize(this.report.threadCount());
		assertThat(summary.captured()).isEqualTo(POOL + 1);
	}

	@Test
	void jsonRendersAPoolsFramesOnceAndStreamsWhatItJoins() throws IOException {
		JsonReportRenderer renderer = new JsonReportRenderer(this.cache);
		ReportText json = renderer.render(this.report, false);
		// The pool's 50 equal stacks: one miss, then hits; the current thread's stack is one more miss.
		assertThat(this.cache.stats().misses()).isEqualTo(2);
		assertThat(this.cache.stats().hits()).isEqualTo(POOL - 1);
		String joined = json.toString();
		try (InputStream stream = json.openUtf8Stream()) {
			assertThat(new String(stream.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(joined);
		}
		assertThat(new JsonReportRenderer(new FrameRenderCache(0, 0)).render(this.report, false).toString()).isEqualTo(joined);
		List<String> methods = JsonPath.read(joined, "$.threads[0].frames[*].method");
		assertThat(methods).contains("parkUntilInterrupted");
		List<Integer> frameCounts = JsonPath.read(joined, "$.threads[*].frame_count");
		List<List<Object>> frames = JsonPath.read(joined, "$.threads[*].frames");
		assertThat(frames).extracting(List::size).containsExactlyElementsOf(frameCounts);
	}

	@Test
	void foldedCountsSumToTheThreadsWithFramesAndThePoolIsOneLine() {
		String folded = new FoldedReportRenderer(this.cache).render(this.report, false).toString();
		long withFrames = this.report.threads().stream().filter((thread) -> !thread.frames().isEmpty()).count();
		int total = folded.lines().mapToInt((line) -> Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1))).sum();
		assertThat(total).isEqualTo(withFrames);
		assertThat(folded.lines()).hasSize(2);
		assertThat(folded.lines().findFirst()).hasValueSatisfying((line) -> assertThat(line).endsWith(" " + POOL)
			.startsWith("java.lang.Thread.run(")
			.contains(";" + TestThreads.class.getName() + ".parkUntilInterrupted("));
	}

	@Test
	void groupedTextAndJsonFoldThePoolAndKeepSingletonsApart() {
		String grouped = new TextReportRenderer(this.cache).render(this.report, true).toString();
		List<String> sections = grouped.lines().filter((line) -> line.startsWith("----- ")).toList();
		assertThat(sections).hasSize(3);
		assertThat(sections.get(0)).startsWith("----- " + POOL + " threads status=ok state=WAITING ");
		assertThat(sections).anyMatch((line) -> line.contains(" status=ok_current_thread "))
			.anyMatch((line) -> line.equals("----- thread " + Long.MAX_VALUE + " (?) status=thread_exited -----"));
		String json = new JsonReportRenderer(this.cache).render(this.report, true).toString();
		List<Integer> counts = JsonPath.read(json, "$.groups[*].count");
		assertThat(counts).containsExactly(POOL, 1, 1);
		List<Number> ids = JsonPath.read(json, "$.groups[0].threads[*].id");
		assertThat(ids).extracting(Number::longValue).containsExactlyElementsOf(this.poolIds);
	}

}
