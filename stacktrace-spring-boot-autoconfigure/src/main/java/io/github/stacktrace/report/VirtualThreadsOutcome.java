package io.github.stacktrace.report;

/**
 * How a report's virtual threads were looked for: the {@code virtual_threads} header. The failures come with a
 * notice that says why.
 *
 * @since 0.1.0
 */
public enum VirtualThreadsOutcome implements ReportName {

	/** Not part of this report (a report built without looking): the header says nothing. */
	NOT_LOOKED_FOR,

	/** The JDK's thread dump was read: the report lists the virtual threads the request covers. */
	INCLUDED,

	/** The request excluded virtual threads: no thread dump was taken. */
	EXCLUDED,

	/** Every thread the request named is a platform thread: no thread dump was needed. */
	NOT_NEEDED,

	/** The JDK has no virtual threads (before Java 21). */
	UNSUPPORTED,

	/**
	 * The JDK has virtual threads, but taking its thread dump is turned off ({@code stacktrace.virtual-threads.dump}):
	 * by default on Java 25 and later, where the dump can crash the JVM. The capture service reports {@link #TRACKED}
	 * then; this value remains for reports built without it.
	 */
	DISABLED,

	/**
	 * The JDK's thread dump is turned off: the report lists the virtual threads the application tracks (those serving
	 * a request or running a Spring task), each taken on its own, and says that others are not listed.
	 */
	TRACKED,

	/**
	 * The thread dump did not finish, or could not be read, within the request's budget; or the dump another request
	 * started was still running when the budget ran out (one dump runs at a time in a JVM).
	 */
	TIMEOUT,

	/**
	 * Too little free disk space for the JDK to write its thread dump: none was taken. The space asked for is twice
	 * what the last dump reached, a failed one included, and at least 256 MB.
	 */
	LOW_DISK_SPACE,

	/** The JDK failed to write its thread dump, or it could not be read. */
	CAPTURE_ERROR;

	/**
	 * The header's value.
	 * @param javaFeature the running JDK's feature release, named when virtual threads are unsupported
	 * @return e.g. {@code included} or {@code unsupported (Java 17)}
	 */
	public String headerValue(int javaFeature) {
		return (this == UNSUPPORTED) ? "unsupported (Java " + javaFeature + ")" : reportName();
	}

}
