package io.github.stacktrace.actuate;

import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.util.MimeType;

/**
 * The content types the endpoint negotiates through {@code Accept} when no {@code format} is given: plain text by
 * default, JSON on request.
 *
 * @since 0.1.0
 */
public enum StackTraceContentType implements Producible<StackTraceContentType> {

	/** The plain-text report, the default. */
	TEXT(ReportFormat.TEXT),

	/** The JSON report. */
	JSON(ReportFormat.JSON),

	/** The JSON report, for clients that ask for the actuator's own JSON type as Boot's endpoints accept it. */
	ACTUATOR_JSON(ReportFormat.JSON, "application/vnd.spring-boot.actuator.v3+json");

	private final ReportFormat format;

	private final MimeType mimeType;

	StackTraceContentType(ReportFormat format) {
		this(format, format.mimeType().toString());
	}

	StackTraceContentType(ReportFormat format, String mimeType) {
		this.format = format;
		this.mimeType = MimeType.valueOf(mimeType);
	}

	@Override
	public MimeType getProducedMimeType() {
		return this.mimeType;
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
