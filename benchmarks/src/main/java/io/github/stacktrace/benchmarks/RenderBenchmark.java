package io.github.stacktrace.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.render.FoldedReportRenderer;
import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.JsonReportRenderer;
import io.github.stacktrace.render.TextReportRenderer;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
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

	private final FoldedReportRenderer foldedRenderer = new FoldedReportRenderer(new FrameRenderCache(1024, 4_000_000));

	@Setup(Level.Trial)
	public void setUp() throws InterruptedException {
		try (ParkedThreads parked = ParkedThreads.start(this.threads, ParkedThreads.DEFAULT_RECURSION, "parked-")) {
			StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
					CaptureListener.NONE);
			this.report = service.capture(StackTraceRequest.allThreads(Duration.ofMillis(100)).withMode(this.mode));
		}
		FrameRenderCache cache = new FrameRenderCache(1024, 4_000_000);
		this.cachedRenderer = new TextReportRenderer(cache);
		// As the endpoint does: every renderer renders through the one frame cache.
		this.jsonRenderer = new JsonReportRenderer(cache);
		System.out.printf("%n# output: threads=%d mode=%s live=%d text_bytes=%d json_bytes=%d folded_bytes=%d%n",
				this.threads, this.mode, this.report.threadCount(), this.cachedRenderer.render(this.report, false).toString().length(),
				this.jsonRenderer.render(this.report, false).toString().length(), this.foldedRenderer.render(this.report, false).toString().length());
	}

	@Benchmark
	public String textCached() {
		return this.cachedRenderer.render(this.report, false).toString();
	}

	/** Identical stacks folded into one section per group, through the long-lived cache. */
	@Benchmark
	public String textGrouped() {
		return this.cachedRenderer.render(this.report, true).toString();
	}

	@Benchmark
	public String jsonGrouped() {
		return this.jsonRenderer.render(this.report, true).toString();
	}

	@Benchmark
	public String textCold() {
		return new TextReportRenderer(new FrameRenderCache(1024, 4_000_000)).render(this.report, false).toString();
	}

	@Benchmark
	public String textCacheDisabled() {
		return this.uncachedRenderer.render(this.report, false).toString();
	}

	@Benchmark
	public String json() {
		return this.jsonRenderer.render(this.report, false).toString();
	}

	@Benchmark
	public String folded() {
		return this.foldedRenderer.render(this.report, false).toString();
	}

}
