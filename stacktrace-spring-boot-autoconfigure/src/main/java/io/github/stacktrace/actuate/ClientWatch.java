package io.github.stacktrace.actuate;

import java.io.IOException;

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
	 * The connection of the request the calling thread serves, as far as the container lets it be reached: to send
	 * what it still buffers of the answer, and to end it from another thread.
	 * @return the connection; {@link ClientConnection#NONE} where nothing can be done with it
	 */
	default ClientConnection currentConnection() {
		return ClientConnection.NONE;
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

	/**
	 * The connection an answer is being written to.
	 *
	 * @since 0.1.0
	 */
	interface ClientConnection {

		/** A connection nothing can be done with. */
		ClientConnection NONE = new ClientConnection() {

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};

		/**
		 * Sends what the container still buffers of the answer, on the thread writing it: blocks while the client
		 * reads nothing, until {@link #close()} or the container's own write timeout.
		 * @throws IOException when the connection is closed or fails
		 */
		void flush() throws IOException;

		/**
		 * Ends the connection from another thread, so that a thread blocked writing to it returns at once; does
		 * nothing where the container offers no way to, and then such a thread waits for the container's own write
		 * timeout or for the client to read. Run only while the answer is being written.
		 */
		void close();

	}

}
