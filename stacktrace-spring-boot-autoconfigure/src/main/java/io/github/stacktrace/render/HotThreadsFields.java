package io.github.stacktrace.render;

import java.util.Locale;

import io.github.stacktrace.report.HotThread;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.SampledMeasure;
import io.github.stacktrace.report.VirtualThreadSampling;

/**
 * The named fields of a hot-threads report, defined once for every format: the header facts and their order, and the
 * numbers a thread's measure and the totals line are made of. Text shows them for people ({@code cpu=92.4% (462 ms
 * of 500 ms)}), JSON as plain numbers.
 */
final class HotThreadsFields {

	private static final double NANOS_PER_MILLI = 1_000_000.0;

	private HotThreadsFields() {
	}

	/**
	 * Writes the header facts, in the report's order: {@code pid}, {@code jvm}, {@code type}, {@code interval_ms},
	 * {@code window_ms}, {@code snapshots}, the {@code threads} limit, {@code ignore_idle},
	 * {@code dwarf_location_info_mode}, {@code snapshot_method}, {@code safepoint_pauses}, {@code jvm_threads},
	 * {@code measured_threads}, {@code virtual_threads} and {@code sampled_virtual_threads} when virtual threads were
	 * sampled, {@code captured_at}, {@code capture_duration_ms}, then {@code filter} when one was given and the notices.
	 * @param report the report
	 * @param out where to write
	 * @param threadsKey the name of the {@code threads} limit: {@code threads} in text, {@code max_threads} in a JSON
	 * object, whose {@code threads} key holds the thread array
	 */
	static void writeHeader(HotThreadsReport report, ReportFields.HeaderWriter out, String threadsKey) {
		HotThreadsRequest request = report.request();
		out.number("pid", report.pid());
		out.text("jvm", report.jvm());
		out.token("type", request.type().reportName());
		out.number("interval_ms", request.interval().toMillis());
		out.number("window_ms", report.window().toMillis());
		out.number("snapshots", request.snapshots());
		out.number(threadsKey, request.threads());
		out.bool("ignore_idle", request.ignoreIdle());
		out.token("dwarf_location_info_mode", request.mode().reportName());
		out.token("snapshot_method", report.snapshotMethod());
		out.number("safepoint_pauses", report.safepointPauses());
		out.token("jvm_threads", report.jvmThreadsMeasured() ? "measured" : "not_measured");
		out.number("measured_threads", report.measuredThreads());
		VirtualThreadSampling sampling = report.virtualSampling();
		if (sampling != null) {
			out.token("virtual_threads", "sampled");
			out.number("sampled_virtual_threads", sampling.trackedThreads());
		}
		out.token("captured_at", report.capturedAt().toString());
		out.number("capture_duration_ms", report.duration().toMillis());
		if (!request.filter().isEmpty()) {
			out.filter("filter", request.filter());
		}
		if (!report.notices().isEmpty()) {
			out.notices(report.notices());
		}
	}

	/**
	 * The value over the window, in percent of the window for times and in bytes per second for allocations.
	 * @param type the measure
	 * @param value the value
	 * @param windowNanos the window
	 * @return the rate
	 */
	static double rate(HotThreadsType type, long value, long windowNanos) {
		if (windowNanos <= 0) {
			return 0;
		}
		return type.isTime() ? 100.0 * value / windowNanos : value * 1e9 / windowNanos;
	}

	/**
	 * A thread's measure as text shows it: {@code 92.4% (462 ms of 500 ms)} or {@code 1.2 GB/s (600.0 MB in 500 ms)}.
	 * @param type the measure
	 * @param value the value
	 * @param windowNanos the window
	 * @return the text
	 */
	static String describe(HotThreadsType type, long value, long windowNanos) {
		// Cut like the header's window_ms, so that both name the same window.
		long windowMillis = windowNanos / 1_000_000;
		if (type.isTime()) {
			return percent(rate(type, value, windowNanos)) + " (" + Math.round(value / NANOS_PER_MILLI) + " ms of "
					+ windowMillis + " ms)";
		}
		return bytes(rate(type, value, windowNanos)) + "/s (" + bytes(value) + " in " + windowMillis + " ms)";
	}

	/**
	 * The totals line after its label: {@code process_cpu=…}, {@code all_<measure>=…} for the types other than
	 * {@code cpu}, {@code shown_<measure>=…} and {@code explained=…}.
	 * @param report the report
	 * @return the totals
	 */
	static String totals(HotThreadsReport report) {
		HotThreadsType type = report.request().type();
		long window = report.window().toNanos();
		StringBuilder out = new StringBuilder("process_cpu=");
		out.append((report.processCpuNanos() >= 0)
				? describe(HotThreadsType.CPU, report.processCpuNanos(), window) : "unknown");
		if (type != HotThreadsType.CPU) {
			out.append(" all_").append(type.measure()).append('=').append(describe(type, report.totalValue(), window));
		}
		out.append(" shown_").append(type.measure()).append('=').append(describe(type, report.shownValue(), window));
		double explained = explained(report);
		out.append(" explained=").append((explained >= 0) ? percent(explained) : "unknown");
		return out.toString();
	}

	/**
	 * Writes how a sampled virtual thread's value was estimated: {@code virtual=true}, {@code measured=sampled},
	 * {@code instants_in_state} and {@code instants_sampled}; nothing for a measured thread.
	 * @param thread the thread
	 * @param out where to write
	 */
	static void writeSampled(HotThread thread, FieldWriter out) {
		SampledMeasure sampled = thread.sampled();
		if (sampled == null) {
			return;
		}
		out.bool("virtual", true);
		out.token("measured", "sampled");
		out.number("instants_in_state", sampled.instantsInState());
		out.number("instants_sampled", sampled.instantsSampled());
	}

	/**
	 * How a shown thread's value was found, as the HTML table says it: {@code counter}, or
	 * {@code sampled 7/10 instants, virtual}.
	 * @param thread the thread
	 * @return the text
	 */
	static String measuredBy(HotThread thread) {
		SampledMeasure sampled = thread.sampled();
		return (sampled != null) ? "sampled " + sampled.instantsInState() + "/" + sampled.instantsSampled()
				+ " instants, virtual" : "counter";
	}

	/**
	 * What stands in place of the stacks of a thread that has none.
	 * @param thread a JVM-internal thread, or a Java thread that ended before its first snapshot
	 * @return the placeholder line, without its line break
	 */
	static String noStack(HotThread thread) {
		return thread.isJvmInternal() ? "<JVM-internal thread: no Java stack>"
				: "<no stack captured: the thread ended>";
	}

	/**
	 * How much of the whole the shown threads explain, in percent: of the process's CPU time for {@code cpu}, of every
	 * measured thread's value for the other types; at most 100.
	 * @param report the report
	 * @return the share, or {@code -1} when the whole is unknown or zero
	 */
	static double explained(HotThreadsReport report) {
		long whole = (report.request().type() == HotThreadsType.CPU) ? report.processCpuNanos() : report.totalValue();
		// The JVM counts the process's CPU time in clock ticks (10 ms), its threads' in nanoseconds: over a quiet
		// window the shown threads can read a few milliseconds more than the process.
		return (whole > 0) ? Math.min(100.0, 100.0 * report.shownValue() / whole) : -1;
	}

	/**
	 * Whether a thread has fewer snapshots than asked for: it led the ranking for part of the window only, started
	 * during it, or ended before the last snapshot.
	 * @param thread the thread
	 * @param report the report
	 * @return whether to say how many were taken
	 */
	static boolean snapshotsCut(HotThread thread, HotThreadsReport report) {
		return !thread.isJvmInternal() && thread.snapshotsTaken() < report.request().snapshots();
	}

	static String percent(double value) {
		return String.format(Locale.ROOT, "%.1f%%", value);
	}

	static String bytes(double bytes) {
		String[] units = { "B", "KB", "MB", "GB", "TB" };
		int unit = 0;
		double value = bytes;
		while (value >= 1000 && unit < units.length - 1) {
			value /= 1000;
			unit++;
		}
		return (unit == 0) ? Math.round(value) + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
	}

	static double round1(double value) {
		return Math.round(value * 10) / 10.0;
	}

}
