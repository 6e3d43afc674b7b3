package io.github.stacktrace.actuate;

import io.github.stacktrace.CaptureInProgressException;
import io.github.stacktrace.CaptureOutcome;
import io.github.stacktrace.StackTraceCaptureException;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.render.FoldedReportRenderer;
import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.HotThreadsFoldedRenderer;
import io.github.stacktrace.render.HotThreadsHtmlRenderer;
import io.github.stacktrace.render.HotThreadsJsonRenderer;
import io.github.stacktrace.render.HotThreadsRenderer;
import io.github.stacktrace.render.HotThreadsTextRenderer;
import io.github.stacktrace.render.HtmlReportRenderer;
import io.github.stacktrace.render.JsonReportRenderer;
import io.github.stacktrace.render.JstackReportRenderer;
import io.github.stacktrace.render.ReportRenderer;
import io.github.stacktrace.render.ReportText;
import io.github.stacktrace.render.TextReportRenderer;
import io.github.stacktrace.report.StackTraceReport;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.lang.Nullable;

/**
 * {@link Endpoint @Endpoint} that captures the stacks of the live JVM's threads, all of them or the ones named, and
 * renders the report: text, or JSON, folded stacks, jstack text or an HTML page when {@code format} asks. It knows
 * no transport and throws on failure. JMX uses its operation as it is; over HTTP,
 * {@link StackTraceEndpointWebExtension} negotiates the format, streams the report and turns each failure into a
 * status.
 * <p>
 * Parameters are nullable strings validated by hand, so every bad value gets its own one-line message; they are
 * marked with Spring's {@code @Nullable}, the one annotation both Boot 3.5 and Boot 4 read as "optional".
 *
 * @since 0.1.0
 */
@Endpoint(id = "stacktrace")
@SuppressWarnings("deprecation") // org.springframework.lang.Nullable: the optional marker Boot 3.5 also honours
public class StackTraceEndpoint {

	private final StackTraceCaptureService service;

	private final StackTraceRequestParser parser;

	private final ReportRenderer textRenderer;

	private final ReportRenderer jsonRenderer;

	private final ReportRenderer foldedRenderer;

	private final ReportRenderer jstackRenderer;

	private final ReportRenderer htmlRenderer = new HtmlReportRenderer();

	private final HotThreadsRequestParser hotParser;

	private final HotThreadsRenderer hotTextRenderer;

	private final HotThreadsRenderer hotJsonRenderer;

	private final HotThreadsRenderer hotFoldedRenderer;

	private final HotThreadsRenderer hotHtmlRenderer = new HotThreadsHtmlRenderer();

	private final @org.jspecify.annotations.Nullable StuckRequestReports stuck;

	/**
	 * Creates the endpoint.
	 * @param service the capture engine
	 * @param parser validates query parameters
	 * @param cache the frame cache the renderers render through
	 */
	public StackTraceEndpoint(StackTraceCaptureService service, StackTraceRequestParser parser,
			FrameRenderCache cache) {
		this(service, parser, cache, null);
	}

	/**
	 * Creates the endpoint with the report of stuck requests, {@code /actuator/stacktrace/stuck}.
	 * @param service the capture engine
	 * @param parser validates query parameters
	 * @param cache the frame cache the renderers render through
	 * @param stuck the stuck requests' report, or {@code null} when they are not watched
	 */
	public StackTraceEndpoint(StackTraceCaptureService service, StackTraceRequestParser parser,
			FrameRenderCache cache, @org.jspecify.annotations.Nullable StuckRequestReports stuck) {
		this.stuck = stuck;
		this.service = service;
		this.parser = parser;
		this.textRenderer = new TextReportRenderer(cache);
		this.jsonRenderer = new JsonReportRenderer(cache);
		this.foldedRenderer = new FoldedReportRenderer(cache);
		this.jstackRenderer = new JstackReportRenderer(cache);
		this.hotParser = new HotThreadsRequestParser(parser, service.maxRequestDuration());
		this.hotTextRenderer = new HotThreadsTextRenderer(cache);
		this.hotJsonRenderer = new HotThreadsJsonRenderer(cache);
		this.hotFoldedRenderer = new HotThreadsFoldedRenderer(cache);
	}

	/**
	 * Captures the requested threads and renders the report.
	 * @param thread_id comma-separated Java thread ids; every live thread when absent
	 * @param tid legacy alias of {@code thread_id}
	 * @param mode frame detail: DISABLED, FAST, FULL or FULL_WITH_INLINE
	 * @param dwarf_location_info_mode long name of {@code mode}; wins when both are given
	 * @param timeout_ms the most one thread's capture may take, in milliseconds
	 * @param skip_blocking_syscalls whether to skip threads blocked in a blocking native call
	 * @param format text, json, folded, jstack or html; text when absent
	 * @param group whether threads with identical stacks share one section
	 * @param state comma-separated thread states to keep
	 * @param name a glob ({@code *}, {@code ?}) the whole thread name must match
	 * @param virtual include (the default), exclude or only: whether virtual threads are covered, or only they
	 * @param min_elapsed_ms keep only threads serving a request (or scheduled task) for at least this many
	 * milliseconds
	 * @return the report
	 * @throws InvalidStackTraceRequestException if a parameter is invalid
	 * @throws CaptureInProgressException if another capture is running
	 * @throws StackTraceCaptureException if the capture fails
	 */
	// The same produced types as the web extension's operation, so that over HTTP the extension's replaces this one
	// instead of being mapped next to it.
	@ReadOperation(producesFrom = StackTraceContentType.class)
	public String stackTrace(@Nullable String thread_id, @Nullable String tid, @Nullable String mode,
			@Nullable String dwarf_location_info_mode, @Nullable String timeout_ms,
			@Nullable String skip_blocking_syscalls, @Nullable String format, @Nullable String group,
			@Nullable String state, @Nullable String name, @Nullable String virtual,
			@Nullable String min_elapsed_ms) {
		return report(new RawParameters(thread_id, tid, mode, dwarf_location_info_mode, timeout_ms,
				skip_blocking_syscalls, format, group, state, name, virtual,
				min_elapsed_ms));
	}

	/**
	 * Captures the requested threads and renders the report, as {@link #stackTrace} does.
	 * @param parameters the raw query parameters
	 * @return the report, text unless {@code format} asks for another
	 * @throws InvalidStackTraceRequestException if a parameter is invalid
	 * @throws CaptureInProgressException if another capture is running
	 * @throws StackTraceCaptureException if the capture fails
	 */
	public String report(RawParameters parameters) {
		StackTraceQuery query = parse(parameters);
		return capture(query, query.formatOr(ReportFormat.TEXT)).toString();
	}

	/**
	 * Validates raw parameters. A rejected request is reported to the capture service, so that its listeners (the
	 * metrics) see every request, not only the captured ones.
	 * @param parameters the raw query parameters
	 * @return the query
	 * @throws InvalidStackTraceRequestException if a parameter is invalid
	 */
	StackTraceQuery parse(RawParameters parameters) {
		long started = System.nanoTime();
		try {
			return this.parser.parse(parameters);
		}
		catch (InvalidStackTraceRequestException ex) {
			this.service.recordRejectedRequest(parameters.isSelective(), System.nanoTime() - started);
			throw ex;
		}
	}

	/**
	 * Reports a valid request that is turned away before capturing (the client accepts none of the report's content
	 * types) to the capture service, as {@link #parse} does for an invalid one.
	 * @param query the validated query
	 * @param durationNanos how long the request took until it was turned away
	 */
	void recordRejected(StackTraceQuery query, long durationNanos) {
		this.service.recordRejectedRequest(query.request().isSelective(), durationNanos);
	}

	/**
	 * Reports a valid request that the web layer refuses before capturing (the reports being sent are at their bound)
	 * to the capture service, as {@link #parse} does for an invalid one.
	 * @param query the validated query
	 * @param outcome how it ended
	 * @param durationNanos how long the request took until it was refused
	 */
	void recordRefused(StackTraceQuery query, CaptureOutcome outcome, long durationNanos) {
		this.service.recordRefusedRequest(outcome, query.request().mode(), query.request().isSelective(),
				durationNanos);
	}

	/**
	 * Captures the query's threads and renders the report.
	 * @param query the validated query
	 * @param format the format to render, which may differ from the query's when it names none
	 * @return the rendered report, to be joined or streamed
	 * @throws CaptureInProgressException if another capture is running
	 * @throws StackTraceCaptureException if the capture fails
	 */
	ReportText capture(StackTraceQuery query, ReportFormat format) {
		return render(this.service.capture(query.request()), format, query.grouped());
	}

	/**
	 * Finds the busiest threads over a window and takes their stacks: {@code /actuator/stacktrace/hot}.
	 * @param operation the sub-path, which must be {@code hot}
	 * @param threads how many of the busiest threads to show
	 * @param interval_ms the measuring window, in milliseconds
	 * @param snapshots how many stacks to take of each shown thread
	 * @param type what to rank by: cpu, wait, block or alloc
	 * @param ignore_idle whether to leave out threads waiting for work
	 * @param mode frame detail: DISABLED, FAST, FULL or FULL_WITH_INLINE
	 * @param format text, json, folded or html; text when absent
	 * @param state comma-separated thread states to keep
	 * @param name a glob ({@code *}, {@code ?}) the whole thread name must match
	 * @return the report
	 * @throws NoSuchOperationException if the sub-path is not {@code hot}
	 * @throws InvalidStackTraceRequestException if a parameter is invalid
	 * @throws CaptureInProgressException if another capture is running
	 * @throws StackTraceCaptureException if the sampling fails
	 */
	@ReadOperation(producesFrom = StackTraceContentType.class)
	public String hotThreads(@Selector String operation, @Nullable String threads, @Nullable String interval_ms,
			@Nullable String snapshots, @Nullable String type, @Nullable String ignore_idle, @Nullable String mode,
			@Nullable String format, @Nullable String state, @Nullable String name) {
		if (StuckRequestReports.OPERATION.equals(operation)) {
			return stuck(parseStuck(new HotThreadsParameters(threads, interval_ms, snapshots, type, ignore_idle, mode,
					format, state, name)), ReportFormat.TEXT).toString();
		}
		HotThreadsQuery query = parseHotThreads(operation, new HotThreadsParameters(threads, interval_ms, snapshots,
				type, ignore_idle, mode, format, state, name));
		ReportFormat reportFormat = (query.format() != null) ? query.format() : ReportFormat.TEXT;
		return hotThreads(query, reportFormat).toString();
	}

	/**
	 * Checks the sub-path and validates raw hot-threads parameters; a rejected request is reported to the capture
	 * service, as {@link #parse} does.
	 * @param operation the sub-path, which must be {@code hot}
	 * @param parameters the raw query parameters
	 * @return the query
	 * @throws NoSuchOperationException if the sub-path is not {@code hot}
	 * @throws InvalidStackTraceRequestException if a parameter is invalid
	 */
	HotThreadsQuery parseHotThreads(String operation, HotThreadsParameters parameters) {
		long started = System.nanoTime();
		if (!"hot".equals(operation)) {
			this.service.recordRefusedHotThreadsRequest(CaptureOutcome.NOT_FOUND, null, System.nanoTime() - started);
			throw new NoSuchOperationException(operation);
		}
		try {
			return this.hotParser.parse(parameters);
		}
		catch (InvalidStackTraceRequestException ex) {
			this.service.recordRejectedHotThreadsRequest(System.nanoTime() - started);
			throw ex;
		}
	}

	/**
	 * Reports a valid hot-threads request that is turned away before sampling, as {@link #recordRejected} does.
	 * @param durationNanos how long the request took until it was turned away
	 */
	void recordRejectedHotThreads(long durationNanos) {
		this.service.recordRejectedHotThreadsRequest(durationNanos);
	}

	/**
	 * Reports a valid hot-threads request that the web layer refuses before sampling, as {@link #recordRefused} does.
	 * @param query the validated query
	 * @param outcome how it ended
	 * @param durationNanos how long the request took until it was refused
	 */
	void recordRefusedHotThreads(HotThreadsQuery query, CaptureOutcome outcome, long durationNanos) {
		this.service.recordRefusedHotThreadsRequest(outcome, query.request().mode(), durationNanos);
	}

	/**
	 * Measures the busiest threads over the query's window and renders the report.
	 * @param query the validated query
	 * @param format the format to render
	 * @return the rendered report
	 * @throws CaptureInProgressException if another capture is running
	 * @throws StackTraceCaptureException if the sampling fails
	 */
	ReportText hotThreads(HotThreadsQuery query, ReportFormat format) {
		HotThreadsRenderer renderer = switch (format) {
			case JSON -> this.hotJsonRenderer;
			case FOLDED -> this.hotFoldedRenderer;
			case HTML -> this.hotHtmlRenderer;
			// The parser refuses jstack; text is the default.
			case TEXT, JSTACK -> this.hotTextRenderer;
		};
		return renderer.render(this.service.hotThreads(query.request()));
	}

	/**
	 * Validates the parameters of {@code /actuator/stacktrace/stuck}: only {@code format} is taken.
	 * @param parameters the raw query parameters, as the sub-path's operation binds them
	 * @return the format asked for, or {@code null} when none is
	 * @throws NoSuchOperationException if stuck requests are not watched
	 * @throws InvalidStackTraceRequestException if a parameter is invalid
	 */
	@org.jspecify.annotations.Nullable ReportFormat parseStuck(HotThreadsParameters parameters) {
		if (this.stuck == null) {
			throw new NoSuchOperationException(StuckRequestReports.OPERATION);
		}
		return StuckRequestReports.parse(parameters);
	}

	/**
	 * The stuck requests' report: {@code /actuator/stacktrace/stuck}.
	 * @param format the format asked for, or {@code null}
	 * @param fallback the format when none is asked for
	 * @return the rendered report
	 * @throws NoSuchOperationException if stuck requests are not watched
	 */
	ReportText stuck(@org.jspecify.annotations.Nullable ReportFormat format, ReportFormat fallback) {
		if (this.stuck == null) {
			throw new NoSuchOperationException(StuckRequestReports.OPERATION);
		}
		return this.stuck.render((format != null) ? format : fallback);
	}

	// The one place that knows which renderer makes which format.
	private ReportText render(StackTraceReport report, ReportFormat format, boolean grouped) {
		ReportRenderer renderer = switch (format) {
			case TEXT -> this.textRenderer;
			case JSON -> this.jsonRenderer;
			case FOLDED -> this.foldedRenderer;
			case JSTACK -> this.jstackRenderer;
			case HTML -> this.htmlRenderer;
		};
		return renderer.render(report, grouped);
	}

}
