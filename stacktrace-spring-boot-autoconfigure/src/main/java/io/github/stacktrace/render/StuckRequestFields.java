package io.github.stacktrace.render;

import io.github.stacktrace.report.StuckRequest;
import io.github.stacktrace.report.ThreadCapture;

/**
 * The named fields of one stuck request, in one order for every format: its number, the thread, what it serves
 * (method and route template, elapsed time, trace), when it was found stuck and, once ended, how.
 */
final class StuckRequestFields {

	private StuckRequestFields() {
	}

	static void writeThread(ThreadCapture thread, FieldWriter out) {
		out.number("thread_id", thread.id());
		out.text("thread_name", (thread.name() != null) ? thread.name() : "?");
		if (thread.state() != null) {
			out.token("state", thread.state().name());
		}
		out.bool("virtual", thread.isVirtual());
	}

	static void write(StuckRequest request, FieldWriter out) {
		out.number("id", request.id());
		writeThread(request.thread(), out);
		ReportFields.writeRequest(request.request(), out);
		out.token("detected_at", request.detectedAt().toString());
		StuckRequest.Ending ending = request.ending();
		if (ending != null) {
			out.token("ended", ending.how());
			out.token("ended_at", ending.endedAt().toString());
			out.number("total_ms", ending.total().toMillis());
		}
	}

}
