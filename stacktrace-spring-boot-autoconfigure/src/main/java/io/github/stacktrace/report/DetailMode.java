package io.github.stacktrace.report;

/**
 * How much detail a rendered frame carries, from a bare method name to the JVM's full frame and lock detail.
 *
 * @since 0.1.0
 */
public enum DetailMode implements ReportName {

	/** {@code pkg.Class.method} only: no file or line, stable across builds. */
	DISABLED,

	/** {@code pkg.Class.method(File.java:123)}, {@code (Native Method)} or {@code (Unknown Source)}. */
	FAST,

	/** FAST plus class-loader and module prefixes, the thread's state detail and its lock lines. */
	FULL,

	/** FULL plus the per-thread counters and flags the JVM's management interface reports. */
	FULL_WITH_INLINE;


	/**
	 * Whether this mode shows lock lines and state details, which need the JVM's lock information.
	 * @return {@code true} for FULL and FULL_WITH_INLINE
	 */
	public boolean includesLocks() {
		return this == FULL || this == FULL_WITH_INLINE;
	}

}
