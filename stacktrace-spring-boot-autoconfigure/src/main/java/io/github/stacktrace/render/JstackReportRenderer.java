package io.github.stacktrace.render;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadCounters;
import io.github.stacktrace.report.ThreadLocks;

/**
 * Renders a {@link StackTraceReport} in the layout of {@code jstack -l} and {@code jcmd <pid> Thread.print}, the
 * text every thread-dump analyser parses: the {@code Full thread dump} preamble, one header line per thread
 * ({@code "name" #id [daemon ]prio=n tid=… nid=… state words}), the {@code java.lang.Thread.State:} line,
 * {@code \tat} frames with their lock lines, in the FULL modes {@code Locked ownable synchronizers:} and the
 * {@code Found one Java-level deadlock:} sections. What jstack has no words for (the report's header facts, a thread
 * that was not captured, the summary) is written as {@code //} comment lines, which analysers skip.
 * <p>
 * Values the JVM does not tell a Java program are placeholders in the form analysers accept: {@code tid} is the Java
 * thread id in hex (analysers key threads on it, so it must differ per thread), {@code nid} is {@code 0x0}, the stack
 * pointer and monitor addresses are zero, lock addresses are identity hash codes. {@code prio} and {@code daemon} are
 * the JVM's when the mode collected them (FULL modes), else {@code prio=5} and no {@code daemon}. Analysers need
 * every thread, so the {@code grouped} flag is ignored.
 *
 * @since 0.1.0
 */
public final class JstackReportRenderer implements ReportRenderer {

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private static final String ZERO_ADDRESS = "0x0000000000000000";

	private static final String COMMENT = "// ";

	private static final int DEFAULT_PRIORITY = 5;

	private final TextStackWriter stacks;

	/**
	 * Creates a renderer that renders frame blocks through the given cache.
	 * @param cache the frame cache
	 */
	public JstackReportRenderer(FrameRenderCache cache) {
		this.stacks = new TextStackWriter(cache, TextStackWriter.Dialect.JSTACK);
	}

	@Override
	public ReportText render(StackTraceReport report, boolean grouped) {
		ReportText out = new ReportText();
		out.append(TIMESTAMP.format(report.capturedAt())).append('\n');
		out.append("Full thread dump ").append(vmName(report.jvm())).append(":\n\n");
		ReportFields.writeHeader(report, new TextHeaderLines(out, COMMENT));
		out.append('\n');
		DetailMode mode = report.request().mode();
		for (ThreadCapture thread : report.threads()) {
			appendThread(out, thread, mode, report.isDeadlocked(thread.id()));
		}
		if (mode.includesLocks()) {
			appendDeadlocks(out, report);
		}
		out.append(COMMENT).append("summary:");
		ReportFields.writeSummary(report.summary(), new TextSectionFields(out));
		out.append('\n');
		return out;
	}

	// jstack writes "<vm name> (<vm version> <vm info>)"; the report keeps name and version joined by a space.
	private static String vmName(String jvm) {
		int space = jvm.lastIndexOf(' ');
		String named = (space > 0) ? jvm.substring(0, space) + " (" + jvm.substring(space + 1) + ")" : jvm;
		return TextEscaper.escape(named);
	}

	private void appendThread(ReportText out, ThreadCapture thread, DetailMode mode, boolean deadlocked) {
		ThreadCounters counters = thread.counters();
		out.append('"').append(name(thread)).append("\" #").append(thread.id());
		if (counters != null && counters.daemon()) {
			out.append(" daemon");
		}
		out.append(" prio=").append((counters != null) ? counters.priority() : DEFAULT_PRIORITY);
		out.append(" tid=").append(TextStackWriter.hex16(thread.id())).append(" nid=0x0");
		String words = stateWords(thread);
		if (!words.isEmpty()) {
			out.append(' ').append(words);
		}
		out.append("  [").append(ZERO_ADDRESS).append("]\n");
		if (thread.state() != null) {
			out.append("   java.lang.Thread.State: ").append(thread.state().name()).append(stateDetail(thread))
				.append('\n');
		}
		if (thread.virtual() != null) {
			// jstack lists no virtual threads: what a section says of them is a comment, as the statuses are.
			out.append("   ").append(COMMENT).append("virtual_thread_facts:");
			ReportFields.writeVirtual(thread, new TextSectionFields(out));
			out.append('\n');
		}
		if (thread.status() != CaptureStatus.OK) {
			out.append("   ").append(COMMENT).append("status=").append(thread.status().reportName());
			ReportFields.writeDiagnostics(thread, deadlocked, new TextSectionFields(out));
			out.append('\n');
		}
		if (thread.request() != null) {
			// What the thread serves has no jstack words either: a comment, "// request=... elapsed_ms=...".
			out.append("   //");
			ReportFields.writeRequest(thread.request(), new TextSectionFields(out));
			out.append('\n');
		}
		if (!thread.frames().isEmpty()) {
			this.stacks.append(out, thread, mode);
		}
		if (mode.includesLocks()) {
			// Ownable synchronizers need a heap walk at a safepoint, which this endpoint never asks for.
			out.append("\n   Locked ownable synchronizers:\n\t- None\n");
		}
		out.append('\n');
	}

	// The words jstack puts at the end of a thread's header line.
	private static String stateWords(ThreadCapture thread) {
		Thread.State state = thread.state();
		if (state == null) {
			return "";
		}
		return switch (state) {
			case RUNNABLE -> "runnable";
			case BLOCKED -> "waiting for monitor entry";
			case WAITING, TIMED_WAITING -> TextStackWriter.isObjectWait(thread) ? "in Object.wait()"
					: "waiting on condition";
			case NEW, TERMINATED -> state.name().toLowerCase(Locale.ROOT);
		};
	}

	// The detail jstack puts in brackets after the state, e.g. "WAITING (parking)".
	private static String stateDetail(ThreadCapture thread) {
		Thread.State state = thread.state();
		if (state == Thread.State.BLOCKED) {
			return " (on object monitor)";
		}
		if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING || thread.frames().isEmpty()) {
			return "";
		}
		if (TextStackWriter.isObjectWait(thread)) {
			return " (on object monitor)";
		}
		StackTraceElement top = thread.frames().get(0);
		String method = top.getMethodName();
		if ("java.lang.Thread".equals(top.getClassName()) && method.startsWith("sleep")) {
			return " (sleeping)";
		}
		if (method.startsWith("park")) {
			return " (parking)";
		}
		return "";
	}

	private void appendDeadlocks(ReportText out, StackTraceReport report) {
		List<List<Long>> cycles = report.deadlocks().cycles();
		if (cycles.isEmpty()) {
			return;
		}
		Map<Long, ThreadCapture> byId = new HashMap<>();
		for (ThreadCapture thread : report.threads()) {
			byId.put(thread.id(), thread);
		}
		DetailMode mode = report.request().mode();
		for (List<Long> cycle : cycles) {
			out.append("\nFound one Java-level deadlock:\n=============================\n");
			for (long id : cycle) {
				ThreadCapture thread = byId.get(id);
				out.append('"').append((thread != null) ? name(thread) : "?").append("\":\n");
				ThreadLocks locks = (thread != null) ? thread.locks() : null;
				if (locks != null && locks.waitingFor() != null) {
					appendCycleWait(out, thread, locks);
				}
				out.append('\n');
			}
			out.append("Java stack information for the threads listed above:\n");
			out.append("===================================================\n");
			for (long id : cycle) {
				ThreadCapture thread = byId.get(id);
				if (thread != null) {
					out.append('"').append(name(thread)).append("\":\n");
					this.stacks.append(out, thread, mode);
				}
			}
			out.append('\n');
		}
		out.append("Found ").append(cycles.size()).append((cycles.size() == 1) ? " deadlock.\n\n" : " deadlocks.\n\n");
	}

	private static void appendCycleWait(ReportText out, ThreadCapture thread, ThreadLocks locks) {
		ThreadLocks.LockRef lock = locks.waitingFor();
		String address = TextStackWriter.Dialect.JSTACK.address(lock.identityHashCode());
		String className = TextEscaper.escapeName(lock.className());
		if (thread.state() == Thread.State.BLOCKED) {
			out.append("  waiting to lock monitor ").append(ZERO_ADDRESS).append(" (object ").append(address)
				.append(", a ").append(className).append("),\n");
		}
		else {
			out.append("  waiting for ownable synchronizer ").append(address).append(", (a ").append(className)
				.append("),\n");
		}
		out.append("  which is held by \"")
			.append((locks.ownerName() != null) ? TextEscaper.escapeQuoted(locks.ownerName()) : "?")
			.append("\"\n");
	}

	private static String name(ThreadCapture thread) {
		return (thread.name() != null) ? TextEscaper.escapeQuoted(thread.name()) : "?";
	}

}
