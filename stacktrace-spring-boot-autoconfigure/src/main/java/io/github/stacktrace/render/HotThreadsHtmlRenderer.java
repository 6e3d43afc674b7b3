package io.github.stacktrace.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.stacktrace.report.HotThread;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.SnapshotGroup;

/**
 * Renders a {@link HotThreadsReport} as the page {@link HtmlReportRenderer} draws, with the same script, style,
 * policy and escaping: the icicle graph of every snapshot of the shown threads (each snapshot weighs one, so a box is
 * as wide as the snapshots that passed through its frame), the hot report's header facts and totals, and a table of
 * the shown threads, busiest first, with their measure; a row's click zooms to the thread's most frequent stack.
 * JVM-internal threads are rows with no stack. When a shown thread serves a request, a last {@code request} column
 * names it with the text report's fields. When the report has sampled virtual threads, they are rows after the
 * measured ones, and a {@code measured} column says {@code counter} or {@code sampled 7/10 instants, virtual}.
 *
 * @since 0.1.0
 */
public final class HotThreadsHtmlRenderer implements HotThreadsRenderer {

	@Override
	public ReportText render(HotThreadsReport report) {
		return HtmlPage.render(data(report));
	}

	// The dump page's data with "kind":"hot", a group per distinct stack weighing the snapshots of every shown thread
	// that showed it (the graph's input; the dump's status, state and thread columns stay empty), and
	// "table":{"columns":[…],"rows":[[group index or -1, cell…]…]} in place of the dump's table.
	private static String data(HotThreadsReport report) {
		StringBuilder json = new StringBuilder(4096);
		JsonWriter out = new JsonWriter(json).beginObject();
		out.field("kind", "hot");
		HtmlPage.writeHeader(out, (header) -> HotThreadsFields.writeHeader(report, header, "threads"));
		out.field("summary", HotThreadsFields.totals(report));
		HtmlPage.Frames frames = new HtmlPage.Frames(report.request().mode());
		Map<List<StackTraceElement>, Integer> groupOf = new HashMap<>();
		List<int[]> stacks = new ArrayList<>();
		List<Integer> counts = new ArrayList<>();
		for (HotThread thread : report.shownThreads()) {
			for (SnapshotGroup group : thread.stacks()) {
				int g = groupOf.computeIfAbsent(group.frames(), (key) -> {
					stacks.add(frames.indexOf(key));
					counts.add(0);
					return stacks.size() - 1;
				});
				counts.set(g, counts.get(g) + group.count());
			}
		}
		frames.write(out);
		out.name("groups").beginArray();
		for (int g = 0; g < stacks.size(); g++) {
			out.beginArray().value(counts.get(g)).value("").value("");
			HtmlPage.writeStack(out, stacks.get(g));
			out.beginArray().endArray().value(0).endArray();
		}
		out.endArray();
		writeTable(out, report, frames, stacks, groupOf);
		out.endObject();
		return json.toString();
	}

	private static void writeTable(JsonWriter out, HotThreadsReport report, HtmlPage.Frames frames,
			List<int[]> stacks, Map<List<StackTraceElement>, Integer> groupOf) {
		HotThreadsType type = report.request().type();
		List<HotThread> shown = report.shownThreads();
		boolean serving = shown.stream().anyMatch((thread) -> thread.request() != null);
		boolean sampled = !report.sampledThreads().isEmpty();
		out.name("table").beginObject().name("columns").beginArray();
		for (String column : List.of("thread", "name", "nid", "state", type.measure(), "snapshots", "top frame")) {
			out.value(column);
		}
		if (sampled) {
			out.value("measured");
		}
		if (serving) {
			out.value("request");
		}
		out.endArray().name("rows").beginArray();
		for (HotThread thread : shown) {
			// The most frequent stack comes first; a thread without one is a row that zooms nowhere.
			int firstGroup = thread.stacks().isEmpty() ? -1 : groupOf.get(thread.stacks().get(0).frames());
			boolean hasStack = firstGroup >= 0 && stacks.get(firstGroup).length > 0;
			out.beginArray().value(hasStack ? firstGroup : -1);
			out.value(thread.isJvmInternal() ? "jvm" : Long.toString(thread.id())).value(thread.name());
			out.value((thread.nativeId() >= 0) ? "0x" + Long.toHexString(thread.nativeId()) : "");
			out.value(state(thread));
			out.value(HotThreadsFields.describe(type, thread.value(), report.window().toNanos()));
			out.value(snapshots(thread, report));
			out.value(hasStack ? frames.text(stacks.get(firstGroup)[0]) : topFrameless(thread));
			if (sampled) {
				out.value(HotThreadsFields.measuredBy(thread));
			}
			if (serving) {
				out.value(HtmlPage.textFields((fields) -> ReportFields.writeRequest(thread.request(), fields)));
			}
			out.endArray();
		}
		out.endArray().endObject();
	}

	private static String topFrameless(HotThread thread) {
		return (thread.isJvmInternal() || thread.stacks().isEmpty()) ? HotThreadsFields.noStack(thread)
				: "<no stack captured>";
	}

	private static String snapshots(HotThread thread, HotThreadsReport report) {
		if (thread.isJvmInternal()) {
			return "";
		}
		String taken = thread.snapshotsTaken() + "/" + report.request().snapshots();
		if (thread.isSameStack()) {
			return taken + ", same stack";
		}
		return (thread.stacks().size() > 1) ? taken + " in " + thread.stacks().size() + " stacks" : taken;
	}

	private static String state(HotThread thread) {
		return (thread.state() != null) ? thread.state().name() : "";
	}

}
