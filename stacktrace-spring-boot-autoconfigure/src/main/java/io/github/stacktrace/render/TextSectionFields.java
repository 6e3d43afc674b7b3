package io.github.stacktrace.render;

/**
 * Section and summary fields as {@code  key=value}, each after a space, application text quoted and cut.
 */
final class TextSectionFields implements FieldWriter {

	private static final int MAX_ERROR_CHARS = 200;

	private final ReportText out;

	TextSectionFields(ReportText out) {
		this.out = out;
	}

	@Override
	public void literal(String key, String literal) {
		this.out.append(' ').append(key).append('=').append(literal);
	}

	@Override
	public void text(String key, String value) {
		this.out.append(' ').append(key).append("=\"").append(TextEscaper.escapeQuotedAndCut(value, MAX_ERROR_CHARS))
			.append('"');
	}

}
