package io.github.stacktrace.render;

import io.github.stacktrace.report.HotThread;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.SnapshotGroup;

/**
 * Renders a {@link HotThreadsReport} as text: {@code key: value} header lines, one section per shown thread with its
 * measure and its snapshots grouped by stack, then a totals line. A thread with fewer snapshots than asked for says
 * how many it has ({@code snapshots=4/10}) and its groups count out of those; a thread serving a request at the
 * window's end names it as the dump's sections do ({@code request="GET /orders/{id}" elapsed_ms=…}). The sampled
 * virtual threads follow the measured ones, each saying how its value was estimated
 * ({@code virtual=true measured=sampled instants_in_state=7 instants_sampled=10}).
 *
 * <pre>
 * ----- thread 31 (http-nio-8080-exec-1) nid=0x1f3 state=RUNNABLE cpu=92.4% (462 ms of 500 ms) same_stack=10/10 -----
 * 10/10 snapshots sharing the following 14 frames
 * ...
 * </pre>
 *
 * @since 0.1.0
 */
public final class HotThreadsTextRenderer implements HotThreadsRenderer {

	private final FrameRenderCache cache;

	/**
	 * Creates a renderer that renders frame blocks through the given cache.
	 * @param cache the frame cache
	 */
	public HotThreadsTextRenderer(FrameRenderCache cache) {
		this.cache = cache;
	}

	@Override
	public ReportText render(HotThreadsReport report) {
		ReportText out = new ReportText();
		out.append("JVM hot threads\n");
		HotThreadsFields.writeHeader(report, new TextHeaderLines(out, ""), "threads");
		out.append('\n');
		for (HotThread thread : report.shownThreads()) {
			appendThread(out, thread, report);
		}
		out.append("totals: ").append(HotThreadsFields.totals(report)).append('\n');
		return out;
	}

	private void appendThread(ReportText out, HotThread thread, HotThreadsReport report) {
		HotThreadsType type = report.request().type();
		int asked = report.request().snapshots();
		String name = TextEscaper.escapeName(thread.name());
		if (thread.isJvmInternal()) {
			out.append("----- jvm_thread (").append(name).append(')');
		}
		else {
			out.append("----- thread ").append(thread.id()).append(" (").append(name).append(')');
		}
		if (thread.nativeId() >= 0) {
			out.append(" nid=0x").append(Long.toHexString(thread.nativeId()));
		}
		if (thread.state() != null) {
			out.append(" state=").append(thread.state().name());
		}
		out.append(' ').append(type.measure()).append('=')
			.append(HotThreadsFields.describe(type, thread.value(), report.window().toNanos()));
		if (thread.isSameStack()) {
			out.append(" same_stack=").append(thread.snapshotsTaken()).append('/').append(asked);
		}
		if (HotThreadsFields.snapshotsCut(thread, report)) {
			out.append(" snapshots=").append(thread.snapshotsTaken()).append('/').append(asked);
		}
		HotThreadsFields.writeSampled(thread, new TextSectionFields(out));
		ReportFields.writeRequest(thread.request(), new TextSectionFields(out));
		out.append(" -----\n");
		if (thread.isJvmInternal() || thread.stacks().isEmpty()) {
			out.append(HotThreadsFields.noStack(thread)).append('\n');
		}
		for (int i = 0; i < thread.stacks().size(); i++) {
			SnapshotGroup group = thread.stacks().get(i);
			out.append((i > 0) ? "\n" : "").append(group.count()).append('/').append(thread.snapshotsTaken())
				.append(" snapshots sharing the following ").append(group.frames().size()).append(" frames\n");
			out.appendShared(this.cache.render(group.frames(), 0, group.frames().size(), report.request().mode()));
		}
		out.append('\n');
	}

}
