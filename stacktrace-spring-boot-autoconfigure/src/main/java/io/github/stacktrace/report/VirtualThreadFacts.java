package io.github.stacktrace.report;

import org.jspecify.annotations.Nullable;

/**
 * What a thread's section says about virtual threads: that it is one, the container that owns it and the carrier it
 * is mounted on; or, for a platform thread, the virtual thread it is carrying. Facts as the JDK's thread dump gives
 * them, at the dump's moment.
 *
 * @param virtual whether the thread is a virtual thread
 * @param container the thread container that owns a virtual thread, as the JDK names it, or {@code null}
 * @param carrierId the id of the platform thread a virtual thread is mounted on, or {@code -1} when unmounted
 * @param carryingId the id of the virtual thread a platform thread is running, or {@code -1}
 * @since 0.1.0
 */
public record VirtualThreadFacts(boolean virtual, @Nullable String container, long carrierId, long carryingId) {

	/**
	 * The facts of a virtual thread.
	 * @param container the container that owns it, or {@code null} when the JDK names none
	 * @param carrierId the id of its carrier, or {@code -1} when it is not mounted
	 * @return the facts
	 */
	public static VirtualThreadFacts ofVirtual(@Nullable String container, long carrierId) {
		return new VirtualThreadFacts(true, container, carrierId, -1);
	}

	/**
	 * The facts of a platform thread that is running a virtual thread.
	 * @param carryingId the virtual thread's id
	 * @return the facts
	 */
	public static VirtualThreadFacts carrierOf(long carryingId) {
		return new VirtualThreadFacts(false, null, -1, carryingId);
	}

}
