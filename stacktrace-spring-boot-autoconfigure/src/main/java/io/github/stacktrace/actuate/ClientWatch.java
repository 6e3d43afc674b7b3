package io.github.stacktrace.actuate;

/**
 * Notices, while a request works, that the client which sent it went away, and then interrupts the thread serving it:
 * the capture or hot-threads window gives up, frees its slot at once and ends as cancelled. A request that writes
 * nothing until its report is made would otherwise hold the slot until the end, its client long gone.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ClientWatch {

	/** A watch that notices nothing: a client that went away is seen only when the answer is written. */
	ClientWatch NONE = () -> () -> {
	};

	/**
	 * Starts watching the client of the request the calling thread serves.
	 * @return the watching, to be closed on the same thread once the work is done
	 */
	Watching watchCurrentRequest();

	/**
	 * How to end, from another thread, the connection of the request the calling thread serves, so that a thread
	 * blocked writing the answer to a client that reads nothing returns at once. Where the container offers no way to,
	 * the action does nothing and such a thread waits for the container's own write timeout or for the client to read.
	 * @return the action, to be run only while the request's answer is being written
	 */
	default Runnable connectionCloser() {
		return () -> {
		};
	}

	/**
	 * One request being watched.
	 *
	 * @since 0.1.0
	 */
	@FunctionalInterface
	interface Watching extends AutoCloseable {

		/**
		 * Stops watching. Once it returns, the watch interrupts nothing, and an interrupt it made is cleared, so that
		 * the thread goes back to its server as it came.
		 */
		@Override
		void close();

	}

}
