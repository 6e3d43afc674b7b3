package io.github.stacktrace;

import java.util.List;

import io.github.stacktrace.LockDetails.HeldMonitor;
import io.github.stacktrace.LockDetails.LockRef;

/**
 * Renders a {@link StackTraceReport} as one JSON object: the text header's keys, a {@code threads} array and a
 * {@code summary} object. Frame fields follow the detail mode, as the text report's lines do. A stack's frames array
 * is rendered through the frame cache, so pooled threads share one rendering, and the report is kept as pieces that
 * can be streamed (see {@link ReportText}).
 */
public final class JsonReportRenderer {

	private final TextReportRenderer stackRenderer;

	/**
	 * Creates a renderer that renders frames and groups through the given frame cache.
	 * @param cache the frame cache
	 */
	public JsonReportRenderer(FrameRenderCache cache) {
		this.stackRenderer = new TextReportRenderer(cache);
	}

	/**
	 * Creates a renderer without a frame cache.
	 */
	public JsonReportRenderer() {
		this(new FrameRenderCache(0, 0));
	}

	/**
	 * Renders the report with a {@code threads} array.
	 * @param report the report
	 * @return the JSON text
	 */
	public String render(StackTraceReport report) {
		return render(report, false);
	}

	/**
	 * Renders the report with a {@code threads} array or, when grouped, a {@code groups} array: threads whose stacks
	 * render identically with the same status and state, largest groups first.
	 * @param report the report
	 * @param grouped whether to group threads
	 * @return the JSON text
	 */
	public String render(StackTraceReport report, boolean grouped) {
		return renderJson(report, grouped).toString();
	}

	/**
	 * Renders the report as the pieces it is made of, to be joined or streamed; see {@link #render(StackTraceReport,
	 * boolean)}.
	 * @param report the report
	 * @param grouped whether to group threads
	 * @return the rendered JSON
	 */
	public ReportText renderJson(StackTraceReport report, boolean grouped) {
		ReportText out = new ReportText();
		JsonWriter json = new JsonWriter(out);
		StackTraceRequest request = report.request();
		json.beginObject()
			.field("pid", report.pid())
			.field("jvm", report.jvm())
			.field("thread_count", report.threadCount())
			.field("timeout_ms_per_thread", request.timeoutPerThread().toMillis())
			.field("dwarf_location_info_mode", request.mode().reportName())
			.field("skip_blocking_syscalls", request.skipBlockingSyscalls())
			.field("capture_method", report.captureMethod())
			.field("captured_at", report.capturedAt().toString())
			.field("capture_duration_ms", report.duration().toMillis());
		if (report.deadlocks() == null && request.mode().includesLocks()) {
			json.name("deadlocks").nullValue();
		}
		if (report.deadlocks() != null) {
			json.name("deadlocks").beginArray();
			for (List<Long> cycle : report.deadlocks()) {
				json.beginArray();
				cycle.forEach(json::value);
				json.endArray();
			}
			json.endArray();
		}
		if (grouped) {
			json.name("groups").beginArray();
			for (ThreadGroupSection group : ThreadGroupSection.group(report, this.stackRenderer)) {
				writeGroup(json, group, report);
			}
			json.endArray();
		}
		else {
			json.name("threads").beginArray();
			for (ThreadCapture thread : report.threads()) {
				writeThread(json, thread, request.mode(), report.isDeadlocked(thread.id()));
			}
			json.endArray();
		}
		CaptureSummary summary = report.summary();
		json.name("summary").beginObject()
			.field("captured", summary.captured())
			.field("skipped", summary.skipped())
			.field("timed_out", summary.timedOut())
			.field("exited", summary.exited())
			.field("errors", summary.errors())
			.endObject();
		json.endObject();
		out.append('\n');
		return out;
	}

	private void writeGroup(JsonWriter json, ThreadGroupSection group, StackTraceReport report) {
		ThreadCapture first = group.threads().get(0);
		DetailMode mode = report.request().mode();
		json.beginObject().field("count", group.threads().size());
		writeDiagnostics(json, first);
		if (report.isDeadlocked(first.id())) {
			json.field("deadlocked", true);
		}
		json.name("threads").beginArray();
		for (ThreadCapture thread : group.threads()) {
			json.beginObject().field("id", thread.id())
				.field("name", (thread.name() != null) ? thread.name() : "?")
				.endObject();
		}
		json.endArray();
		writeFrames(json, first, mode);
		json.endObject();
	}

	private void writeThread(JsonWriter json, ThreadCapture thread, DetailMode mode, boolean deadlocked) {
		json.beginObject().field("id", thread.id());
		json.field("name", (thread.name() != null) ? thread.name() : "?");
		writeDiagnostics(json, thread);
		if (deadlocked) {
			json.field("deadlocked", true);
		}
		LockDetails details = thread.lockDetails();
		if (details != null && mode == DetailMode.FULL_WITH_INLINE) {
			json.field("daemon", details.daemon())
				.field("priority", details.priority())
				.field("in_native", details.inNative())
				.field("suspended", details.suspended())
				.field("blocked_count", details.blockedCount())
				.field("waited_count", details.waitedCount());
		}
		writeFrames(json, thread, mode);
		json.endObject();
	}

	private static void writeDiagnostics(JsonWriter json, ThreadCapture thread) {
		if (thread.state() != null) {
			json.field("state", thread.state().name());
		}
		json.field("status", thread.status().reportName());
		if (thread.syscall() != null) {
			json.field("syscall", thread.syscall());
		}
		if (thread.reason() != null) {
			json.field("reason", thread.reason());
		}
		if (thread.error() != null) {
			json.field("error", thread.error());
		}
	}

	private void writeFrames(JsonWriter json, ThreadCapture thread, DetailMode mode) {
		LockDetails details = thread.lockDetails();
		boolean withLocks = details != null && mode.includesLocks();
		if (withLocks) {
			writeWaitingFor(json, thread, details);
		}
		List<StackTraceElement> frames = thread.frames();
		json.field("frame_count", frames.size());
		json.name("frames");
		if (!withLocks || details.lockedMonitors().isEmpty()) {
			// No frame carries a lock: the array is one cached rendering, shared by every thread with this stack.
			json.rawValue(this.stackRenderer.cache().renderJson(frames, mode));
			return;
		}
		json.beginArray();
		for (int depth = 0; depth < frames.size(); depth++) {
			json.beginObject();
			FrameRenderer.writeJsonFields(json, frames.get(depth), mode);
			writeLocked(json, details, depth);
			json.endObject();
		}
		json.endArray();
	}

	private static void writeWaitingFor(JsonWriter json, ThreadCapture thread, LockDetails details) {
		LockRef lock = details.lock();
		if (lock == null) {
			return;
		}
		json.name("waiting_for").beginObject();
		writeLockFields(json, lock);
		if (details.lockOwnerId() >= 0) {
			json.field("owner_id", details.lockOwnerId());
			json.field("owner_name", (details.lockOwnerName() != null) ? details.lockOwnerName() : "?");
		}
		json.field("blocked", thread.state() == Thread.State.BLOCKED);
		json.endObject();
	}

	private static void writeLocked(JsonWriter json, LockDetails details, int depth) {
		boolean any = false;
		for (HeldMonitor monitor : details.lockedMonitors()) {
			if (monitor.stackDepth() != depth) {
				continue;
			}
			if (!any) {
				json.name("locked").beginArray();
				any = true;
			}
			json.beginObject();
			writeLockFields(json, monitor.lock());
			json.endObject();
		}
		if (any) {
			json.endArray();
		}
	}

	private static void writeLockFields(JsonWriter json, LockRef lock) {
		json.field("class", lock.className())
			.field("identity_hash", "0x" + Integer.toHexString(lock.identityHashCode()));
	}

}
