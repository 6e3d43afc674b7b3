package io.github.stacktrace.render;

import org.jspecify.annotations.Nullable;

/**
 * A minimal streaming JSON writer: enough for reports, with strict string escaping, and no dependency. It writes to
 * a {@link StringBuilder} or into a {@link ReportText}, where already rendered JSON (a cached frames array) is kept by
 * reference.
 */
final class JsonWriter {

	private final StringBuilder out;

	private final @Nullable ReportText text;

	private boolean needsComma;

	JsonWriter(StringBuilder out) {
		this.out = out;
		this.text = null;
	}

	JsonWriter(ReportText text) {
		this.out = text.pending();
		this.text = text;
	}

	JsonWriter beginObject() {
		comma();
		this.out.append('{');
		this.needsComma = false;
		return this;
	}

	JsonWriter endObject() {
		this.out.append('}');
		this.needsComma = true;
		if (this.text != null) {
			this.text.flushIfLarge();
		}
		return this;
	}

	JsonWriter beginArray() {
		comma();
		this.out.append('[');
		this.needsComma = false;
		return this;
	}

	JsonWriter endArray() {
		this.out.append(']');
		this.needsComma = true;
		return this;
	}

	JsonWriter name(String name) {
		comma();
		string(name);
		this.out.append(':');
		this.needsComma = false;
		return this;
	}

	JsonWriter value(String value) {
		comma();
		string(value);
		this.needsComma = true;
		return this;
	}

	/**
	 * Writes a value that is already JSON, such as a cached frames array, as it is.
	 */
	JsonWriter rawValue(String json) {
		comma();
		if (this.text != null) {
			this.text.appendShared(json);
		}
		else {
			this.out.append(json);
		}
		this.needsComma = true;
		return this;
	}

	JsonWriter nullValue() {
		comma();
		this.out.append("null");
		this.needsComma = true;
		return this;
	}

	JsonWriter value(long value) {
		comma();
		this.out.append(value);
		this.needsComma = true;
		return this;
	}

	JsonWriter value(boolean value) {
		comma();
		this.out.append(value);
		this.needsComma = true;
		return this;
	}

	JsonWriter field(String name, String value) {
		return name(name).value(value);
	}

	JsonWriter field(String name, long value) {
		return name(name).value(value);
	}

	JsonWriter field(String name, boolean value) {
		return name(name).value(value);
	}

	private void comma() {
		if (this.needsComma) {
			this.out.append(',');
		}
	}

	// Strict JSON that every parser reads back to the same text, except half a surrogate pair, which no parser can
	// read and becomes U+FFFD; invisible characters are escaped, so a viewer shows them.
	private void string(String value) {
		this.out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> this.out.append("\\\"");
				case '\\' -> this.out.append("\\\\");
				case '\n' -> this.out.append("\\n");
				case '\r' -> this.out.append("\\r");
				case '\t' -> this.out.append("\\t");
				default -> {
					if (Character.isSurrogate(c)) {
						this.out.append(TextEscaper.isPaired(value, i) ? c : '\ufffd');
					}
					else if (TextEscaper.needsEscape(c)) {
						TextEscaper.appendUnicodeEscape(this.out, c);
					}
					else {
						this.out.append(c);
					}
				}
			}
		}
		this.out.append('"');
	}

}
