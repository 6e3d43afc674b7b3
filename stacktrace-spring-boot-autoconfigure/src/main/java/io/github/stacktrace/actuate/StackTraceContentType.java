package io.github.stacktrace.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.util.MimeType;

/**
 * The content types the endpoint negotiates through {@code Accept} when no {@code format} is given: plain text by
 * default, JSON or the HTML page on request.
 * <p>
 * Boot picks the constant from {@code Accept} token by token and ignores q-values: a <code>&#42;/&#42;</code> token
 * stands for the default, any other token for the last-declared constant whose type it matches, and of the constants
 * the tokens stand for the last-declared wins. Where the raw header is known (Spring MVC), the web extension
 * negotiates it again by quality ({@link AcceptNegotiation}), as Spring chooses between the operations of Boot's own
 * endpoints; Boot's pick stands where it is not (WebFlux).
 *
 * @since 0.1.0
 */
public enum StackTraceContentType implements Producible<StackTraceContentType> {

	/**
	 * None of ours: {@code Accept} names only types the endpoint does not produce. Its MIME type,
	 * <code>&#42;/&#42;</code>, lets every {@code Accept} header that Spring can parse reach the operation, so that the
	 * endpoint answers it itself: a bad parameter gets its 400 line, a valid request its 406 line. Declared first, so
	 * that any of our types named next to it wins.
	 */
	OTHER(null, "*/*"),

	/** The plain-text report, the default. */
	TEXT(ReportFormat.TEXT),

	/**
	 * The HTML page, for a browser: declared after {@link #TEXT}, so that a browser's {@code text/html} wins over the
	 * <code>&#42;/&#42;</code> it also sends (and {@code text/*} picks the page too), and before the JSON types, so
	 * that a client naming JSON still gets JSON.
	 */
	HTML(ReportFormat.HTML),

	/** The JSON report. */
	JSON(ReportFormat.JSON),

	/** The JSON report, for clients that ask for the actuator's own JSON type as Boot's endpoints accept it. */
	ACTUATOR_JSON(ReportFormat.JSON, "application/vnd.spring-boot.actuator.v3+json");

	private final @Nullable ReportFormat format;

	private final MimeType mimeType;

	StackTraceContentType(ReportFormat format) {
		this(format, format.mimeType().toString());
	}

	StackTraceContentType(@Nullable ReportFormat format, String mimeType) {
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
	 * @return the format, or {@code null} for {@link #OTHER}
	 */
	public @Nullable ReportFormat format() {
		return this.format;
	}

}
