package io.github.stacktrace.render;

import java.util.List;

import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackGroup;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.ThreadCapture;
import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link StackTraceReport} as the plain-text report: {@code key: value} header lines, one section per
 * thread (or per group of threads), a summary line.
 *
 * @since 0.1.0
 */
public final class TextReportRenderer implements ReportRenderer {

	private static final int MAX_LISTED_THREADS = 16;

	private final TextStackWriter stacks;

	/**
	 * Creates a renderer that renders frame blocks through the given cache.
	 * @param cache the frame cache
	 */
	public TextReportRenderer(FrameRenderCache cache) {
		this.stacks = new TextStackWriter(cache, TextStackWriter.Dialect.TEXT);
	}

	/**
	 * Renders the report, one section per thread or, when grouped, one section per {@link StackGroup}, largest
	 * groups first.
	 * @param report the report
	 * @param grouped whether to group threads
	 * @return the rendered text
	 */
	@Override
	public ReportText render(StackTraceReport report, boolean grouped) {
		ReportText out = new ReportText();
		out.append("JVM thread stack traces\n");
		ReportFields.writeHeader(report, new TextHeaderLines(out, ""));
		out.append('\n');
		DetailMode mode = report.request().mode();
		if (grouped) {
			for (StackGroup group : StackGroup.of(report)) {
				appendGroup(out, group, report);
			}
		}
		else {
			for (ThreadCapture thread : report.threads()) {
				appendSection(out, thread, mode, report.isDeadlocked(thread.id()));
			}
		}
		out.append("summary:");
		ReportFields.writeSummary(report.summary(), new TextSectionFields(out));
		out.append('\n');
		return out;
	}

	private void appendSection(ReportText out, ThreadCapture thread, DetailMode mode, boolean deadlocked) {
		out.append("----- thread ").append(thread.id()).append(" (").append(name(thread)).append(')');
		appendDiagnostics(out, thread, null, mode, deadlocked);
		appendRequest(out, thread);
		out.append(" -----\n");
		this.stacks.append(out, thread, mode);
		out.append('\n');
	}

	private void appendGroup(ReportText out, StackGroup group, StackTraceReport report) {
		ThreadCapture first = group.first();
		DetailMode mode = report.request().mode();
		if (group.size() == 1) {
			appendSection(out, first, mode, report.isDeadlocked(first.id()));
			return;
		}
		out.append("----- ").append(group.size()).append(" threads");
		appendDiagnostics(out, first, group, mode, report.isDeadlocked(first.id()));
		ReportFields.writeGroupRequests(group, new TextSectionFields(out));
		out.append(" -----\n");
		out.append("threads: ");
		List<ThreadCapture> threads = group.threads();
		int listed = Math.min(threads.size(), MAX_LISTED_THREADS);
		for (int i = 0; i < listed; i++) {
			ThreadCapture thread = threads.get(i);
			out.append((i > 0) ? ", " : "").append(thread.id()).append(" (").append(name(thread)).append(')');
		}
		if (threads.size() > listed) {
			out.append(", \u2026 and ").append(threads.size() - listed).append(" more");
		}
		out.append('\n');
		this.stacks.append(out, first, mode);
		out.append('\n');
	}

	private static void appendDiagnostics(ReportText out, ThreadCapture thread, @Nullable StackGroup group,
			DetailMode mode, boolean deadlocked) {
		FieldWriter fields = new TextSectionFields(out);
		fields.token("status", thread.status().reportName());
		if (thread.state() != null) {
			fields.token("state", thread.state().name());
		}
		if (thread.status().isCaptured()) {
			fields.number("frames", thread.frames().size());
		}
		if (group != null) {
			ReportFields.writeVirtualCount(group, fields);
		}
		else {
			ReportFields.writeVirtual(thread, fields);
		}
		ReportFields.writeDiagnostics(thread, deadlocked, fields);
		ReportFields.writeCounters(thread, mode, fields);
	}

	private static void appendRequest(ReportText out, ThreadCapture thread) {
		ReportFields.writeRequest(thread.request(), new TextSectionFields(out));
	}

	private static String name(ThreadCapture thread) {
		return (thread.name() != null) ? TextEscaper.escapeName(thread.name()) : "?";
	}

}
