package io.github.stacktrace.render;

import java.util.List;

import io.github.stacktrace.report.CaptureSummary;
import io.github.stacktrace.report.DeadlockSearch;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.report.StackGroup;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadCounters;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.VirtualThreadFacts;
import io.github.stacktrace.report.VirtualThreadsOutcome;
import org.jspecify.annotations.Nullable;

/**
 * The named fields of a report, defined once for every format: the header facts and their order, a thread's
 * diagnostics and counters, the summary counts. Each renderer writes them in its own syntax through a
 * {@link FieldWriter}; the thread's status, state and frame count are placed by each format itself.
 */
final class ReportFields {

	// A W3C trace id has 32 hex digits; a longer id is not a tracer's.
	private static final int MAX_ID_CHARS = 64;

	private ReportFields() {
	}

	/**
	 * Writes the header facts, in the report's order: {@code pid}, {@code jvm}, {@code thread_count},
	 * {@code timeout_ms_per_thread}, {@code dwarf_location_info_mode}, {@code skip_blocking_syscalls},
	 * {@code capture_method}, {@code safepoint_pauses}, {@code captured_at}, {@code capture_duration_ms}, then
	 * {@code virtual_threads} when they were looked for, {@code deadlocks} when they were looked for, {@code filter} when one was given and the report's notices when it has any.
	 * @param report the report
	 * @param out where to write
	 */
	static void writeHeader(StackTraceReport report, HeaderWriter out) {
		StackTraceRequest request = report.request();
		out.number("pid", report.pid());
		out.text("jvm", report.jvm());
		out.number("thread_count", report.threadCount());
		out.number("timeout_ms_per_thread", request.timeoutPerThread().toMillis());
		out.token("dwarf_location_info_mode", request.mode().reportName());
		out.bool("skip_blocking_syscalls", request.skipBlockingSyscalls());
		out.token("capture_method", report.captureMethod());
		out.number("safepoint_pauses", report.safepointPauses());
		out.token("captured_at", report.capturedAt().toString());
		out.number("capture_duration_ms", report.duration().toMillis());
		if (report.virtualThreads() != VirtualThreadsOutcome.NOT_LOOKED_FOR) {
			out.token("virtual_threads", report.virtualThreads().headerValue(Runtime.version().feature()));
		}
		if (report.deadlocks().result() != DeadlockSearch.Result.NOT_LOOKED_FOR) {
			out.deadlocks("deadlocks", report.deadlocks());
		}
		if (!request.filter().isEmpty()) {
			out.filter("filter", request.filter());
		}
		if (!report.notices().isEmpty()) {
			out.notices(report.notices());
		}
	}

	/**
	 * Writes what a thread's section says beyond its status, state and frame count: {@code syscall},
	 * {@code reason}, {@code error} and {@code deadlocked}, each only when it applies.
	 * @param thread the thread
	 * @param deadlocked whether the thread is in a deadlock cycle
	 * @param out where to write
	 */
	static void writeDiagnostics(ThreadCapture thread, boolean deadlocked, FieldWriter out) {
		if (thread.syscall() != null) {
			out.token("syscall", thread.syscall());
		}
		if (thread.timeoutReason() != null) {
			out.token("reason", thread.timeoutReason().reportName());
		}
		if (thread.error() != null) {
			out.text("error", thread.error());
		}
		if (deadlocked) {
			out.bool("deadlocked", true);
		}
	}

	/**
	 * Writes what a thread serves, when it serves something: {@code request} (method and route template, or
	 * {@code SCHEDULED} and the task's method), {@code elapsed_ms}, then {@code trace_id} and {@code span_id} where the
	 * request is traced. The dump's thread sections and the hot threads' shown threads write the same fields.
	 * @param request what the thread serves, or {@code null} when nothing
	 * @param out where to write
	 */
	static void writeRequest(@Nullable RequestContext request, FieldWriter out) {
		if (request == null) {
			return;
		}
		out.text("request", request.description());
		out.number("elapsed_ms", request.elapsed().toMillis());
		if (request.traceId() != null) {
			writeId("trace_id", request.traceId(), out);
		}
		if (request.spanId() != null) {
			writeId("span_id", request.spanId(), out);
		}
	}

	/**
	 * Writes what a thread's own section says about virtual threads: {@code virtual}, {@code container} and
	 * {@code carrier} for a virtual thread, {@code carrying} for a platform thread running one.
	 * @param thread the thread
	 * @param out where to write
	 */
	static void writeVirtual(ThreadCapture thread, FieldWriter out) {
		VirtualThreadFacts facts = thread.virtual();
		if (facts == null) {
			return;
		}
		if (facts.virtual()) {
			out.bool("virtual", true);
			if (facts.container() != null) {
				out.text("container", facts.container());
			}
			if (facts.carrierId() >= 0) {
				out.number("carrier", facts.carrierId());
			}
		}
		if (facts.carryingId() >= 0) {
			out.number("carrying", facts.carryingId());
		}
	}

	/**
	 * Writes how many threads of a group serve a request and the longest time one has been running, when any does:
	 * {@code serving} and {@code max_elapsed_ms}.
	 * @param group the group
	 * @param out where to write
	 */
	static void writeGroupRequests(StackGroup group, FieldWriter out) {
		int serving = 0;
		long maxElapsedMillis = 0;
		for (ThreadCapture thread : group.threads()) {
			if (thread.request() != null) {
				serving++;
				maxElapsedMillis = Math.max(maxElapsedMillis, thread.request().elapsed().toMillis());
			}
		}
		if (serving > 0) {
			out.number("serving", serving);
			out.number("max_elapsed_ms", maxElapsedMillis);
		}
	}

	// Tracers give lower-case hex ids: those are words of the report; anything else is shown as the text it is.
	private static void writeId(String key, String id, FieldWriter out) {
		if (isHexId(id)) {
			out.token(key, id);
		}
		else {
			out.text(key, id);
		}
	}

	private static boolean isHexId(String id) {
		if (id.isEmpty() || id.length() > MAX_ID_CHARS) {
			return false;
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Writes how many threads of a group are virtual, when any is: a group holds platform and virtual threads alike.
	 * @param group the group
	 * @param out where to write
	 */
	static void writeVirtualCount(StackGroup group, FieldWriter out) {
		int virtual = 0;
		for (ThreadCapture thread : group.threads()) {
			if (thread.isVirtual()) {
				virtual++;
			}
		}
		if (virtual > 0) {
			out.number("virtual_count", virtual);
		}
	}

	/**
	 * Writes the JVM's counters for a thread, in {@link DetailMode#FULL_WITH_INLINE} only.
	 * @param thread the thread
	 * @param mode the report's mode
	 * @param out where to write
	 */
	static void writeCounters(ThreadCapture thread, DetailMode mode, FieldWriter out) {
		ThreadCounters counters = thread.counters();
		if (mode != DetailMode.FULL_WITH_INLINE || counters == null) {
			return;
		}
		out.bool("daemon", counters.daemon());
		out.number("priority", counters.priority());
		out.bool("in_native", counters.inNative());
		out.bool("suspended", counters.suspended());
		out.number("blocked_count", counters.blockedCount());
		out.number("waited_count", counters.waitedCount());
	}

	/**
	 * Writes the summary counts.
	 * @param summary the summary
	 * @param out where to write
	 */
	static void writeSummary(CaptureSummary summary, FieldWriter out) {
		out.number("captured", summary.captured());
		out.number("skipped", summary.skipped());
		out.number("timed_out", summary.timedOut());
		out.number("exited", summary.exited());
		out.number("errors", summary.errors());
		out.number("virtual", summary.virtual());
	}

	/**
	 * A {@link FieldWriter} for the header, which has two fields of its own shape.
	 */
	interface HeaderWriter extends FieldWriter {

		/**
		 * Writes what the deadlock search found: unknown, none, or the cycles.
		 * @param key the field name
		 * @param deadlocks the search, never {@link DeadlockSearch#NOT_LOOKED_FOR}
		 */
		void deadlocks(String key, DeadlockSearch deadlocks);

		/**
		 * Writes the request's thread filter.
		 * @param key the field name
		 * @param filter the filter, never empty
		 */
		void filter(String key, ThreadFilter filter);

		/**
		 * Writes the report's notices: one {@code notice} each in text, a {@code notices} array in JSON.
		 * @param notices the notices, never empty
		 */
		void notices(List<String> notices);

	}

}
