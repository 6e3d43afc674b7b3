package io.github.stacktrace.render;

/**
 * Where a renderer writes the named fields of a report (header facts, thread diagnostics, summary counts), each in
 * its format's syntax. {@link ReportFields} decides which fields there are and their order, once for every format.
 */
interface FieldWriter {

	/**
	 * Writes a number or boolean literal as it is.
	 * @param key the field name
	 * @param literal the literal
	 */
	void literal(String key, String literal);

	/**
	 * Writes a number.
	 * @param key the field name
	 * @param value the value
	 */
	default void number(String key, long value) {
		literal(key, Long.toString(value));
	}

	/**
	 * Writes a boolean.
	 * @param key the field name
	 * @param value the value
	 */
	default void bool(String key, boolean value) {
		literal(key, Boolean.toString(value));
	}

	/**
	 * Writes a word of the report's own vocabulary (a status, a mode, a timestamp), never escaped; as a literal
	 * unless the format says otherwise.
	 * @param key the field name
	 * @param value the value
	 */
	default void token(String key, String value) {
		literal(key, value);
	}

	/**
	 * Writes a value that comes from the application or the JVM and may hold anything, escaped as the format needs.
	 * @param key the field name
	 * @param value the value
	 */
	void text(String key, String value);

}
