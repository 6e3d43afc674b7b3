package io.github.stacktrace.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.JsonReportRenderer;
import io.github.stacktrace.render.ReportText;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Capture plus text rendering of a request, as the endpoint does it, with {@code threads} parked threads about 40
 * frames deep: every live thread or one selected thread, with the long-lived render cache ({@code cached}) or a new
 * cache per request ({@code cold}). Single-threaded, like the endpoint's single-flight capture.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CaptureBenchmark {

	private final byte[] responseBuffer = new byte[8192];

	@Param({ "100", "1000", "5000" })
	public int threads;

	@Param({ "DISABLED", "FAST", "FULL" })
	public DetailMode mode;

	private ParkedThreads parked;

	private StackTraceCaptureService service;

	private TextReportRenderer cachedRenderer;

	private JsonReportRenderer jsonRenderer;

	private StackTraceRequest all;

	private StackTraceRequest selected;

	@Setup(Level.Trial)
	@SuppressWarnings("deprecation") // Thread#getId: Thread#threadId does not exist on Java 17
	public void setUp() throws InterruptedException {
		this.parked = ParkedThreads.start(this.threads, ParkedThreads.DEFAULT_RECURSION, "parked-");
		this.service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS, CaptureListener.NONE);
		FrameRenderCache cache = new FrameRenderCache(1024, 4_000_000);
		this.cachedRenderer = new TextReportRenderer(cache);
		// As the endpoint does: every renderer renders through the one frame cache.
		this.jsonRenderer = new JsonReportRenderer(cache);
		this.all = StackTraceRequest.allThreads(Duration.ofMillis(100)).withMode(this.mode);
		Thread middle = this.parked.threads().get(this.threads / 2);
		this.selected = this.all.withThreadIds(List.of(middle.getId()));
		StackTraceReport report = this.service.capture(this.all);
		String text = this.cachedRenderer.render(report, false).toString();
		System.out.printf("%n# output: threads=%d mode=%s live=%d frames_of_parked=%d all_text_bytes=%d"
				+ " all_json_bytes=%d selected_text_bytes=%d%n", this.threads, this.mode, report.threadCount(),
				frameCount(report, middle.getId()), text.length(), this.jsonRenderer.render(report, false).toString().length(),
				this.cachedRenderer.render(this.service.capture(this.selected), false).toString().length());
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.parked.close();
	}

	/** Every live thread, rendered through the long-lived cache: the steady state of repeated requests. */
	@Benchmark
	public String allThreadsCached() {
		return this.cachedRenderer.render(this.service.capture(this.all), false).toString();
	}

	/**
	 * Every live thread, rendered through the long-lived cache and streamed as UTF-8 into a reused buffer, as the
	 * endpoint writes the text report to the response.
	 */
	@Benchmark
	public long allThreadsStreamed() throws IOException {
		return drain(this.cachedRenderer.render(this.service.capture(this.all), false));
	}

	/** As {@link #allThreadsStreamed()}, in JSON ({@code format=json}). */
	@Benchmark
	public long allThreadsJsonStreamed() throws IOException {
		return drain(this.jsonRenderer.render(this.service.capture(this.all), false));
	}

	private long drain(ReportText report) throws IOException {
		long written = 0;
		try (InputStream in = report.openUtf8Stream()) {
			for (int n = in.read(this.responseBuffer); n >= 0; n = in.read(this.responseBuffer)) {
				written += n;
			}
		}
		return written;
	}

	/** Every live thread, rendered through a new cache: the first request after start-up. */
	@Benchmark
	public String allThreadsCold() {
		return new TextReportRenderer(new FrameRenderCache(1024, 4_000_000)).render(this.service.capture(this.all), false).toString();
	}

	/** One selected thread among {@code threads}, rendered through the long-lived cache. */
	@Benchmark
	public String selectedThread() {
		return this.cachedRenderer.render(this.service.capture(this.selected), false).toString();
	}

	/** Capture of every live thread alone, without rendering. */
	@Benchmark
	public StackTraceReport allThreadsCaptureOnly() {
		return this.service.capture(this.all);
	}

	private static int frameCount(StackTraceReport report, long id) {
		return report.threads().stream().filter((t) -> t.id() == id).findFirst().map((t) -> t.frames().size())
			.orElse(-1);
	}

}
