package io.github.stacktrace.test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader for tests, plain JDK: RFC 8259 to the letter, and no further. It refuses what {@code jq} refuses
 * and what lenient parsers let through: a lone surrogate (escaped or raw), a raw control character in a string, a
 * duplicate key, anything after the value, {@code NaN} and {@code Infinity}, leading zeros, comments, single quotes,
 * and bytes that are not UTF-8. Objects read as ordered maps, arrays as lists, integers that fit as {@link Long},
 * other numbers as {@link BigDecimal}, {@code null} as {@code null}.
 */
public final class StrictJson {

	// Deep enough for any report; a bound keeps a hostile input from overflowing the test's stack.
	private static final int MAX_DEPTH = 512;

	private final String text;

	private int position;

	private int depth;

	private StrictJson(String text) {
		this.text = text;
	}

	/**
	 * Reads one JSON text.
	 * @param json the text
	 * @return the value: a map, a list, a string, a number, a boolean or {@code null}
	 * @throws InvalidJsonException when the text is not strict JSON
	 */
	public static Object parse(String json) {
		StrictJson reader = new StrictJson(json);
		reader.skipWhitespace();
		Object value = reader.value();
		reader.skipWhitespace();
		if (reader.position < json.length()) {
			throw reader.invalid("trailing content after the value");
		}
		return value;
	}

	/**
	 * Reads one JSON text from UTF-8 bytes, refusing any byte sequence that is not UTF-8.
	 * @param utf8 the bytes
	 * @return the value, as {@link #parse(String)} gives it
	 * @throws InvalidJsonException when the bytes are not UTF-8 or the text is not strict JSON
	 */
	public static Object parse(byte[] utf8) {
		try {
			return parse(StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(utf8))
				.toString());
		}
		catch (CharacterCodingException ex) {
			throw new InvalidJsonException("not UTF-8: " + ex.getMessage(), ex);
		}
	}

	private Object value() {
		if (this.position >= this.text.length()) {
			throw invalid("a value expected, found the end");
		}
		char c = this.text.charAt(this.position);
		return switch (c) {
			case '{' -> object();
			case '[' -> array();
			case '"' -> string();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> {
				if (c == '-' || (c >= '0' && c <= '9')) {
					yield number();
				}
				throw invalid("unexpected character " + describe(c));
			}
		};
	}

	private Map<String, Object> object() {
		enter();
		this.position++;
		Map<String, Object> members = new LinkedHashMap<>();
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
			return leave(members);
		}
		while (true) {
			if (peek() != '"') {
				throw invalid("a member name in double quotes expected");
			}
			int keyAt = this.position;
			String key = string();
			if (members.containsKey(key)) {
				this.position = keyAt;
				throw invalid("duplicate key \"" + key + "\"");
			}
			skipWhitespace();
			expect(':');
			skipWhitespace();
			members.put(key, value());
			skipWhitespace();
			if (peek() == ',') {
				this.position++;
				skipWhitespace();
			}
			else {
				expect('}');
				return leave(members);
			}
		}
	}

	private List<Object> array() {
		enter();
		this.position++;
		List<Object> elements = new ArrayList<>();
		skipWhitespace();
		if (peek() == ']') {
			this.position++;
			return leave(elements);
		}
		while (true) {
			elements.add(value());
			skipWhitespace();
			if (peek() == ',') {
				this.position++;
				skipWhitespace();
			}
			else {
				expect(']');
				return leave(elements);
			}
		}
	}

	private String string() {
		this.position++;
		StringBuilder value = new StringBuilder();
		while (true) {
			if (this.position >= this.text.length()) {
				throw invalid("unterminated string");
			}
			char c = this.text.charAt(this.position);
			if (c == '"') {
				this.position++;
				return value.toString();
			}
			if (c < 0x20) {
				throw invalid("raw control character " + describe(c) + " in a string");
			}
			if (c == '\\') {
				escape(value);
			}
			else if (Character.isHighSurrogate(c) && this.position + 1 < this.text.length()
					&& Character.isLowSurrogate(this.text.charAt(this.position + 1))) {
				value.append(c).append(this.text.charAt(this.position + 1));
				this.position += 2;
			}
			else if (Character.isSurrogate(c)) {
				throw invalid("lone surrogate " + describe(c) + " in a string");
			}
			else {
				value.append(c);
				this.position++;
			}
		}
	}

	private void escape(StringBuilder value) {
		if (this.position + 1 >= this.text.length()) {
			throw invalid("unterminated escape");
		}
		char c = this.text.charAt(this.position + 1);
		switch (c) {
			case '"', '\\', '/' -> value.append(c);
			case 'b' -> value.append('\b');
			case 'f' -> value.append('\f');
			case 'n' -> value.append('\n');
			case 'r' -> value.append('\r');
			case 't' -> value.append('\t');
			case 'u' -> {
				char unit = hex(this.position + 2);
				if (Character.isHighSurrogate(unit) && this.text.startsWith("\\u", this.position + 6)
						&& Character.isLowSurrogate(hex(this.position + 8))) {
					value.append(unit).append(hex(this.position + 8));
					this.position += 12;
					return;
				}
				if (Character.isSurrogate(unit)) {
					throw invalid("lone surrogate escape \\u" + this.text.substring(this.position + 2, this.position + 6));
				}
				value.append(unit);
				this.position += 6;
				return;
			}
			default -> throw invalid("invalid escape \\" + describe(c));
		}
		this.position += 2;
	}

	private char hex(int at) {
		if (at + 4 > this.text.length()) {
			throw invalid("\\u needs four hex digits");
		}
		int unit = 0;
		for (int i = at; i < at + 4; i++) {
			char c = this.text.charAt(i);
			// ASCII hex digits only: Character.digit would also take other scripts' digits.
			boolean hexDigit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
			if (!hexDigit) {
				throw invalid("\\u needs four hex digits");
			}
			unit = unit * 16 + Character.digit(c, 16);
		}
		return (char) unit;
	}

	private Number number() {
		int start = this.position;
		if (peek() == '-') {
			this.position++;
		}
		if (peek() == '0') {
			this.position++;
			if (isDigit(peek())) {
				throw invalid("leading zero in a number");
			}
		}
		else if (!digits()) {
			throw invalid("a digit expected in a number");
		}
		boolean integer = true;
		if (peek() == '.') {
			this.position++;
			integer = false;
			if (!digits()) {
				throw invalid("a digit expected after the decimal point");
			}
		}
		if (peek() == 'e' || peek() == 'E') {
			this.position++;
			integer = false;
			if (peek() == '+' || peek() == '-') {
				this.position++;
			}
			if (!digits()) {
				throw invalid("a digit expected in the exponent");
			}
		}
		String number = this.text.substring(start, this.position);
		if (integer && number.length() <= 18) {
			return Long.parseLong(number);
		}
		return new BigDecimal(number);
	}

	private boolean digits() {
		int start = this.position;
		while (isDigit(peek())) {
			this.position++;
		}
		return this.position > start;
	}

	private static boolean isDigit(int c) {
		return c >= '0' && c <= '9';
	}

	private Object literal(String word, Object value) {
		if (!this.text.startsWith(word, this.position)) {
			throw invalid("unexpected word, expected " + word);
		}
		this.position += word.length();
		return value;
	}

	private void expect(char c) {
		if (peek() != c) {
			throw invalid("'" + c + "' expected"
					+ ((this.position < this.text.length()) ? ", found " + describe(this.text.charAt(this.position))
							: ", found the end"));
		}
		this.position++;
	}

	private int peek() {
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : -1;
	}

	private void skipWhitespace() {
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.position++;
		}
	}

	private void enter() {
		if (++this.depth > MAX_DEPTH) {
			throw invalid("nested deeper than " + MAX_DEPTH);
		}
	}

	private <T> T leave(T container) {
		this.depth--;
		return container;
	}

	private InvalidJsonException invalid(String reason) {
		return new InvalidJsonException("at offset " + this.position + ": " + reason, null);
	}

	private static String describe(char c) {
		return (c >= 0x20 && c < 0x7f) ? "'" + c + "'" : String.format("U+%04X", (int) c);
	}

	/** Thrown when a text is not strict JSON; the message says where and why. */
	public static final class InvalidJsonException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		InvalidJsonException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
