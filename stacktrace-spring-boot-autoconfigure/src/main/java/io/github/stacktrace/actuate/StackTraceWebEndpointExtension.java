package io.github.stacktrace.actuate;

import io.github.stacktrace.CaptureInProgressException;
import io.github.stacktrace.StackTraceCaptureException;
import io.github.stacktrace.TextEscaper;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.lang.Nullable;
import org.springframework.util.MimeType;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} for the {@link StackTraceEndpoint}: the same report over HTTP,
 * with each failure mapped to one status and a one-line {@code text/plain} body: 400 for a bad parameter, 409 while
 * another capture runs, 500 when the capture fails.
 */
@EndpointWebExtension(endpoint = StackTraceEndpoint.class)
@SuppressWarnings("deprecation") // org.springframework.lang.Nullable: the optional marker Boot 3.5 also honours
public class StackTraceWebEndpointExtension {

	private static final Log logger = LogFactory.getLog(StackTraceWebEndpointExtension.class);

	private static final MimeType TEXT_PLAIN = MimeType.valueOf(StackTraceEndpoint.TEXT_PLAIN_UTF8);

	private final StackTraceEndpoint delegate;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 */
	public StackTraceWebEndpointExtension(StackTraceEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Captures the requested threads; see {@link StackTraceEndpoint#stackTrace}.
	 * @param thread_id comma-separated Java thread ids; every live thread when absent
	 * @param tid legacy alias of {@code thread_id}
	 * @param mode frame detail: DISABLED, FAST, FULL or FULL_WITH_INLINE
	 * @param dwarf_location_info_mode long name of {@code mode}; wins when both are given
	 * @param timeout_ms the most one thread's capture may take, in milliseconds
	 * @param skip_blocking_syscalls whether to skip threads blocked in a blocking native call
	 * @return the report, or a one-line error with its status
	 */
	@ReadOperation(produces = StackTraceEndpoint.TEXT_PLAIN_UTF8)
	public WebEndpointResponse<String> stackTrace(@Nullable String thread_id, @Nullable String tid,
			@Nullable String mode, @Nullable String dwarf_location_info_mode, @Nullable String timeout_ms,
			@Nullable String skip_blocking_syscalls) {
		try {
			return text(this.delegate.stackTrace(thread_id, tid, mode, dwarf_location_info_mode, timeout_ms,
					skip_blocking_syscalls), WebEndpointResponse.STATUS_OK);
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
	}

	private static WebEndpointResponse<String> text(String body, int status) {
		return new WebEndpointResponse<>(body, status, TEXT_PLAIN);
	}

}
