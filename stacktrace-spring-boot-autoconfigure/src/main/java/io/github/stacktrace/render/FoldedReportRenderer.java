package io.github.stacktrace.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.ThreadCapture;

/**
 * Renders a {@link StackTraceReport} as folded stacks, the input of flame-graph tools (flamegraph.pl, inferno,
 * speedscope): one line per distinct stack, root frame first, frames joined by {@code ;}, a space, then how many
 * threads have that stack. Most common stacks come first. Threads without frames are left out. Folding already
 * groups, so the {@code grouped} flag changes nothing; each distinct stack is folded once, through the frame cache.
 *
 * @since 0.1.0
 */
public final class FoldedReportRenderer implements ReportRenderer {

	private final FrameRenderCache cache;

	/**
	 * Creates a renderer that folds stacks through the given frame cache.
	 * @param cache the frame cache
	 */
	public FoldedReportRenderer(FrameRenderCache cache) {
		this.cache = cache;
	}

	@Override
	public ReportText render(StackTraceReport report, boolean grouped) {
		DetailMode mode = report.request().mode();
		Map<List<StackTraceElement>, String> lines = new HashMap<>();
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (ThreadCapture thread : report.threads()) {
			if (thread.frames().isEmpty()) {
				continue;
			}
			String line = lines.computeIfAbsent(thread.frames(), (frames) -> this.cache.renderFolded(frames, mode));
			counts.merge(line, 1, Integer::sum);
		}
		return lines(counts);
	}

	/**
	 * Writes folded lines with their counts, most common first, equal counts in line order.
	 * @param counts the folded stacks and how many times each was seen
	 * @return the rendered lines
	 */
	static ReportText lines(Map<String, Integer> counts) {
		List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
		sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
		ReportText out = new ReportText();
		for (Map.Entry<String, Integer> entry : sorted) {
			out.appendShared(entry.getKey()).append(' ').append(entry.getValue()).append('\n');
		}
		return out;
	}

}
