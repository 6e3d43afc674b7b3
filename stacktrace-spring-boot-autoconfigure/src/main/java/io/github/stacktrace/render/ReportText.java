package io.github.stacktrace.render;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A rendered report kept as the pieces it was made of: short strings written for this report, and frame blocks
 * shared with the render cache. Joining them costs one copy of the report; streaming them as UTF-8 costs none, so a
 * large report is written out without ever being held whole.
 *
 * @since 0.1.0
 */
public final class ReportText {

	private static final int MAX_PENDING = 8192;

	private final List<String> parts = new ArrayList<>();

	private final StringBuilder pending = new StringBuilder(256);

	private long length;

	// Only the renderers of this package fill a report text; others get one from a renderer or from of(String).
	ReportText() {
	}

	/**
	 * A report made of one piece of text, e.g. rendered elsewhere.
	 * @param text the text
	 * @return the report text
	 */
	public static ReportText of(String text) {
		return new ReportText().appendShared(text);
	}

	ReportText append(String text) {
		this.pending.append(text);
		flushIfLarge();
		return this;
	}

	ReportText append(char c) {
		this.pending.append(c);
		return this;
	}

	ReportText append(long value) {
		this.pending.append(value);
		return this;
	}

	ReportText append(boolean value) {
		this.pending.append(value);
		return this;
	}

	ReportText append(Object value) {
		return append(String.valueOf(value));
	}

	/**
	 * Appends a string kept by reference, such as a cached frame block.
	 */
	ReportText appendShared(String text) {
		if (text.length() < 64) {
			return append(text);
		}
		flush();
		this.parts.add(text);
		this.length += text.length();
		return this;
	}

	/**
	 * The builder short pieces are collected in before they become a part; a writer may append to it directly and
	 * call {@link #flushIfLarge()} now and then.
	 */
	StringBuilder pending() {
		return this.pending;
	}

	void flushIfLarge() {
		if (this.pending.length() >= MAX_PENDING) {
			flush();
		}
	}

	private void flush() {
		if (this.pending.length() > 0) {
			this.parts.add(this.pending.toString());
			this.length += this.pending.length();
			this.pending.setLength(0);
		}
	}

	/**
	 * How many characters the report has.
	 * @return the length in characters
	 */
	public long length() {
		flush();
		return this.length;
	}

	/**
	 * The whole report as one string.
	 * @return the text
	 */
	@Override
	public String toString() {
		flush();
		return String.join("", this.parts);
	}

	/**
	 * The report as a stream of UTF-8 bytes, encoded piece by piece into a small buffer.
	 * @return a new stream over the report
	 */
	public InputStream openUtf8Stream() {
		flush();
		return new Utf8Stream(List.copyOf(this.parts));
	}

	private static final class Utf8Stream extends InputStream {

		private final List<String> parts;

		// Half a surrogate pair cannot be encoded: it becomes U+FFFD, as the renderers already write it.
		private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
			.onMalformedInput(CodingErrorAction.REPLACE)
			.onUnmappableCharacter(CodingErrorAction.REPLACE)
			.replaceWith(new byte[] { (byte) 0xef, (byte) 0xbf, (byte) 0xbd });

		// Characters are copied into an array-backed buffer: the encoder's fast ASCII path needs one.
		private final char[] chars = new char[8192];

		private final CharBuffer charBuffer = CharBuffer.wrap(this.chars);

		private final ByteBuffer bytes = ByteBuffer.allocate(16 * 1024);

		private int part;

		private int partOffset;

		private boolean inputDone;

		private boolean finished;

		Utf8Stream(List<String> parts) {
			this.parts = parts;
			this.charBuffer.limit(0);
			this.bytes.limit(0);
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (length == 0) {
				return 0;
			}
			if (!this.bytes.hasRemaining() && !fill()) {
				return -1;
			}
			int count = Math.min(length, this.bytes.remaining());
			this.bytes.get(buffer, offset, count);
			return count;
		}

		private boolean fill() {
			this.bytes.clear();
			while (!this.finished) {
				if (this.encoder.encode(this.charBuffer, this.bytes, this.inputDone).isOverflow()) {
					break;
				}
				if (this.inputDone) {
					this.encoder.flush(this.bytes);
					this.finished = true;
					break;
				}
				loadChars();
			}
			this.bytes.flip();
			return this.bytes.hasRemaining();
		}

		// Keeps what the encoder left (half a surrogate pair) and appends the next characters after it.
		private void loadChars() {
			this.charBuffer.compact();
			while (this.charBuffer.hasRemaining() && this.part < this.parts.size()) {
				String text = this.parts.get(this.part);
				int count = Math.min(this.charBuffer.remaining(), text.length() - this.partOffset);
				text.getChars(this.partOffset, this.partOffset + count, this.chars, this.charBuffer.position());
				this.charBuffer.position(this.charBuffer.position() + count);
				this.partOffset += count;
				if (this.partOffset == text.length()) {
					this.part++;
					this.partOffset = 0;
				}
			}
			this.inputDone = this.part == this.parts.size();
			this.charBuffer.flip();
		}

	}

}
