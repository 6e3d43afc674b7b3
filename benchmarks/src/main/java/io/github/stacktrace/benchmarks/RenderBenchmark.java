package io.github.stacktrace.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.DetailMode;
import io.github.stacktrace.FoldedReportRenderer;
import io.github.stacktrace.FrameRenderCache;
import io.github.stacktrace.JsonReportRenderer;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceReport;
import io.github.stacktrace.StackTraceRequest;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.TextReportRenderer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rendering alone, of one report captured at set-up from {@code threads} parked threads: text through the
 * long-lived cache, through a new cache per call, and with caching disabled (max entries 0), plus JSON and folded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RenderBenchmark {

	@Param({ "100", "1000", "5000" })
	public int threads;

	@Param({ "DISABLED", "FAST", "FULL" })
	public DetailMode mode;

	private StackTraceReport report;

	private TextReportRenderer cachedRenderer;

	private final TextReportRenderer uncachedRenderer = new TextReportRenderer(new FrameRenderCache(0, 0));

	private JsonReportRenderer jsonRenderer;

	private final FoldedReportRenderer foldedRenderer = new FoldedReportRenderer();

	@Setup(Level.Trial)
	public void setUp() throws InterruptedException {
		try (ParkedThreads parked = ParkedThreads.start(this.threads, ParkedThreads.DEFAULT_RECURSION, "parked-")) {
			StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
					CaptureListener.NONE);
			this.report = service.capture(StackTraceRequest.allThreads(Duration.ofMillis(100)).withMode(this.mode));
		}
		FrameRenderCache cache = new FrameRenderCache(1024, 4_000_000);
		this.cachedRenderer = new TextReportRenderer(cache);
		// As the endpoint does: JSON shares the text renderer's cache (grouping keys are rendered stacks).
		this.jsonRenderer = new JsonReportRenderer(cache);
		System.out.printf("%n# output: threads=%d mode=%s live=%d text_bytes=%d json_bytes=%d folded_bytes=%d%n",
				this.threads, this.mode, this.report.threadCount(), this.cachedRenderer.render(this.report).length(),
				this.jsonRenderer.render(this.report).length(), this.foldedRenderer.render(this.report).length());
	}

	@Benchmark
	public String textCached() {
		return this.cachedRenderer.render(this.report);
	}

	/** Identical stacks folded into one section per group, through the long-lived cache. */
	@Benchmark
	public String textGrouped() {
		return this.cachedRenderer.render(this.report, true);
	}

	@Benchmark
	public String jsonGrouped() {
		return this.jsonRenderer.render(this.report, true);
	}

	@Benchmark
	public String textCold() {
		return new TextReportRenderer(new FrameRenderCache(1024, 4_000_000)).render(this.report);
	}

	@Benchmark
	public String textCacheDisabled() {
		return this.uncachedRenderer.render(this.report);
	}

	@Benchmark
	public String json() {
		return this.jsonRenderer.render(this.report);
	}

	@Benchmark
	public String folded() {
		return this.foldedRenderer.render(this.report);
	}

}
