package io.github.stacktrace.actuate;

import java.util.Locale;

import org.springframework.util.MimeType;

/**
 * The report formats the {@code format} parameter chooses from.
 *
 * @since 0.1.0
 */
public enum ReportFormat {

	/** The plain-text report. */
	TEXT(StackTraceEndpointWebExtension.TEXT_PLAIN_UTF8),

	/** One JSON object. */
	JSON("application/json"),

	/** Folded stacks for flame-graph tools. */
	FOLDED(StackTraceEndpointWebExtension.TEXT_PLAIN_UTF8),

	/** The layout of {@code jstack -l}, for thread-dump analysers. */
	JSTACK(StackTraceEndpointWebExtension.TEXT_PLAIN_UTF8),

	/** A self-contained page with an icicle graph, for a browser. */
	HTML("text/html;charset=UTF-8");

	private final MimeType mimeType;

	ReportFormat(String mimeType) {
		this.mimeType = MimeType.valueOf(mimeType);
	}

	/**
	 * The content type of a report in this format.
	 * @return the MIME type
	 */
	public MimeType mimeType() {
		return this.mimeType;
	}

	/**
	 * The parameter value naming this format.
	 * @return e.g. {@code json}
	 */
	public String parameterValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
