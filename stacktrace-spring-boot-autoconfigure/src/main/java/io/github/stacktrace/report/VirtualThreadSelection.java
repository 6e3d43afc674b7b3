package io.github.stacktrace.report;

/**
 * Which threads a request covers by kind: the {@code virtual} parameter. Virtual threads exist on Java 21 and later;
 * on earlier JDKs every selection covers the platform threads only.
 *
 * @since 0.1.0
 */
public enum VirtualThreadSelection implements ReportName {

	/** Platform and virtual threads. */
	INCLUDE,

	/** Platform threads only: no thread dump is taken. */
	EXCLUDE,

	/** Virtual threads only. */
	ONLY;

	/**
	 * Whether platform threads are covered.
	 * @return {@code true} unless {@link #ONLY}
	 */
	public boolean coversPlatformThreads() {
		return this != ONLY;
	}

	/**
	 * Whether virtual threads are covered.
	 * @return {@code true} unless {@link #EXCLUDE}
	 */
	public boolean coversVirtualThreads() {
		return this != EXCLUDE;
	}

}
