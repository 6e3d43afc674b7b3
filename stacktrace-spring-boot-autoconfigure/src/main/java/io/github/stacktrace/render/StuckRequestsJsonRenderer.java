package io.github.stacktrace.render;

import java.util.List;

import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StuckRequest;
import io.github.stacktrace.report.StuckRequestsReport;
import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.report.ThreadLocks.HeldMonitor;
import io.github.stacktrace.report.ThreadLocks.LockRef;

/**
 * Renders a {@link StuckRequestsReport} as one JSON object: the header facts, {@code "stuck"} (the requests stuck now)
 * and {@code "recent"} (the last ended ones), each request with its fields, its FAST frames and its locks.
 *
 * @since 0.1.0
 */
public final class StuckRequestsJsonRenderer {

	private final FrameRenderCache cache;

	/**
	 * Creates a renderer that renders frame arrays through the given cache.
	 * @param cache the frame cache
	 */
	public StuckRequestsJsonRenderer(FrameRenderCache cache) {
		this.cache = cache;
	}

	/**
	 * Renders the report.
	 * @param report the report
	 * @return the JSON
	 */
	public ReportText render(StuckRequestsReport report) {
		ReportText out = new ReportText();
		JsonWriter json = new JsonWriter(out).beginObject();
		json.field("taken_at", report.takenAt().toString());
		json.field("threshold_ms", report.threshold().toMillis());
		json.field("stuck_now", report.stuck().size());
		json.field("detected_since_start", report.detected());
		json.field("suppressed_log_events", report.suppressed());
		requests(json, "stuck", report.stuck());
		requests(json, "recent", report.recent());
		json.endObject();
		out.flushIfLarge();
		return out;
	}

	private void requests(JsonWriter json, String name, List<StuckRequest> requests) {
		json.name(name).beginArray();
		for (StuckRequest request : requests) {
			json.beginObject();
			StuckRequestFields.write(request, new JsonReportRenderer.JsonFields(json));
			json.field("frame_count", request.thread().frames().size() + request.omittedFrames());
			json.field("omitted_frames", request.omittedFrames());
			json.name("frames").rawValue(this.cache.renderJson(request.thread().frames(), DetailMode.FAST));
			writeLocks(json, request.thread().locks());
			json.endObject();
		}
		json.endArray();
	}

	private static void writeLocks(JsonWriter json, ThreadLocks locks) {
		if (locks == null) {
			return;
		}
		if (locks.waitingFor() != null) {
			json.name("waiting_for").beginObject();
			lock(json, locks.waitingFor());
			if (locks.ownerId() >= 0) {
				json.field("owner_id", locks.ownerId());
				json.field("owner_name", (locks.ownerName() != null) ? locks.ownerName() : "?");
			}
			json.endObject();
		}
		json.name("locked").beginArray();
		for (HeldMonitor monitor : locks.held()) {
			json.beginObject();
			lock(json, monitor.lock());
			json.field("depth", monitor.stackDepth());
			json.endObject();
		}
		json.endArray();
	}

	private static void lock(JsonWriter json, LockRef lock) {
		json.field("class", lock.className()).field("identity_hash", "0x" + Integer.toHexString(lock.identityHashCode()));
	}

}
