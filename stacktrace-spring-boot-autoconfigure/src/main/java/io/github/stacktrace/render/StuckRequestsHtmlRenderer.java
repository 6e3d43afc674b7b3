package io.github.stacktrace.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StuckRequest;
import io.github.stacktrace.report.StuckRequestsReport;

/**
 * Renders a {@link StuckRequestsReport} as the page {@link HtmlReportRenderer} draws, with the same script, style,
 * policy and escaping: the icicle graph of the stacks of the requests stuck now and of the recent ones (each request
 * weighs one), the report's header facts, and a table of the requests, stuck now first; a row's click zooms to its
 * stack.
 *
 * @since 0.1.0
 */
public final class StuckRequestsHtmlRenderer {

	/**
	 * Renders the report.
	 * @param report the report
	 * @return the page
	 */
	public ReportText render(StuckRequestsReport report) {
		StringBuilder json = new StringBuilder(4096);
		JsonWriter out = new JsonWriter(json).beginObject();
		out.field("kind", "hot");
		out.field("title", "Stuck requests");
		out.field("tableTitle", "Requests stuck now, then the last ended ones");
		out.name("header").beginArray();
		header(out, "taken_at", report.takenAt().toString());
		header(out, "threshold_ms", Long.toString(report.threshold().toMillis()));
		header(out, "stuck_now", Integer.toString(report.stuck().size()));
		header(out, "detected_since_start", Long.toString(report.detected()));
		header(out, "suppressed_log_events", Long.toString(report.suppressed()));
		out.endArray();
		out.field("summary", "stuck_now=" + report.stuck().size() + " recent=" + report.recent().size());
		List<StuckRequest> all = new ArrayList<>(report.stuck());
		all.addAll(report.recent());
		HtmlPage.Frames frames = new HtmlPage.Frames(DetailMode.FAST);
		Map<List<StackTraceElement>, Integer> groupOf = new HashMap<>();
		List<int[]> stacks = new ArrayList<>();
		List<Integer> counts = new ArrayList<>();
		for (StuckRequest request : all) {
			int g = groupOf.computeIfAbsent(request.thread().frames(), (key) -> {
				stacks.add(frames.indexOf(key));
				counts.add(0);
				return stacks.size() - 1;
			});
			counts.set(g, counts.get(g) + 1);
		}
		frames.write(out);
		out.name("groups").beginArray();
		for (int g = 0; g < stacks.size(); g++) {
			out.beginArray().value(counts.get(g)).value("").value("");
			HtmlPage.writeStack(out, stacks.get(g));
			out.beginArray().endArray().value(0).endArray();
		}
		out.endArray();
		out.name("table").beginObject().name("columns").beginArray();
		for (String column : List.of("status", "request", "top frame")) {
			out.value(column);
		}
		out.endArray().name("rows").beginArray();
		for (StuckRequest request : all) {
			int g = groupOf.get(request.thread().frames());
			boolean hasStack = stacks.get(g).length > 0;
			out.beginArray().value(hasStack ? g : -1);
			out.value((request.ending() == null) ? "stuck" : "ended");
			out.value(HtmlPage.textFields((fields) -> StuckRequestFields.write(request, fields)));
			out.value(hasStack ? frames.text(stacks.get(g)[0]) : "<no stack captured>");
			out.endArray();
		}
		out.endArray().endObject();
		out.endObject();
		return HtmlPage.render(json.toString());
	}

	private static void header(JsonWriter out, String key, String value) {
		out.beginArray().value(key).value(value).endArray();
	}

}
