package io.github.stacktrace.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

import org.jspecify.annotations.Nullable;

/**
 * Reads a JSON document as a stream of tokens, one value at a time, so that a document of hundreds of megabytes is
 * never held in memory: only the current string is. A small reader of its own, because the starter runs with
 * Jackson 2, with Jackson 3 or without Jackson at all. Strict about structure; strings and nesting are bounded.
 */
final class JsonStreamReader implements Closeable {

	/** The longest string read; a longer one makes the document invalid here. */
	static final int MAX_STRING_CHARS = 1 << 20;

	private static final int MAX_DEPTH = 64;

	/** What comes next in the document. */
	enum Token {

		BEGIN_OBJECT, END_OBJECT, BEGIN_ARRAY, END_ARRAY, NAME, STRING, LITERAL, END_DOCUMENT

	}

	// What the reader expects inside each open container: a first value or member, or a comma before the next one.
	private static final int EMPTY_ARRAY = 1;

	private static final int NONEMPTY_ARRAY = 2;

	private static final int EMPTY_OBJECT = 3;

	private static final int NONEMPTY_OBJECT = 4;

	private static final int DANGLING_NAME = 5;

	private final Reader in;

	private final char[] buffer = new char[64 * 1024];

	private int position;

	private int limit;

	private final int[] stack = new int[MAX_DEPTH + 1];

	private int depth;

	private boolean documentStarted;

	private @Nullable Token peeked;

	private final StringBuilder text = new StringBuilder();

	JsonStreamReader(Reader in) {
		this.in = in;
	}

	/**
	 * The next token, without consuming it.
	 * @return the token
	 * @throws IOException if the input cannot be read or is not valid JSON
	 */
	Token peek() throws IOException {
		if (this.peeked == null) {
			this.peeked = readToken();
		}
		return this.peeked;
	}

	void beginObject() throws IOException {
		expect(Token.BEGIN_OBJECT);
	}

	void endObject() throws IOException {
		expect(Token.END_OBJECT);
	}

	void beginArray() throws IOException {
		expect(Token.BEGIN_ARRAY);
	}

	void endArray() throws IOException {
		expect(Token.END_ARRAY);
	}

	/**
	 * Whether the current object or array has another member or element.
	 * @return {@code false} at its end
	 * @throws IOException if the input cannot be read or is not valid JSON
	 */
	boolean hasNext() throws IOException {
		Token token = peek();
		return token != Token.END_OBJECT && token != Token.END_ARRAY && token != Token.END_DOCUMENT;
	}

	/**
	 * The next member's name.
	 * @return the name
	 * @throws IOException if the next token is not a name
	 */
	String nextName() throws IOException {
		expect(Token.NAME);
		return this.text.toString();
	}

	/**
	 * The next value when it is a string, a number, {@code true} or {@code false}, as its text; {@code null} for
	 * {@code null}.
	 * @return the value's text
	 * @throws IOException if the next value is an object or an array
	 */
	@Nullable String nextScalar() throws IOException {
		Token token = peek();
		if (token != Token.STRING && token != Token.LITERAL) {
			throw syntaxError("expected a string or literal but found " + token);
		}
		this.peeked = null;
		String value = this.text.toString();
		return (token == Token.LITERAL && value.equals("null")) ? null : value;
	}

	/**
	 * Skips the next value, however deeply nested.
	 * @throws IOException if the input cannot be read or is not valid JSON
	 */
	void skipValue() throws IOException {
		int open = 0;
		do {
			Token token = peek();
			this.peeked = null;
			if (token == Token.BEGIN_OBJECT || token == Token.BEGIN_ARRAY) {
				open++;
			}
			else if (token == Token.END_OBJECT || token == Token.END_ARRAY) {
				open--;
			}
			else if (token == Token.END_DOCUMENT) {
				throw syntaxError("unexpected end of document");
			}
		}
		while (open > 0);
	}

	@Override
	public void close() throws IOException {
		this.in.close();
	}

	private void expect(Token expected) throws IOException {
		Token token = peek();
		if (token != expected) {
			throw syntaxError("expected " + expected + " but found " + token);
		}
		this.peeked = null;
	}

	private Token readToken() throws IOException {
		int c = nextNonWhitespace();
		if (this.depth == 0) {
			if (this.documentStarted) {
				if (c != -1) {
					throw syntaxError("more than one value");
				}
				return Token.END_DOCUMENT;
			}
			this.documentStarted = true;
			return readValue(c);
		}
		int context = this.stack[this.depth];
		switch (context) {
			case EMPTY_ARRAY, NONEMPTY_ARRAY -> {
				if (c == ']') {
					this.depth--;
					return Token.END_ARRAY;
				}
				if (context == NONEMPTY_ARRAY) {
					if (c != ',') {
						throw syntaxError("expected ',' or ']'");
					}
					c = nextNonWhitespace();
				}
				this.stack[this.depth] = NONEMPTY_ARRAY;
				return readValue(c);
			}
			case EMPTY_OBJECT, NONEMPTY_OBJECT -> {
				if (c == '}') {
					this.depth--;
					return Token.END_OBJECT;
				}
				if (context == NONEMPTY_OBJECT) {
					if (c != ',') {
						throw syntaxError("expected ',' or '}'");
					}
					c = nextNonWhitespace();
				}
				if (c != '"') {
					throw syntaxError("expected a member name");
				}
				readString();
				if (nextNonWhitespace() != ':') {
					throw syntaxError("expected ':'");
				}
				this.stack[this.depth] = DANGLING_NAME;
				return Token.NAME;
			}
			default -> {
				this.stack[this.depth] = NONEMPTY_OBJECT;
				return readValue(c);
			}
		}
	}

	private Token readValue(int c) throws IOException {
		switch (c) {
			case '{' -> {
				push(EMPTY_OBJECT);
				return Token.BEGIN_OBJECT;
			}
			case '[' -> {
				push(EMPTY_ARRAY);
				return Token.BEGIN_ARRAY;
			}
			case '"' -> {
				readString();
				return Token.STRING;
			}
			case -1 -> throw syntaxError("unexpected end of document");
			default -> {
				readLiteral(c);
				return Token.LITERAL;
			}
		}
	}

	private void push(int context) throws IOException {
		if (this.depth == MAX_DEPTH) {
			throw syntaxError("nested deeper than " + MAX_DEPTH);
		}
		this.stack[++this.depth] = context;
	}

	private void readLiteral(int first) throws IOException {
		this.text.setLength(0);
		int c = first;
		while (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
				|| (c >= 'A' && c <= 'Z')) {
			this.text.append((char) c);
			if (this.text.length() > 64) {
				throw syntaxError("literal too long");
			}
			c = read();
		}
		if (c != -1) {
			this.position--;
		}
		String literal = this.text.toString();
		if (literal.isEmpty() || !(literal.equals("true") || literal.equals("false") || literal.equals("null")
				|| isNumber(literal))) {
			throw syntaxError("unexpected character");
		}
	}

	private static boolean isNumber(String literal) {
		char first = literal.charAt(0);
		return first == '-' || (first >= '0' && first <= '9');
	}

	private void readString() throws IOException {
		StringBuilder out = this.text;
		out.setLength(0);
		while (true) {
			// Copies runs of plain characters at once; only escapes go character by character.
			int start = this.position;
			while (this.position < this.limit) {
				char c = this.buffer[this.position];
				if (c == '"' || c == '\\' || c < 0x20) {
					break;
				}
				this.position++;
			}
			out.append(this.buffer, start, this.position - start);
			if (out.length() > MAX_STRING_CHARS) {
				throw syntaxError("string longer than " + MAX_STRING_CHARS + " characters");
			}
			int c = read();
			if (c == '"') {
				return;
			}
			if (c == '\\') {
				out.append(readEscape());
			}
			else if (c == -1) {
				throw syntaxError("unterminated string");
			}
			else if (c < 0x20) {
				throw syntaxError("control character in string");
			}
			else {
				// The buffer was empty: the character read is an ordinary one.
				out.append((char) c);
			}
		}
	}

	private char readEscape() throws IOException {
		int c = read();
		return switch (c) {
			case '"', '\\', '/' -> (char) c;
			case 'b' -> '\b';
			case 'f' -> '\f';
			case 'n' -> '\n';
			case 'r' -> '\r';
			case 't' -> '\t';
			case 'u' -> {
				int value = 0;
				for (int i = 0; i < 4; i++) {
					int digit = Character.digit(read(), 16);
					if (digit < 0) {
						throw syntaxError("bad \\u escape");
					}
					value = (value << 4) | digit;
				}
				yield (char) value;
			}
			default -> throw syntaxError("bad escape");
		};
	}

	private int nextNonWhitespace() throws IOException {
		int c = read();
		while (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
			c = read();
		}
		return c;
	}

	private int read() throws IOException {
		if (this.position == this.limit) {
			int count = this.in.read(this.buffer, 0, this.buffer.length);
			if (count <= 0) {
				return -1;
			}
			this.position = 0;
			this.limit = count;
		}
		return this.buffer[this.position++];
	}

	private IOException syntaxError(String message) {
		return new IOException("invalid JSON: " + message);
	}

}
