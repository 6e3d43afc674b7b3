package io.github.stacktrace.render;

/**
 * Makes application-provided text safe for a one-line slot of a report: control characters, line and paragraph
 * separators and backslashes are escaped, so a value can never start a new line or forge a section.
 */
public final class TextEscaper {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private TextEscaper() {
	}

	/**
	 * Escapes a value for one line of text.
	 * @param value the raw value
	 * @return the value itself when nothing needs escaping, or an escaped copy
	 */
	public static String escape(String value) {
		int length = value.length();
		for (int i = 0; i < length; i++) {
			if (needsEscape(value.charAt(i))) {
				return escapeFrom(value, i);
			}
		}
		return value;
	}

	/**
	 * Escapes a value and cuts it to at most {@code maxChars} characters of input, saying how much was cut.
	 * @param value the raw value
	 * @param maxChars the most characters of the value to keep
	 * @return the escaped, possibly cut, value
	 */
	public static String escapeAndCut(String value, int maxChars) {
		if (value.length() <= maxChars) {
			return escape(value);
		}
		int cut = maxChars;
		if (Character.isHighSurrogate(value.charAt(cut - 1))) {
			cut--;
		}
		return escape(value.substring(0, cut)) + "...(" + (value.length() - cut) + " more chars)";
	}

	private static boolean needsEscape(char c) {
		return c < 0x20 || c == '\\' || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
	}

	private static String escapeFrom(String value, int start) {
		StringBuilder out = new StringBuilder(value.length() + 16);
		out.append(value, 0, start);
		for (int i = start; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!needsEscape(c)) {
				out.append(c);
				continue;
			}
			switch (c) {
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\\' -> out.append("\\\\");
				default -> out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
					.append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
			}
		}
		return out.toString();
	}

}
