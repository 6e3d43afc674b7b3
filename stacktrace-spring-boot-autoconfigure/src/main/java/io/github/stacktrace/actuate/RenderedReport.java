package io.github.stacktrace.actuate;

import io.github.stacktrace.render.ReportText;

/**
 * A report rendered in one format. Text and JSON stay as the renderer's pieces, so the web extension can stream them
 * without ever joining them; folded stacks, one short line per distinct stack, come as one string.
 */
sealed interface RenderedReport {

	/**
	 * The whole report as one string.
	 * @return the text
	 */
	String joined();

	/**
	 * A report kept as the pieces it was rendered in.
	 *
	 * @param text the pieces
	 */
	record Pieces(ReportText text) implements RenderedReport {

		@Override
		public String joined() {
			return this.text.toString();
		}

	}

	/**
	 * A report rendered as one string.
	 *
	 * @param text the report
	 */
	record Whole(String text) implements RenderedReport {

		@Override
		public String joined() {
			return this.text;
		}

	}

}
