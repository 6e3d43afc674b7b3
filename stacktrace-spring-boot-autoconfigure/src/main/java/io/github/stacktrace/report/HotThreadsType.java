package io.github.stacktrace.report;

/**
 * What a hot-threads request ranks threads by, over its window.
 *
 * @since 0.1.0
 */
public enum HotThreadsType implements ReportName {

	/** CPU time, in nanoseconds. */
	CPU("cpu"),

	/** Time spent waiting ({@code WAITING} or {@code TIMED_WAITING}), in nanoseconds. */
	WAIT("waited"),

	/** Time spent blocked entering a monitor, in nanoseconds. */
	BLOCK("blocked"),

	/** Bytes allocated on the heap. */
	ALLOC("alloc");

	private final String measure;

	HotThreadsType(String measure) {
		this.measure = measure;
	}

	/**
	 * The name of the measured value in a report, e.g. {@code cpu} or {@code blocked}.
	 * @return the measure's name
	 */
	public String measure() {
		return this.measure;
	}

	/**
	 * Whether the measured value is a time, as opposed to a number of bytes.
	 * @return {@code true} for every type but {@link #ALLOC}
	 */
	public boolean isTime() {
		return this != ALLOC;
	}

}
