package io.github.stacktrace.capture;

import java.time.Duration;

/**
 * Internal: public only for hot threads, whose snapshots are chunked by the same sizer as captures (see
 * {@link ThreadInfoChunks}).
 * <p>
 * Chooses how many threads each chunk of a bulk capture takes.
 *
 * @since 0.1.0
 */
public interface ChunkSizer {

	/**
	 * Starts sizing the chunks of one request.
	 * @return the request's sizing
	 */
	Sizing start();

	/**
	 * A sizer with the same settings that has learned nothing yet, for captures whose cost differs from this one's
	 * (e.g. with locked monitors).
	 * @return the sizer
	 */
	ChunkSizer fresh();

	/**
	 * Sizes chunks from a model of what a chunk costs, so that no pause outlasts the one given, with headroom.
	 * @param maxPause the longest pause wanted
	 * @return the sizer
	 * @see PauseModelSizer
	 */
	static ChunkSizer adaptive(Duration maxPause) {
		return new PauseModelSizer(maxPause.toNanos());
	}

	/**
	 * Always the same size, whatever the cost: for tests that need threads in given chunks.
	 * @param size the chunk size
	 * @return the sizer
	 */
	static ChunkSizer fixed(int size) {
		return firstThen(size, size);
	}

	/**
	 * One size for a request's first chunk and another for every later one, whatever the cost: for tests.
	 * @param first the first chunk's size
	 * @param then the size of every later chunk
	 * @return the sizer
	 */
	static ChunkSizer firstThen(int first, int then) {
		Sizing sizing = new Sizing() {

			@Override
			public int first() {
				return first;
			}

			@Override
			public int next(int lastSize, long lastNanos) {
				return then;
			}

		};
		return new ChunkSizer() {

			@Override
			public Sizing start() {
				return sizing;
			}

			@Override
			public ChunkSizer fresh() {
				return this;
			}

		};
	}

	/**
	 * The sizes of one request's chunks.
	 */
	interface Sizing {

		/**
		 * The first chunk's size.
		 * @return how many threads it takes
		 */
		int first();

		/**
		 * The next chunk's size.
		 * @param lastSize how many threads the previous chunk took
		 * @param lastNanos how long its call took
		 * @return how many threads the next one takes
		 */
		int next(int lastSize, long lastNanos);

	}

}
