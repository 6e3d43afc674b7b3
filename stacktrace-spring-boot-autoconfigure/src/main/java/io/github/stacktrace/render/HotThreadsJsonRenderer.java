package io.github.stacktrace.render;

import io.github.stacktrace.report.HotThread;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.SnapshotGroup;

/**
 * Renders a {@link HotThreadsReport} as one JSON object: the text header's keys, a {@code threads} array, busiest
 * first, and a {@code totals} object. Each thread has its measure as a plain number ({@code value}, in {@code unit}
 * ns or bytes) and as a {@code rate} (percent of the window, or bytes per second), the request it serves at the
 * window's end with the dump's fields ({@code request}, {@code elapsed_ms}, {@code trace_id}, {@code span_id}), and its
 * snapshots grouped by stack in {@code stacks}. {@code measured} says how the value was found: {@code counter}, or
 * {@code sampled} for a tracked virtual thread ({@code virtual}, {@code instants_in_state}, {@code instants_sampled}),
 * listed after the measured threads.
 *
 * @since 0.1.0
 */
public final class HotThreadsJsonRenderer implements HotThreadsRenderer {

	private final FrameRenderCache cache;

	/**
	 * Creates a renderer that renders frames arrays through the given frame cache.
	 * @param cache the frame cache
	 */
	public HotThreadsJsonRenderer(FrameRenderCache cache) {
		this.cache = cache;
	}

	@Override
	public ReportText render(HotThreadsReport report) {
		ReportText out = new ReportText();
		JsonWriter json = new JsonWriter(out);
		json.beginObject();
		HotThreadsFields.writeHeader(report, new JsonReportRenderer.JsonFields(json), "max_threads");
		json.name("threads").beginArray();
		for (HotThread thread : report.shownThreads()) {
			writeThread(json, thread, report);
		}
		json.endArray();
		writeTotals(json, report);
		json.endObject();
		out.append('\n');
		return out;
	}

	private void writeThread(JsonWriter json, HotThread thread, HotThreadsReport report) {
		HotThreadsType type = report.request().type();
		json.beginObject();
		if (!thread.isJvmInternal()) {
			json.field("id", thread.id());
		}
		json.field("name", thread.name()).field("jvm_thread", thread.isJvmInternal());
		if (thread.nativeId() >= 0) {
			json.field("nid", thread.nativeId());
		}
		if (thread.state() != null) {
			json.field("state", thread.state().name());
		}
		json.field(type.measure(), thread.value()).field("unit", type.isTime() ? "ns" : "bytes");
		writeRate(json, type, HotThreadsFields.rate(type, thread.value(), report.window().toNanos()));
		if (thread.sampled() == null) {
			json.field("measured", "counter");
		}
		HotThreadsFields.writeSampled(thread, new JsonReportRenderer.JsonFields(json));
		if (!thread.isJvmInternal()) {
			json.field("snapshots_taken", thread.snapshotsTaken()).field("same_stack", thread.isSameStack());
			ReportFields.writeRequest(thread.request(), new JsonReportRenderer.JsonFields(json));
			json.name("stacks").beginArray();
			for (SnapshotGroup group : thread.stacks()) {
				json.beginObject().field("count", group.count()).field("frame_count", group.frames().size());
				json.name("frames").rawValue(this.cache.renderJson(group.frames(), report.request().mode()));
				json.endObject();
			}
			json.endArray();
		}
		json.endObject();
	}

	private static void writeTotals(JsonWriter json, HotThreadsReport report) {
		HotThreadsType type = report.request().type();
		json.name("totals").beginObject();
		if (report.processCpuNanos() >= 0) {
			json.field("process_cpu", report.processCpuNanos());
		}
		json.field("all_" + type.measure(), report.totalValue()).field("shown_" + type.measure(), report.shownValue());
		double explained = HotThreadsFields.explained(report);
		if (explained >= 0) {
			json.name("explained_percent").rawValue(Double.toString(HotThreadsFields.round1(explained)));
		}
		json.endObject();
	}

	private static void writeRate(JsonWriter json, HotThreadsType type, double rate) {
		if (type.isTime()) {
			json.name("percent").rawValue(Double.toString(HotThreadsFields.round1(rate)));
		}
		else {
			json.field("bytes_per_second", Math.round(rate));
		}
	}

}
