package io.github.stacktrace.capture;

import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Internal: public only for hot threads, whose snapshots on Java 17 to 20 are taken the way chunked captures take
 * their stacks.
 * <p>
 * Takes the stacks of many threads with {@link ThreadMXBean#getThreadInfo(long[], boolean, boolean, int)} a chunk at
 * a time. Each call is one safepoint, which stops every thread of the application while the JVM walks the chunk's
 * stacks; each chunk is sized by the {@link ChunkSizer} of the chunked capture in the FAST modes (the same call, so
 * the same cost per thread), which learns from the chunks of both, so that no pause outlasts
 * {@code stacktrace.max-pause} whichever of them asks for the stacks. The application runs between chunks.
 *
 * @since 0.1.0
 */
public final class ThreadInfoChunks {

	private final ThreadMXBean threads;

	private final ChunkSizer sizer;

	/**
	 * Creates chunks sized by a sizer.
	 * @param threads the JVM's thread bean
	 * @param sizer the sizer, shared with the chunked capture
	 */
	public ThreadInfoChunks(ThreadMXBean threads, ChunkSizer sizer) {
		this.threads = threads;
		this.sizer = sizer;
	}

	/**
	 * Starts the chunks of one request: its first chunk is sized from what earlier requests measured, the later ones
	 * from what this one measures too.
	 * @return the request's walk
	 */
	public Walk start() {
		return new Walk(this.sizer.start());
	}

	/**
	 * The chunks of one request, over as many calls of {@link #getThreadInfo} as it makes. Not thread-safe.
	 */
	public final class Walk {

		private final ChunkSizer.Sizing sizing;

		private int nextSize;

		private int safepointPauses;

		private Walk(ChunkSizer.Sizing sizing) {
			this.sizing = sizing;
			this.nextSize = sizing.first();
		}

		/**
		 * Takes the whole stack of each thread, without lock information, a chunk at a time.
		 * @param ids the threads' ids
		 * @return per id, in order, its information, or {@code null} when no live thread has it
		 */
		public ThreadInfo[] getThreadInfo(long[] ids) {
			ThreadInfo[] infos = new ThreadInfo[ids.length];
			int from = 0;
			while (from < ids.length) {
				int size = Math.min(Math.max(1, this.nextSize), ids.length - from);
				long[] chunk = new long[size];
				System.arraycopy(ids, from, chunk, 0, size);
				this.safepointPauses++;
				long started = System.nanoTime();
				ThreadInfo[] answer = ThreadInfoChunks.this.threads.getThreadInfo(chunk, false, false,
						Integer.MAX_VALUE);
				this.nextSize = this.sizing.next(size, System.nanoTime() - started);
				System.arraycopy(answer, 0, infos, from, size);
				from += size;
			}
			return infos;
		}

		/**
		 * How many safepoints the calls of this walk caused: one per chunk.
		 * @return the count
		 */
		public int safepointPauses() {
			return this.safepointPauses;
		}

	}

}
