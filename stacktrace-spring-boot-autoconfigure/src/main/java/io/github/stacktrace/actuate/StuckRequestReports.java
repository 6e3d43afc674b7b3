package io.github.stacktrace.actuate;

import java.util.List;

import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.ReportText;
import io.github.stacktrace.render.StuckRequestsHtmlRenderer;
import io.github.stacktrace.render.StuckRequestsJsonRenderer;
import io.github.stacktrace.render.StuckRequestsTextRenderer;
import io.github.stacktrace.report.StuckRequestsReport;
import io.github.stacktrace.stuck.StuckRequestChecker;
import org.jspecify.annotations.Nullable;

/**
 * The report of {@code /actuator/stacktrace/stuck}: the requests stuck now, with stacks taken now, and the last stuck
 * ones that ended, as text, JSON or an HTML page. Its one parameter is {@code format}; any other is refused, so a
 * hot-threads parameter sent here by mistake is not silently ignored.
 *
 * @since 0.1.0
 */
public class StuckRequestReports {

	/** The sub-path of the operation. */
	public static final String OPERATION = "stuck";

	private final StuckRequestChecker checker;

	private final int maxReported;

	private final StuckRequestsTextRenderer text;

	private final StuckRequestsJsonRenderer json;

	private final StuckRequestsHtmlRenderer html = new StuckRequestsHtmlRenderer();

	/**
	 * Creates the reports.
	 * @param checker the stuck-request checker
	 * @param maxReported the most requests stuck now a report shows
	 * @param cache the frame cache the renderers render through
	 */
	public StuckRequestReports(StuckRequestChecker checker, int maxReported, FrameRenderCache cache) {
		this.checker = checker;
		this.maxReported = maxReported;
		this.text = new StuckRequestsTextRenderer(cache);
		this.json = new StuckRequestsJsonRenderer(cache);
	}

	/**
	 * Validates the operation's parameters.
	 * @param parameters the parameters as the sub-path's operation binds them
	 * @return the format asked for, or {@code null} when none is
	 * @throws InvalidStackTraceRequestException if a parameter other than {@code format} is given, or the format is
	 * not text, json or html
	 */
	static @Nullable ReportFormat parse(HotThreadsParameters parameters) {
		refuse("threads", parameters.threads());
		refuse("interval_ms", parameters.intervalMs());
		refuse("snapshots", parameters.snapshots());
		refuse("type", parameters.type());
		refuse("ignore_idle", parameters.ignoreIdle());
		refuse("mode", parameters.mode());
		refuse("state", parameters.state());
		refuse("name", parameters.name());
		String raw = parameters.format();
		if (raw == null || raw.isEmpty()) {
			return null;
		}
		for (ReportFormat format : List.of(ReportFormat.TEXT, ReportFormat.JSON, ReportFormat.HTML)) {
			if (StackTraceRequestParser.isKeyword(format.parameterValue(), raw)) {
				return format;
			}
		}
		throw StackTraceRequestParser.invalid("format", raw, ", expected one of text, json, html");
	}

	private static void refuse(String name, @Nullable String value) {
		if (value != null) {
			throw new InvalidStackTraceRequestException(name + " is not a parameter of " + OPERATION);
		}
	}

	/**
	 * Makes the report now and renders it.
	 * @param format the format: text, json or html
	 * @return the rendered report
	 */
	ReportText render(ReportFormat format) {
		StuckRequestsReport report = this.checker.report(this.maxReported);
		return switch (format) {
			case JSON -> this.json.render(report);
			case HTML -> this.html.render(report);
			// parse refuses the others.
			case TEXT, FOLDED, JSTACK -> this.text.render(report);
		};
	}

}
