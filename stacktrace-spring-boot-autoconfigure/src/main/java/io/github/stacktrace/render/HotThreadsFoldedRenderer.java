package io.github.stacktrace.render;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.stacktrace.report.HotThread;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.SnapshotGroup;

/**
 * Renders a {@link HotThreadsReport} as folded stacks: every snapshot of every shown thread, one line per distinct
 * stack, root frame first, frames joined by {@code ;}, a space, then how many snapshots showed it. Fed to a
 * flame-graph tool, that is a wall-clock flame graph of the busiest threads, the sampled virtual threads included.
 * JVM-internal threads have no Java stack and are left out; most common stacks come first.
 *
 * @since 0.1.0
 */
public final class HotThreadsFoldedRenderer implements HotThreadsRenderer {

	private final FrameRenderCache cache;

	/**
	 * Creates a renderer that folds stacks through the given frame cache.
	 * @param cache the frame cache
	 */
	public HotThreadsFoldedRenderer(FrameRenderCache cache) {
		this.cache = cache;
	}

	@Override
	public ReportText render(HotThreadsReport report) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (HotThread thread : report.shownThreads()) {
			for (SnapshotGroup group : thread.stacks()) {
				if (!group.frames().isEmpty()) {
					counts.merge(this.cache.renderFolded(group.frames(), report.request().mode()), group.count(),
							Integer::sum);
				}
			}
		}
		return FoldedReportRenderer.lines(counts);
	}

}
