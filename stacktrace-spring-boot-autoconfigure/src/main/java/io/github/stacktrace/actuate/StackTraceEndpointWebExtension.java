package io.github.stacktrace.actuate;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.stacktrace.CaptureCancelledException;
import io.github.stacktrace.CaptureInProgressException;
import io.github.stacktrace.CaptureOutcome;
import io.github.stacktrace.StackTraceCaptureException;
import io.github.stacktrace.render.ReportText;
import io.github.stacktrace.render.TextEscaper;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.core.io.InputStreamResource;
import org.springframework.lang.Nullable;
import org.springframework.util.MimeType;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} for the {@link StackTraceEndpoint}. It answers the text report,
 * JSON on {@code Accept: application/json}, the HTML page on {@code Accept: text/html}, or the format {@code format}
 * names; streams the report within the bounds of {@link InFlightReports}; ends the work of a request whose client goes
 * away ({@link ClientWatch}); and maps each failure to one status with a one-line {@code text/plain} body, whatever
 * {@code Accept} says: 400 for a bad parameter, 404 for an unknown sub-path, 406 for a valid request without
 * {@code format} whose {@code Accept} names none of the report's types, 503 while the reports being sent are at their
 * bound, 409 while another capture runs, 499 when the request was cancelled (its client went away), 500 when the
 * capture or the rendering fails.
 *
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = StackTraceEndpoint.class)
@SuppressWarnings("deprecation") // org.springframework.lang.Nullable: the optional marker Boot 3.5 also honours
public class StackTraceEndpointWebExtension {

	static final String TEXT_PLAIN_UTF8 = "text/plain;charset=UTF-8";

	private static final Log logger = LogFactory.getLog(StackTraceEndpointWebExtension.class);

	private static final MimeType TEXT_PLAIN = MimeType.valueOf(TEXT_PLAIN_UTF8);

	private static final int STATUS_NOT_ACCEPTABLE = 406;

	private static final int STATUS_CONFLICT = 409;

	// What nginx logs for a client that closed its connection before the answer: no client reads this one.
	private static final int STATUS_CLIENT_CLOSED_REQUEST = 499;

	static final String CANCELLED = "request cancelled: the client went away";

	static final String NOT_ACCEPTABLE = "not acceptable: this endpoint produces text/plain, text/html,"
			+ " application/json and application/vnd.spring-boot.actuator.v3+json";

	private final StackTraceEndpoint endpoint;

	private final InFlightReports inFlight;

	private final ClientWatch clientWatch;

	/**
	 * Creates the extension.
	 * @param endpoint the endpoint that parses, captures and renders
	 * @param inFlight the bounds of the reports being sent to clients
	 */
	public StackTraceEndpointWebExtension(StackTraceEndpoint endpoint, InFlightReports inFlight) {
		this(endpoint, inFlight, ClientWatch.NONE);
	}

	/**
	 * Creates the extension.
	 * @param endpoint the endpoint that parses, captures and renders
	 * @param inFlight the bounds of the reports being sent to clients
	 * @param clientWatch how to notice, while a request works, that its client went away
	 */
	public StackTraceEndpointWebExtension(StackTraceEndpoint endpoint, InFlightReports inFlight,
			ClientWatch clientWatch) {
		this.endpoint = endpoint;
		this.inFlight = inFlight;
		this.clientWatch = clientWatch;
	}

	/**
	 * Captures the requested threads and renders the report.
	 * @param contentType the content type negotiated from {@code Accept}, used when {@code format} is absent;
	 * {@code null} (an empty {@code Accept} header) means the default
	 * @param thread_id comma-separated Java thread ids; every live thread when absent
	 * @param tid legacy alias of {@code thread_id}
	 * @param mode frame detail: DISABLED, FAST, FULL or FULL_WITH_INLINE
	 * @param dwarf_location_info_mode long name of {@code mode}; wins when both are given
	 * @param timeout_ms the most one thread's capture may take, in milliseconds
	 * @param skip_blocking_syscalls whether to skip threads blocked in a blocking native call
	 * @param format text, json, folded, jstack or html
	 * @param group whether threads with identical stacks share one section
	 * @param state comma-separated thread states to keep
	 * @param name a glob ({@code *}, {@code ?}) the whole thread name must match
	 * @param virtual include (the default), exclude or only: whether virtual threads are covered, or only they
	 * @param min_elapsed_ms keep only threads serving a request (or scheduled task) for at least this many
	 * milliseconds
	 * @return the report, or a one-line error with its status
	 */
	@ReadOperation(producesFrom = StackTraceContentType.class)
	public WebEndpointResponse<Object> stackTrace(@Nullable StackTraceContentType contentType,
			@Nullable String thread_id, @Nullable String tid, @Nullable String mode,
			@Nullable String dwarf_location_info_mode, @Nullable String timeout_ms,
			@Nullable String skip_blocking_syscalls, @Nullable String format, @Nullable String group,
			@Nullable String state, @Nullable String name, @Nullable String virtual,
			@Nullable String min_elapsed_ms) {
		long started = System.nanoTime();
		return respond(() -> {
			StackTraceQuery query = this.endpoint.parse(new RawParameters(thread_id, tid, mode,
					dwarf_location_info_mode, timeout_ms, skip_blocking_syscalls, format, group, state, name,
					virtual, min_elapsed_ms));
			ReportFormat reportFormat = reportFormat(query.format(), contentType);
			if (reportFormat == null) {
				this.endpoint.recordRejected(query, System.nanoTime() - started);
				return null;
			}
			return new Rendering(reportFormat, () -> this.endpoint.capture(query, reportFormat),
					(outcome) -> this.endpoint.recordRefused(query, outcome, System.nanoTime() - started));
		});
	}

	/**
	 * Finds the busiest threads over a window and takes their stacks: {@code /actuator/stacktrace/hot}. Any other
	 * sub-path gets 404 with one line.
	 * @param contentType the content type negotiated from {@code Accept}, used when {@code format} is absent
	 * @param operation the sub-path, which must be {@code hot}
	 * @param threads how many of the busiest threads to show
	 * @param interval_ms the measuring window, in milliseconds
	 * @param snapshots how many stacks to take of each shown thread
	 * @param type what to rank by: cpu, wait, block or alloc
	 * @param ignore_idle whether to leave out threads waiting for work
	 * @param mode frame detail: DISABLED, FAST, FULL or FULL_WITH_INLINE
	 * @param format text, json, folded or html
	 * @param state comma-separated thread states to keep
	 * @param name a glob ({@code *}, {@code ?}) the whole thread name must match
	 * @return the report, or a one-line error with its status
	 */
	@ReadOperation(producesFrom = StackTraceContentType.class)
	public WebEndpointResponse<Object> hotThreads(@Nullable StackTraceContentType contentType,
			@Selector String operation, @Nullable String threads, @Nullable String interval_ms,
			@Nullable String snapshots, @Nullable String type, @Nullable String ignore_idle, @Nullable String mode,
			@Nullable String format, @Nullable String state, @Nullable String name) {
		long started = System.nanoTime();
		if (StuckRequestReports.OPERATION.equals(operation)) {
			return stuck(contentType, new HotThreadsParameters(threads, interval_ms, snapshots, type, ignore_idle,
					mode, format, state, name));
		}
		return respond(() -> {
			HotThreadsQuery query = this.endpoint.parseHotThreads(operation, new HotThreadsParameters(threads,
					interval_ms, snapshots, type, ignore_idle, mode, format, state, name));
			ReportFormat reportFormat = reportFormat(query.format(), contentType);
			if (reportFormat == null) {
				this.endpoint.recordRejectedHotThreads(System.nanoTime() - started);
				return null;
			}
			return new Rendering(reportFormat, () -> this.endpoint.hotThreads(query, reportFormat),
					(outcome) -> this.endpoint.recordRefusedHotThreads(query, outcome, System.nanoTime() - started));
		});
	}

	// /actuator/stacktrace/stuck shares the sub-path operation with /hot: one selector, one mapping.
	private WebEndpointResponse<Object> stuck(@Nullable StackTraceContentType contentType,
			HotThreadsParameters parameters) {
		return respond(() -> {
			ReportFormat reportFormat = reportFormat(this.endpoint.parseStuck(parameters), contentType);
			if (reportFormat == null || reportFormat == ReportFormat.FOLDED || reportFormat == ReportFormat.JSTACK) {
				return null;
			}
			// The stuck-request report reads what the checker found and takes no capture slot: it is no capture, and
			// counts in no stacktrace.capture sample.
			return new Rendering(reportFormat, () -> this.endpoint.stuck(reportFormat, ReportFormat.TEXT),
					(outcome) -> {
					});
		});
	}

	/**
	 * Validates, renders within the bounds of the reports in flight, and maps each failure to its status.
	 * @param validation validates the request: its rendering, or {@code null} when {@code Accept} names none of the
	 * report's types
	 */
	private WebEndpointResponse<Object> respond(Supplier<Rendering> validation) {
		try {
			Rendering rendering = validation.get();
			if (rendering == null) {
				return text(NOT_ACCEPTABLE, STATUS_NOT_ACCEPTABLE);
			}
			InFlightReports.Reservation place;
			try {
				place = this.inFlight.reserve();
			}
			catch (ReportsInFlightException ex) {
				rendering.refused().accept(CaptureOutcome.UNAVAILABLE);
				throw ex;
			}
			try {
				ReportText report;
				// A client that goes away ends the work it started: the watch interrupts this thread, the capture
				// gives up and its slot is free at once.
				try (ClientWatch.Watching watching = this.clientWatch.watchCurrentRequest()) {
					report = rendering.report().get();
				}
				// Streamed piece by piece: a large report is never held whole as a string or bytes, and it holds its
				// place among the reports in flight until it is sent, closed or abandoned; abandoned, its connection
				// is ended, where the container allows, so that the thread writing it is free at once.
				return new WebEndpointResponse<>(
						new InputStreamResource(place.stream(report, this.clientWatch.currentConnection())),
						WebEndpointResponse.STATUS_OK, rendering.format().mimeType());
			}
			finally {
				place.release();
			}
		}
		catch (NoSuchOperationException ex) {
			return text(ex.getMessage(), WebEndpointResponse.STATUS_NOT_FOUND);
		}
		catch (InvalidStackTraceRequestException ex) {
			return text(ex.getMessage(), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		catch (ReportsInFlightException ex) {
			return text(ex.getMessage(), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
		catch (CaptureInProgressException ex) {
			return text(ex.getMessage(), STATUS_CONFLICT);
		}
		catch (CaptureCancelledException ex) {
			// Nobody is left to read the answer: a plain disconnect, not a failure worth a stack in the log.
			if (logger.isDebugEnabled()) {
				logger.debug("Thread stack request cancelled: " + ex.getMessage());
			}
			return text(CANCELLED, STATUS_CLIENT_CLOSED_REQUEST);
		}
		catch (StackTraceCaptureException ex) {
			logger.warn("Thread stack capture failed", ex);
			return text(TextEscaper.escapeAndCut(String.valueOf(ex.getMessage()), 200),
					WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR);
		}
		catch (RuntimeException ex) {
			// Rendering failed after a capture: still one text line, never the servlet container's error page.
			logger.warn("Thread stack report failed", ex);
			return text(TextEscaper.escapeAndCut("thread stack report failed: " + ex, 200),
					WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR);
		}
	}

	// format wins over Accept; without it, Accept chooses, and a header naming none of our types chooses nothing.
	// Where the raw header is known (Spring MVC) it is negotiated by quality, as Spring does; else Boot's resolution
	// stands, which on WebFlux resolves the one type AcceptQualityWebFilter already negotiated by quality.
	private static @Nullable ReportFormat reportFormat(@Nullable ReportFormat format,
			@Nullable StackTraceContentType resolved) {
		if (format != null) {
			return format;
		}
		List<String> accept = RequestAcceptHeader.current();
		StackTraceContentType type = (accept != null) ? AcceptNegotiation.negotiate(accept) : resolved;
		return (type != null) ? type.format() : ReportFormat.TEXT;
	}

	private static WebEndpointResponse<Object> text(String line, int status) {
		return new WebEndpointResponse<>(line + "\n", status, TEXT_PLAIN);
	}

	/**
	 * A valid request's format, how to make its report once a place among the reports in flight is taken, and how to
	 * report it to the listeners when it is refused before that.
	 */
	private record Rendering(ReportFormat format, Supplier<ReportText> report, Consumer<CaptureOutcome> refused) {

	}

}
