package io.github.stacktrace;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.stacktrace.LockDetails.HeldMonitor;
import io.github.stacktrace.LockDetails.LockRef;

/**
 * Renders a {@link StackTraceReport} as one JSON object: the text header's keys, a {@code threads} array and a
 * {@code summary} object. Frame fields follow the detail mode, as the text report's lines do.
 */
public final class JsonReportRenderer {

	private final TextReportRenderer stackRenderer;

	/**
	 * Creates a renderer that groups through the given frame cache.
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
		StringBuilder out = new StringBuilder(estimateSize(report, grouped));
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
		return out.toString();
	}

	// About what a FAST frame object takes; the builder grows past the guess at most a few times.
	private static int estimateSize(StackTraceReport report, boolean grouped) {
		long frames = 0;
		for (ThreadCapture thread : report.threads()) {
			frames += grouped ? 0 : thread.frames().size();
		}
		long estimate = 1024L + report.threadCount() * 160L + frames * 120L;
		return (int) Math.min(estimate, 64L * 1024 * 1024);
	}

	private static void writeGroup(JsonWriter json, ThreadGroupSection group, StackTraceReport report) {
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

	private static void writeThread(JsonWriter json, ThreadCapture thread, DetailMode mode, boolean deadlocked) {
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

	private static void writeFrames(JsonWriter json, ThreadCapture thread, DetailMode mode) {
		LockDetails details = thread.lockDetails();
		if (details != null && mode.includesLocks()) {
			writeWaitingFor(json, thread, details);
		}
		json.field("frame_count", thread.frames().size());
		json.name("frames").beginArray();
		List<StackTraceElement> frames = thread.frames();
		for (int depth = 0; depth < frames.size(); depth++) {
			writeFrame(json, frames.get(depth), depth, mode, (mode.includesLocks()) ? details : null);
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

	private static void writeFrame(JsonWriter json, StackTraceElement frame, int depth, DetailMode mode,
			@Nullable LockDetails details) {
		json.beginObject().field("class", frame.getClassName()).field("method", frame.getMethodName());
		if (mode != DetailMode.DISABLED) {
			if (frame.getFileName() != null) {
				json.field("file", frame.getFileName());
			}
			if (frame.getLineNumber() >= 0) {
				json.field("line", frame.getLineNumber());
			}
			json.field("native", frame.isNativeMethod());
		}
		if (mode.includesLocks()) {
			if (frame.getModuleName() != null) {
				json.field("module", frame.getModuleName());
			}
			if (frame.getModuleVersion() != null) {
				json.field("module_version", frame.getModuleVersion());
			}
			if (frame.getClassLoaderName() != null) {
				json.field("class_loader", frame.getClassLoaderName());
			}
			if (details != null) {
				writeLocked(json, details, depth);
			}
		}
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
