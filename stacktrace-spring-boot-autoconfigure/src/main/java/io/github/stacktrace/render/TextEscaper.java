package io.github.stacktrace.render;

/**
 * Makes application-provided text safe for a one-line slot of a report. Escaped, so that a value can never start a
 * new line, forge a section or read differently than it is:
 * <ul>
 * <li>a backslash as {@code \\}; newline, carriage return and tab as {@code \n}, {@code \r}, {@code \t};</li>
 * <li>every other control character, the line and paragraph separators, and the invisible characters that change how
 * a line reads (bidirectional embeddings, overrides and isolates, zero-width characters, the byte order mark) as
 * {@code \}{@code uXXXX};</li>
 * <li>half a surrogate pair, which no encoding can write, as U+FFFD;</li>
 * <li>in a thread name, {@code (} and {@code )} as {@code \(} and {@code \)}, so the name ends at the first bare
 * {@code )}; in a quoted value, {@code "} as {@code \"}.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class TextEscaper {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static final String NO_EXTRA = "";

	private static final String NAME_EXTRA = "()";

	private static final String QUOTED_EXTRA = "\"";

	private TextEscaper() {
	}

	/**
	 * Escapes a value for one line of text.
	 * @param value the raw value
	 * @return the value itself when nothing needs escaping, or an escaped copy
	 */
	public static String escape(String value) {
		return escape(value, NO_EXTRA);
	}

	/**
	 * Escapes a thread name for the {@code (name)} slot of a section line: as {@link #escape(String)}, and
	 * parentheses too.
	 * @param name the raw name
	 * @return the escaped name
	 */
	public static String escapeName(String name) {
		return escape(name, NAME_EXTRA);
	}

	/**
	 * Escapes a value for a {@code "quoted"} slot: as {@link #escape(String)}, and double quotes too.
	 * @param value the raw value
	 * @return the escaped value, without the quotes around it
	 */
	public static String escapeQuoted(String value) {
		return escape(value, QUOTED_EXTRA);
	}

	/**
	 * Escapes a value and cuts it to at most {@code maxChars} characters of input, saying how much was cut.
	 * @param value the raw value
	 * @param maxChars the most characters of the value to keep
	 * @return the escaped, possibly cut, value
	 */
	public static String escapeAndCut(String value, int maxChars) {
		return escapeAndCut(value, maxChars, NO_EXTRA);
	}

	/**
	 * Escapes a value for a {@code "quoted"} slot and cuts it as {@link #escapeAndCut(String, int)} does.
	 * @param value the raw value
	 * @param maxChars the most characters of the value to keep
	 * @return the escaped, possibly cut, value, without the quotes around it
	 */
	public static String escapeQuotedAndCut(String value, int maxChars) {
		return escapeAndCut(value, maxChars, QUOTED_EXTRA);
	}

	private static String escapeAndCut(String value, int maxChars, String extra) {
		if (value.length() <= maxChars) {
			return escape(value, extra);
		}
		int cut = maxChars;
		if (cut > 0 && Character.isHighSurrogate(value.charAt(cut - 1))) {
			cut--;
		}
		return escape(value.substring(0, cut), extra) + "...(" + (value.length() - cut) + " more chars)";
	}

	private static String escape(String value, String extra) {
		int length = value.length();
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (needsEscape(c) || extra.indexOf(c) >= 0 || (Character.isSurrogate(c) && !isPaired(value, i))) {
				return escapeFrom(value, i, extra);
			}
		}
		return value;
	}

	/**
	 * Whether a character is written as an escape in every slot: see the class description.
	 * @param c the character
	 * @return {@code true} when it must not appear as it is
	 */
	static boolean needsEscape(char c) {
		return c < 0x20 || c == '\\' || (c >= 0x7f && c <= 0x9f) || isInvisible(c);
	}

	/**
	 * Whether a character changes how a line reads without being seen: line and paragraph separators, bidirectional
	 * marks, embeddings, overrides and isolates, zero-width characters, the byte order mark.
	 * @param c the character
	 * @return {@code true} for such a character
	 */
	static boolean isInvisible(char c) {
		return (c >= '\u200b' && c <= '\u200f') || (c >= '\u2028' && c <= '\u202e') || (c >= '\u2060' && c <= '\u2069')
				|| c == '\u061c' || c == '\u180e' || c == '\ufeff';
	}

	/**
	 * Whether the surrogate at {@code i} is half of a well-formed pair.
	 * @param value the text
	 * @param i the index of a surrogate
	 * @return {@code true} when it pairs with its neighbour
	 */
	static boolean isPaired(String value, int i) {
		char c = value.charAt(i);
		if (Character.isHighSurrogate(c)) {
			return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
		}
		return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
	}

	private static String escapeFrom(String value, int start, String extra) {
		StringBuilder out = new StringBuilder(value.length() + 16);
		out.append(value, 0, start);
		for (int i = start; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isSurrogate(c)) {
				out.append(isPaired(value, i) ? c : '\ufffd');
			}
			else if (extra.indexOf(c) >= 0) {
				out.append('\\').append(c);
			}
			else if (!needsEscape(c)) {
				out.append(c);
			}
			else {
				switch (c) {
					case '\n' -> out.append("\\n");
					case '\r' -> out.append("\\r");
					case '\t' -> out.append("\\t");
					case '\\' -> out.append("\\\\");
					default -> appendUnicodeEscape(out, c);
				}
			}
		}
		return out.toString();
	}

	/**
	 * Appends {@code \}{@code uXXXX} for a character.
	 * @param out where to append
	 * @param c the character
	 */
	static void appendUnicodeEscape(StringBuilder out, char c) {
		out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
			.append(HEX[c & 0xf]);
	}

}
