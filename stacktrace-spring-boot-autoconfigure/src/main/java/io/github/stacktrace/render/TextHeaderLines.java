package io.github.stacktrace.render;

import java.util.List;

import io.github.stacktrace.report.DeadlockSearch;
import io.github.stacktrace.report.ThreadFilter;

/**
 * Header fields as {@code key: value} lines, each after a fixed prefix: none in the text report, a comment marker
 * where the header must read as a comment to the format's readers.
 */
final class TextHeaderLines implements ReportFields.HeaderWriter {

	private static final int MAX_FILTER_CHARS = 256;

	private final ReportText out;

	private final String prefix;

	TextHeaderLines(ReportText out, String prefix) {
		this.out = out;
		this.prefix = prefix;
	}

	@Override
	public void literal(String key, String literal) {
		this.out.append(this.prefix).append(key).append(": ").append(literal).append('\n');
	}

	@Override
	public void text(String key, String value) {
		this.out.append(this.prefix).append(key).append(": ").append(TextEscaper.escape(value)).append('\n');
	}

	@Override
	public void deadlocks(String key, DeadlockSearch deadlocks) {
		this.out.append(this.prefix).append(key).append(": ");
		if (deadlocks.result() == DeadlockSearch.Result.UNKNOWN) {
			this.out.append("unknown");
		}
		else if (deadlocks.cycles().isEmpty()) {
			this.out.append("none");
		}
		for (int i = 0; i < deadlocks.cycles().size(); i++) {
			this.out.append((i > 0) ? " " : "").append(deadlocks.cycles().get(i));
		}
		this.out.append('\n');
	}

	@Override
	public void filter(String key, ThreadFilter filter) {
		this.out.append(this.prefix).append(key).append(':');
		if (!filter.states().isEmpty()) {
			this.out.append(" state=")
				.append(String.join(",", filter.states().stream().map(Thread.State::name).sorted().toList()));
		}
		if (filter.nameGlob() != null) {
			this.out.append(" name=").append(TextEscaper.escapeAndCut(filter.nameGlob(), MAX_FILTER_CHARS));
		}
		this.out.append('\n');
	}

	@Override
	public void notices(List<String> notices) {
		for (String notice : notices) {
			text("notice", notice);
		}
	}

}
