package io.github.stacktrace.render;

import java.util.List;

import io.github.stacktrace.report.DeadlockSearch;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackGroup;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.report.ThreadLocks.HeldMonitor;
import io.github.stacktrace.report.ThreadLocks.LockRef;

/**
 * Renders a {@link StackTraceReport} as one JSON object: the text header's keys, a {@code threads} array (or, grouped,
 * a {@code groups} array) and a {@code summary} object. Frame fields follow the detail mode, as the text report's
 * lines do. A stack's frames array is rendered through the frame cache, so pooled threads share one rendering.
 *
 * @since 0.1.0
 */
public final class JsonReportRenderer implements ReportRenderer {

	private final FrameRenderCache cache;

	/**
	 * Creates a renderer that renders frames arrays through the given frame cache.
	 * @param cache the frame cache
	 */
	public JsonReportRenderer(FrameRenderCache cache) {
		this.cache = cache;
	}

	/**
	 * Renders the report with a {@code threads} array or, when grouped, a {@code groups} array, largest groups first.
	 * @param report the report
	 * @param grouped whether to group threads
	 * @return the rendered JSON
	 */
	@Override
	public ReportText render(StackTraceReport report, boolean grouped) {
		ReportText out = new ReportText();
		JsonWriter json = new JsonWriter(out);
		JsonFields fields = new JsonFields(json);
		json.beginObject();
		ReportFields.writeHeader(report, fields);
		DetailMode mode = report.request().mode();
		if (grouped) {
			json.name("groups").beginArray();
			for (StackGroup group : StackGroup.of(report)) {
				writeGroup(json, group, report);
			}
			json.endArray();
		}
		else {
			json.name("threads").beginArray();
			for (ThreadCapture thread : report.threads()) {
				writeThread(json, thread, mode, report.isDeadlocked(thread.id()));
			}
			json.endArray();
		}
		json.name("summary").beginObject();
		ReportFields.writeSummary(report.summary(), fields);
		json.endObject();
		json.endObject();
		out.append('\n');
		return out;
	}

	private void writeGroup(JsonWriter json, StackGroup group, StackTraceReport report) {
		ThreadCapture first = group.first();
		json.beginObject().field("count", group.size());
		ReportFields.writeVirtualCount(group, new JsonFields(json));
		writeStateAndDiagnostics(json, first, report.isDeadlocked(first.id()));
		ReportFields.writeGroupRequests(group, new JsonFields(json));
		json.name("threads").beginArray();
		for (ThreadCapture thread : group.threads()) {
			json.beginObject().field("id", thread.id()).field("name", name(thread));
			ReportFields.writeRequest(thread.request(), new JsonFields(json));
			json.endObject();
		}
		json.endArray();
		writeFrames(json, first, report.request().mode());
		json.endObject();
	}

	private void writeThread(JsonWriter json, ThreadCapture thread, DetailMode mode, boolean deadlocked) {
		json.beginObject().field("id", thread.id()).field("name", name(thread));
		ReportFields.writeVirtual(thread, new JsonFields(json));
		writeStateAndDiagnostics(json, thread, deadlocked);
		ReportFields.writeRequest(thread.request(), new JsonFields(json));
		ReportFields.writeCounters(thread, mode, new JsonFields(json));
		writeFrames(json, thread, mode);
		json.endObject();
	}

	private static void writeStateAndDiagnostics(JsonWriter json, ThreadCapture thread, boolean deadlocked) {
		if (thread.state() != null) {
			json.field("state", thread.state().name());
		}
		json.field("status", thread.status().reportName());
		ReportFields.writeDiagnostics(thread, deadlocked, new JsonFields(json));
	}

	private void writeFrames(JsonWriter json, ThreadCapture thread, DetailMode mode) {
		ThreadLocks locks = mode.includesLocks() ? thread.locks() : null;
		if (locks != null && locks.waitingFor() != null) {
			writeWaitingFor(json, thread, locks, locks.waitingFor());
		}
		List<StackTraceElement> frames = thread.frames();
		json.field("frame_count", frames.size());
		json.name("frames");
		if (locks == null || locks.held().isEmpty()) {
			// No frame carries a lock: the array is one cached rendering, shared by every thread with this stack.
			json.rawValue(this.cache.renderJson(frames, mode));
			return;
		}
		json.beginArray();
		for (int depth = 0; depth < frames.size(); depth++) {
			json.beginObject();
			FrameRenderer.writeJsonFields(json, frames.get(depth), mode);
			writeLocked(json, locks, depth);
			json.endObject();
		}
		json.endArray();
	}

	private static void writeWaitingFor(JsonWriter json, ThreadCapture thread, ThreadLocks locks, LockRef lock) {
		json.name("waiting_for").beginObject();
		writeLockFields(json, lock);
		if (locks.ownerId() >= 0) {
			json.field("owner_id", locks.ownerId());
			json.field("owner_name", (locks.ownerName() != null) ? locks.ownerName() : "?");
		}
		json.field("blocked", thread.state() == Thread.State.BLOCKED);
		json.endObject();
	}

	private static void writeLocked(JsonWriter json, ThreadLocks locks, int depth) {
		if (!locks.holdsAt(depth)) {
			return;
		}
		json.name("locked").beginArray();
		for (HeldMonitor monitor : locks.held()) {
			if (monitor.stackDepth() == depth) {
				json.beginObject();
				writeLockFields(json, monitor.lock());
				json.endObject();
			}
		}
		json.endArray();
	}

	private static void writeLockFields(JsonWriter json, LockRef lock) {
		json.field("class", lock.className()).field("identity_hash", "0x" + Integer.toHexString(lock.identityHashCode()));
	}

	private static String name(ThreadCapture thread) {
		return (thread.name() != null) ? thread.name() : "?";
	}

	/** Fields as JSON members; the JSON report repeats no filter. */
	static final class JsonFields implements ReportFields.HeaderWriter {

		private final JsonWriter json;

		JsonFields(JsonWriter json) {
			this.json = json;
		}

		@Override
		public void literal(String key, String literal) {
			this.json.name(key).rawValue(literal);
		}

		@Override
		public void token(String key, String value) {
			this.json.field(key, value);
		}

		@Override
		public void text(String key, String value) {
			this.json.field(key, value);
		}

		@Override
		public void deadlocks(String key, DeadlockSearch deadlocks) {
			this.json.name(key);
			if (deadlocks.result() == DeadlockSearch.Result.UNKNOWN) {
				this.json.nullValue();
				return;
			}
			this.json.beginArray();
			for (List<Long> cycle : deadlocks.cycles()) {
				this.json.beginArray();
				cycle.forEach(this.json::value);
				this.json.endArray();
			}
			this.json.endArray();
		}

		@Override
		public void filter(String key, ThreadFilter filter) {
		}

		@Override
		public void notices(List<String> notices) {
			this.json.name("notices").beginArray();
			notices.forEach(this.json::value);
			this.json.endArray();
		}

	}

}
