package io.github.stacktrace.render;

import java.util.List;

import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StuckRequest;
import io.github.stacktrace.report.StuckRequestsReport;

/**
 * Renders a {@link StuckRequestsReport} as text: {@code key: value} header lines, a section per request stuck now
 * (its stack as taken now), then a section per recently ended one (its stack as it was when it was found stuck).
 *
 * <pre>
 * ----- stuck request 7 thread_id=42 thread_name="http-nio-8080-exec-1" state=WAITING virtual=false request="GET /orders/{id}" elapsed_ms=61234 detected_at=… -----
 * </pre>
 *
 * @since 0.1.0
 */
public final class StuckRequestsTextRenderer {

	private final TextStackWriter stacks;

	/**
	 * Creates a renderer that renders frame blocks through the given cache.
	 * @param cache the frame cache
	 */
	public StuckRequestsTextRenderer(FrameRenderCache cache) {
		this.stacks = new TextStackWriter(cache, TextStackWriter.Dialect.TEXT);
	}

	/**
	 * Renders the report.
	 * @param report the report
	 * @return the text
	 */
	public ReportText render(StuckRequestsReport report) {
		ReportText out = new ReportText();
		out.append("Stuck requests\n");
		out.append("taken_at: ").append(report.takenAt().toString()).append('\n');
		out.append("threshold_ms: ").append(report.threshold().toMillis()).append('\n');
		out.append("stuck_now: ").append(report.stuck().size()).append('\n');
		out.append("detected_since_start: ").append(report.detected()).append('\n');
		out.append("suppressed_log_events: ").append(report.suppressed()).append('\n');
		out.append('\n');
		sections(out, "stuck request", report.stuck());
		sections(out, "ended stuck request", report.recent());
		return out;
	}

	private void sections(ReportText out, String title, List<StuckRequest> requests) {
		for (StuckRequest request : requests) {
			out.append("----- ").append(title);
			StuckRequestFields.write(request, new TextSectionFields(out));
			out.append(" -----\n");
			this.stacks.append(out, request.thread(), DetailMode.FAST, true);
			if (request.omittedFrames() > 0) {
				out.append("... ").append(request.omittedFrames()).append(" more\n");
			}
			out.append('\n');
		}
	}

}
