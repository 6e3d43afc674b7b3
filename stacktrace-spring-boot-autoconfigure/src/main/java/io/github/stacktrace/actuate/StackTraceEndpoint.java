package io.github.stacktrace.actuate;

import io.github.stacktrace.CaptureInProgressException;
import io.github.stacktrace.StackTraceCaptureException;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.render.FoldedReportRenderer;
import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.JsonReportRenderer;
import io.github.stacktrace.render.TextEscaper;
import io.github.stacktrace.render.TextReportRenderer;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadFilter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.io.InputStreamResource;
import org.springframework.lang.Nullable;
import org.springframework.util.MimeType;

/**
 * {@link Endpoint @Endpoint} that captures the stacks of the live JVM's threads, all of them or the ones named. Over
 * HTTP it answers the text report (JSON on {@code Accept: application/json} or {@code format=json}) and maps each
 * failure to one status with a one-line {@code text/plain} body: 400 for a bad parameter, 409 while another capture
 * runs, 500 when the capture fails. Over JMX, {@link StackTraceJmxEndpointExtension} answers the same report.
 * <p>
 * Parameters are nullable strings validated by hand, so every bad value gets its own one-line message; they are
 * marked with Spring's {@code @Nullable}, the one annotation both Boot 3.5 and Boot 4 read as "optional".
 */
@Endpoint(id = "stacktrace")
@SuppressWarnings("deprecation") // org.springframework.lang.Nullable: the optional marker Boot 3.5 also honours
public class StackTraceEndpoint {

	static final String TEXT_PLAIN_UTF8 = "text/plain;charset=UTF-8";

	private static final Log logger = LogFactory.getLog(StackTraceEndpoint.class);

	private static final MimeType TEXT_PLAIN = MimeType.valueOf(TEXT_PLAIN_UTF8);

	private final StackTraceCaptureService service;

	private final StackTraceRequestParser parser;

	private final TextReportRenderer textRenderer;

	private final JsonReportRenderer jsonRenderer;

	private final FoldedReportRenderer foldedRenderer;

	/**
	 * Creates the endpoint.
	 * @param service the capture engine
	 * @param parser validates query parameters
	 * @param cache the frame cache the renderers render through
	 */
	public StackTraceEndpoint(StackTraceCaptureService service, StackTraceRequestParser parser,
			FrameRenderCache cache) {
		this.service = service;
		this.parser = parser;
		this.textRenderer = new TextReportRenderer(cache);
		this.jsonRenderer = new JsonReportRenderer(cache);
		this.foldedRenderer = new FoldedReportRenderer(cache);
	}

	/**
	 * Captures the requested threads and renders the report.
	 * @param contentType the content type negotiated from {@code Accept}, used when {@code format} is absent
	 * @param thread_id comma-separated Java thread ids; every live thread when absent
	 * @param tid legacy alias of {@code thread_id}
	 * @param mode frame detail: DISABLED, FAST, FULL or FULL_WITH_INLINE
	 * @param dwarf_location_info_mode long name of {@code mode}; wins when both are given
	 * @param timeout_ms the most one thread's capture may take, in milliseconds
	 * @param skip_blocking_syscalls whether to skip threads blocked in a blocking native call
	 * @param format text, json or folded
	 * @param group whether threads with identical stacks share one section
	 * @param state comma-separated thread states to keep
	 * @param name a glob ({@code *}, {@code ?}) the whole thread name must match
	 * @return the report, or a one-line error with its status
	 */
	@ReadOperation(producesFrom = StackTraceContentType.class)
	public WebEndpointResponse<Object> stackTrace(StackTraceContentType contentType, @Nullable String thread_id,
			@Nullable String tid, @Nullable String mode, @Nullable String dwarf_location_info_mode,
			@Nullable String timeout_ms, @Nullable String skip_blocking_syscalls, @Nullable String format,
			@Nullable String group, @Nullable String state, @Nullable String name) {
		try {
			StackTraceQuery query = parse(new RawParameters(thread_id, tid, mode, dwarf_location_info_mode,
					timeout_ms, skip_blocking_syscalls, format, group, state, name));
			ReportFormat reportFormat = (query.format() != null) ? query.format() : contentType.format();
			StackTraceReport report = this.service.capture(query.request());
			// Text and JSON are streamed piece by piece: a large report is never held whole as a string or bytes.
			Object body = switch (reportFormat) {
				case TEXT -> new InputStreamResource(
						this.textRenderer.render(report, query.grouped()).openUtf8Stream());
				case JSON -> new InputStreamResource(
						this.jsonRenderer.render(report, query.grouped()).openUtf8Stream());
				case FOLDED -> this.foldedRenderer.render(report, false).toString();
			};
			return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK, reportFormat.mimeType());
		}
		catch (InvalidStackTraceRequestException ex) {
			return text(ex.getMessage() + "\n", WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		catch (CaptureInProgressException ex) {
			return text(ex.getMessage() + "\n", 409);
		}
		catch (StackTraceCaptureException ex) {
			logger.warn("Thread stack capture failed", ex);
			return text(TextEscaper.escapeAndCut(String.valueOf(ex.getMessage()), 200) + "\n",
					WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR);
		}
		catch (RuntimeException ex) {
			// Rendering failed after a capture: still one text line, never the servlet container's error page.
			logger.warn("Thread stack report failed", ex);
			return text(TextEscaper.escapeAndCut("thread stack report failed: " + ex, 200) + "\n",
					WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR);
		}
	}

	/**
	 * Captures the requested threads and renders the report, throwing on failure.
	 * @param parameters the raw query parameters
	 * @return the report
	 * @throws InvalidStackTraceRequestException if a parameter is invalid
	 * @throws CaptureInProgressException if another capture is running
	 * @throws StackTraceCaptureException if the capture fails
	 */
	public String report(RawParameters parameters) {
		StackTraceQuery query = parse(parameters);
		ReportFormat reportFormat = (query.format() != null) ? query.format() : ReportFormat.TEXT;
		return render(this.service.capture(query.request()), reportFormat, query.grouped());
	}

	private String render(StackTraceReport report, ReportFormat format, boolean grouped) {
		return switch (format) {
			case TEXT -> this.textRenderer.render(report, grouped).toString();
			case JSON -> this.jsonRenderer.render(report, grouped).toString();
			case FOLDED -> this.foldedRenderer.render(report, grouped).toString();
		};
	}

	private StackTraceQuery parse(RawParameters raw) {
		long started = System.nanoTime();
		try {
			StackTraceRequest request = this.parser.parse(raw.threadId(), raw.tid(), raw.mode(),
					raw.dwarfLocationInfoMode(), raw.timeoutMs(), raw.skipBlockingSyscalls());
			ReportFormat format = this.parser.parseFormat(raw.format());
			boolean grouped = this.parser.parseGroup(raw.group());
			ThreadFilter filter = this.parser.parseFilter(raw.state(), raw.name());
			return new StackTraceQuery(request.withFilter(filter), format, grouped);
		}
		catch (InvalidStackTraceRequestException ex) {
			this.service.recordRejectedRequest(StackTraceRequestParser.isSelective(raw.threadId(), raw.tid()),
					System.nanoTime() - started);
			throw ex;
		}
	}

	private static WebEndpointResponse<Object> text(String body, int status) {
		return new WebEndpointResponse<>(body, status, TEXT_PLAIN);
	}

	private record StackTraceQuery(StackTraceRequest request, @Nullable ReportFormat format, boolean grouped) {

	}

	/**
	 * The endpoint's query parameters as received; any of them may be {@code null} or empty (absent).
	 *
	 * @param threadId comma-separated Java thread ids
	 * @param tid legacy alias of {@code threadId}
	 * @param mode frame detail
	 * @param dwarfLocationInfoMode long name of {@code mode}
	 * @param timeoutMs the per-thread timeout in milliseconds
	 * @param skipBlockingSyscalls whether to skip threads blocked in a blocking native call
	 * @param format text, json or folded
	 * @param group whether to group identical stacks
	 * @param state comma-separated thread states to keep
	 * @param name a glob over the whole thread name
	 */
	public record RawParameters(@Nullable String threadId, @Nullable String tid, @Nullable String mode,
			@Nullable String dwarfLocationInfoMode, @Nullable String timeoutMs, @Nullable String skipBlockingSyscalls,
			@Nullable String format, @Nullable String group, @Nullable String state, @Nullable String name) {

		/** No parameter given: every live thread with the defaults. */
		public static final RawParameters NONE = new RawParameters(null, null, null, null, null, null, null, null,
				null, null);

	}

}
