package io.github.stacktrace.actuate;

import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.util.MimeType;

/**
 * The content types the endpoint negotiates through {@code Accept} when no {@code format} is given: plain text by
 * default, JSON on request.
 */
public enum StackTraceContentType implements Producible<StackTraceContentType> {

	/** The plain-text report, the default. */
	TEXT(ReportFormat.TEXT),

	/** The JSON report. */
	JSON(ReportFormat.JSON);

	private final ReportFormat format;

	StackTraceContentType(ReportFormat format) {
		this.format = format;
	}

	@Override
	public MimeType getProducedMimeType() {
		return this.format.mimeType();
	}

	@Override
	public boolean isDefault() {
		return this == TEXT;
	}

	/**
	 * The report format this content type stands for.
	 * @return the format
	 */
	public ReportFormat format() {
		return this.format;
	}

}
