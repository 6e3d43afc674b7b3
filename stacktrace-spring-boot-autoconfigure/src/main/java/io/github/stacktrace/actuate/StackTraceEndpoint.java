package io.github.stacktrace.actuate;

import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceRequest;
import io.github.stacktrace.TextReportRenderer;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.lang.Nullable;

/**
 * {@link Endpoint @Endpoint} that captures the stacks of the live JVM's threads, all of them or the ones named, as a
 * plain-text report. Over HTTP, {@link StackTraceWebEndpointExtension} maps its failures to statuses; over JMX they
 * are exceptions.
 * <p>
 * Parameters are nullable strings validated by hand, so every bad value gets its own one-line message; they are
 * marked with Spring's {@code @Nullable}, the one annotation both Boot 3.5 and Boot 4 read as "optional".
 */
@Endpoint(id = "stacktrace")
@SuppressWarnings("deprecation") // org.springframework.lang.Nullable: the optional marker Boot 3.5 also honours
public class StackTraceEndpoint {

	static final String TEXT_PLAIN_UTF8 = "text/plain;charset=UTF-8";

	private final StackTraceCaptureService service;

	private final StackTraceRequestParser parser;

	private final TextReportRenderer renderer;

	/**
	 * Creates the endpoint.
	 * @param service the capture engine
	 * @param parser validates query parameters
	 * @param renderer renders reports as text
	 */
	public StackTraceEndpoint(StackTraceCaptureService service, StackTraceRequestParser parser,
			TextReportRenderer renderer) {
		this.service = service;
		this.parser = parser;
		this.renderer = renderer;
	}

	/**
	 * Captures the requested threads and renders the text report.
	 * @param thread_id comma-separated Java thread ids; every live thread when absent
	 * @param tid legacy alias of {@code thread_id}
	 * @param mode frame detail: DISABLED, FAST, FULL or FULL_WITH_INLINE
	 * @param dwarf_location_info_mode long name of {@code mode}; wins when both are given
	 * @param timeout_ms the most one thread's capture may take, in milliseconds
	 * @param skip_blocking_syscalls whether to skip threads blocked in a blocking native call
	 * @return the report
	 * @throws InvalidStackTraceRequestException if a parameter is invalid
	 * @throws io.github.stacktrace.CaptureInProgressException if another capture is running
	 * @throws io.github.stacktrace.StackTraceCaptureException if the capture fails
	 */
	@ReadOperation(produces = TEXT_PLAIN_UTF8)
	public String stackTrace(@Nullable String thread_id, @Nullable String tid, @Nullable String mode,
			@Nullable String dwarf_location_info_mode, @Nullable String timeout_ms,
			@Nullable String skip_blocking_syscalls) {
		StackTraceRequest request = parse(thread_id, tid, mode, dwarf_location_info_mode, timeout_ms,
				skip_blocking_syscalls);
		return this.renderer.render(this.service.capture(request));
	}

	private StackTraceRequest parse(@Nullable String threadId, @Nullable String tid, @Nullable String mode,
			@Nullable String dwarfMode, @Nullable String timeoutMs, @Nullable String skip) {
		long started = System.nanoTime();
		try {
			return this.parser.parse(threadId, tid, mode, dwarfMode, timeoutMs, skip);
		}
		catch (InvalidStackTraceRequestException ex) {
			this.service.recordRejectedRequest(StackTraceRequestParser.isSelective(threadId, tid),
					System.nanoTime() - started);
			throw ex;
		}
	}

}
