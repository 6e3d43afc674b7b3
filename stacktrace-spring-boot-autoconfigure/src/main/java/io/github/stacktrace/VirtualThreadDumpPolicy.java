package io.github.stacktrace;

/**
 * Whether a capture may take the JDK's thread dump ({@code HotSpotDiagnosticMXBean#dumpThreads}), the only public
 * source of the virtual threads.
 * <p>
 * On Java 25 the dump walks each virtual thread with a thread snapshot that is not safe against the thread mounting
 * or unmounting meanwhile: with virtual threads parking and unparking, a dump can crash the JVM (JDK-8364343,
 * {@code SIGSEGV} in {@code stackChunkOopDesc::sender} or {@code vframeStream} under {@code JVM_CreateThreadSnapshot};
 * reproduced on 25.0.3 within a second with 1,000 virtual threads parking in a loop). Java 21 to 24 build the dump
 * from {@code Thread#getStackTrace}, which is safe. {@link #AUTO} therefore takes the dump on Java 21 to 24 only.
 *
 * @since 0.1.0
 */
public enum VirtualThreadDumpPolicy {

	/** Take the dump where it is known to be safe: Java 21 to 24. */
	AUTO,

	/** Take the dump on every JDK that has it (Java 21 and later), Java 25's crash risk included. */
	ALWAYS,

	/** Never take the dump: reports list platform threads only. */
	NEVER;

	/** The first Java release whose thread dump walks virtual threads with the unsafe snapshot. */
	public static final int FIRST_UNSAFE_RELEASE = 25;

	/**
	 * Whether the dump may be taken on a Java release.
	 * @param javaFeature the feature release, e.g. {@code 25}
	 * @return {@code true} when this policy takes the dump there (whether the JDK has one is another matter)
	 */
	public boolean allowsOn(int javaFeature) {
		return switch (this) {
			case AUTO -> javaFeature < FIRST_UNSAFE_RELEASE;
			case ALWAYS -> true;
			case NEVER -> false;
		};
	}

	/**
	 * Whether the dump may be taken on the running JVM.
	 * @return {@code true} when this policy takes the dump here
	 */
	public boolean allowsHere() {
		return allowsOn(Runtime.version().feature());
	}

}
