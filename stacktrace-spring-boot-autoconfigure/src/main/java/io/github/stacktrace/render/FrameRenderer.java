package io.github.stacktrace.render;

import java.util.List;

import io.github.stacktrace.report.DetailMode;

/**
 * Renders frames for a detail mode: as text lines, as a JSON array of frame objects, or folded into one line.
 */
final class FrameRenderer {

	private FrameRenderer() {
	}

	/**
	 * Renders {@code size} frames from {@code offset}, one line each, every line ending with a newline.
	 * @param frames the stack
	 * @param offset the first frame to render
	 * @param size how many frames to render
	 * @param mode the detail mode
	 * @return the rendered lines
	 */
	static String render(List<StackTraceElement> frames, int offset, int size, DetailMode mode) {
		StringBuilder out = new StringBuilder(size * 64);
		for (int i = offset; i < offset + size; i++) {
			int lineStart = out.length();
			appendFrame(out, frames.get(i), mode);
			guardLineStart(out, lineStart);
			out.append('\n');
		}
		return out.toString();
	}

	/**
	 * Renders {@code size} frames from {@code offset} as {@code jstack} prints them: one {@code \tat <frame>} line
	 * each. The prefix already tells a frame line from every other line, so no line start needs a guard.
	 * @param frames the stack
	 * @param offset the first frame to render
	 * @param size how many frames to render
	 * @param mode the detail mode
	 * @return the rendered lines
	 */
	static String renderJstack(List<StackTraceElement> frames, int offset, int size, DetailMode mode) {
		StringBuilder out = new StringBuilder(size * 68);
		for (int i = offset; i < offset + size; i++) {
			out.append("\tat ");
			appendFrame(out, frames.get(i), mode);
			out.append('\n');
		}
		return out.toString();
	}

	/**
	 * Escapes the first character of a frame line that would otherwise read as a line of the report's own grammar:
	 * a section ({@code -----}), a lock line ({@code "  - "}), {@code <no stack captured>}, or a {@code key:} line
	 * ({@code summary:}, {@code threads:}, a header). Class, loader and module names are the application's, and the
	 * JVM accepts nearly any text in them.
	 */
	private static void guardLineStart(StringBuilder out, int lineStart) {
		if (lineStart == out.length()) {
			return;
		}
		char first = out.charAt(lineStart);
		boolean structural = first == '-' || first == ' ' || first == '<';
		if (!structural) {
			int i = lineStart;
			while (i < out.length() && (isAsciiLetter(out.charAt(i)) || out.charAt(i) == '_')) {
				i++;
			}
			structural = i > lineStart && i < out.length() && out.charAt(i) == ':';
		}
		if (structural) {
			StringBuilder escaped = new StringBuilder(6);
			TextEscaper.appendUnicodeEscape(escaped, first);
			out.replace(lineStart, lineStart + 1, escaped.toString());
		}
	}

	private static boolean isAsciiLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	/**
	 * Appends one frame, without a newline.
	 * @param out where to append
	 * @param frame the frame
	 * @param mode the detail mode
	 */
	static void appendFrame(StringBuilder out, StackTraceElement frame, DetailMode mode) {
		if (mode == DetailMode.FULL || mode == DetailMode.FULL_WITH_INLINE) {
			out.append(TextEscaper.escape(frame.toString()));
			return;
		}
		out.append(TextEscaper.escape(frame.getClassName())).append('.')
			.append(TextEscaper.escape(frame.getMethodName()));
		if (mode == DetailMode.DISABLED) {
			return;
		}
		out.append('(');
		if (frame.isNativeMethod()) {
			out.append("Native Method");
		}
		else if (frame.getFileName() == null) {
			out.append("Unknown Source");
		}
		else {
			out.append(TextEscaper.escape(frame.getFileName()));
			if (frame.getLineNumber() >= 0) {
				out.append(':').append(frame.getLineNumber());
			}
		}
		out.append(')');
	}

	/**
	 * Renders the frames as a JSON array of frame objects.
	 * @param frames the stack
	 * @param mode the detail mode
	 * @return the JSON array
	 */
	static String renderJson(List<StackTraceElement> frames, DetailMode mode) {
		StringBuilder out = new StringBuilder(2 + frames.size() * 128);
		JsonWriter json = new JsonWriter(out).beginArray();
		for (StackTraceElement frame : frames) {
			json.beginObject();
			writeJsonFields(json, frame, mode);
			json.endObject();
		}
		json.endArray();
		return out.toString();
	}

	/**
	 * Writes the fields of one frame object, as far as the mode allows, without opening or closing the object.
	 * @param json where to write
	 * @param frame the frame
	 * @param mode the detail mode
	 */
	static void writeJsonFields(JsonWriter json, StackTraceElement frame, DetailMode mode) {
		json.field("class", frame.getClassName()).field("method", frame.getMethodName());
		if (mode != DetailMode.DISABLED) {
			if (frame.getFileName() != null) {
				json.field("file", frame.getFileName());
			}
			if (frame.getLineNumber() >= 0) {
				json.field("line", frame.getLineNumber());
			}
			json.field("native", frame.isNativeMethod());
		}
		if (mode.includesLocks()) {
			if (frame.getModuleName() != null) {
				json.field("module", frame.getModuleName());
			}
			if (frame.getModuleVersion() != null) {
				json.field("module_version", frame.getModuleVersion());
			}
			if (frame.getClassLoaderName() != null) {
				json.field("class_loader", frame.getClassLoaderName());
			}
		}
	}

	/**
	 * Folds the frames into one line, root frame first, joined by {@code ;}. A frame's own {@code ;} becomes
	 * {@code :} and its spaces {@code _}: {@code ;} separates frames and the last space separates the count.
	 * @param frames the stack, top frame first
	 * @param mode the detail mode
	 * @return the folded line, without a count or a newline
	 */
	static String renderFolded(List<StackTraceElement> frames, DetailMode mode) {
		StringBuilder line = new StringBuilder(frames.size() * 64);
		StringBuilder frame = new StringBuilder(128);
		for (int i = frames.size() - 1; i >= 0; i--) {
			frame.setLength(0);
			appendFrame(frame, frames.get(i), mode);
			for (int c = 0; c < frame.length(); c++) {
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
