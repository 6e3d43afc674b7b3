package io.github.stacktrace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link StackTraceReport} as folded stacks, the input of flame-graph tools (flamegraph.pl, inferno,
 * speedscope): one line per distinct stack, root frame first, frames joined by {@code ;}, a space, then how many
 * threads have that stack. Most common stacks come first. Threads without frames are left out.
 */
public final class FoldedReportRenderer {

	/**
	 * Renders the report.
	 * @param report the report
	 * @return the folded stacks, one per line
	 */
	public String render(StackTraceReport report) {
		DetailMode mode = report.request().mode();
		Map<List<StackTraceElement>, String> lines = new HashMap<>();
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (ThreadCapture thread : report.threads()) {
			if (thread.frames().isEmpty()) {
				continue;
			}
			String line = lines.computeIfAbsent(thread.frames(), (frames) -> fold(frames, mode));
			counts.merge(line, 1, Integer::sum);
		}
		List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
		sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
		StringBuilder out = new StringBuilder(sorted.size() * 512);
		for (Map.Entry<String, Integer> entry : sorted) {
			out.append(entry.getKey()).append(' ').append(entry.getValue()).append('\n');
		}
		return out.toString();
	}

	private static String fold(List<StackTraceElement> frames, DetailMode mode) {
		StringBuilder line = new StringBuilder(frames.size() * 64);
		StringBuilder frame = new StringBuilder(128);
		for (int i = frames.size() - 1; i >= 0; i--) {
			frame.setLength(0);
			FrameRenderer.appendFrame(frame, frames.get(i), mode);
			for (int c = 0; c < frame.length(); c++) {
				// ';' separates frames and the last space separates the count: neither may appear inside a frame.
				char ch = frame.charAt(c);
				if (ch == ';') {
					frame.setCharAt(c, ':');
				}
				else if (ch == ' ') {
					frame.setCharAt(c, '_');
				}
			}
			if (line.length() > 0) {
				line.append(';');
			}
			line.append(frame);
		}
		return line.toString();
	}

}
