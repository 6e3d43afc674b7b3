package io.github.stacktrace.capture;

import org.jspecify.annotations.Nullable;

/**
 * Sizes chunks from a model of what one {@code getThreadInfo} call costs: a fixed part (reaching and leaving the
 * safepoint, handing the call to a capture thread) plus a part per thread (walking its stack at the safepoint, then
 * building its {@code ThreadInfo}). A chunk aims at {@link #TARGET_SHARE} of the maximum pause, leaving the rest as
 * headroom for a VM thread that loses its CPU on a busy machine.
 * <p>
 * The model is fitted to the request's latest {@link #WINDOW} chunks: the fixed part by least squares over their
 * sizes (at most half the cheapest call), the part per thread as the highest any of them showed once the fixed part
 * is taken away, so one cheap chunk does not make the next one large. A chunk is at most {@link #MAX_GROWTH} times
 * the previous one, within {@link #MIN_CHUNK}…{@link #MAX_CHUNK}. The model of the previous request sizes the next
 * request's first chunk, at {@link #FIRST_CHUNK_SHARE} of what it allows; before any request, assumed costs do.
 */
final class PauseModelSizer implements ChunkSizer {

	/** The fewest threads a chunk takes, so that the fixed cost of reaching a safepoint is shared. */
	static final int MIN_CHUNK = 16;

	/** The most threads a chunk takes, whatever the pause allowed. */
	static final int MAX_CHUNK = 4096;

	/** How many times larger than the previous one a chunk may be: one cheap measurement is not trusted further. */
	static final int MAX_GROWTH = 2;

	/** The share of the maximum pause one chunk's call aims at. */
	static final double TARGET_SHARE = 0.7;

	/** The share of what the previous request's model allows that a request's first chunk takes. */
	static final double FIRST_CHUNK_SHARE = 0.5;

	/**
	 * The fixed cost of a call assumed before anything is measured: reaching and leaving a safepoint with 2,000
	 * threads took 0.2–0.8 ms on a 2-core machine.
	 */
	static final long ASSUMED_FIXED_NANOS = 500_000;

	/**
	 * The cost per thread assumed before anything is measured: about three times what a FULL capture of a 40-frame
	 * stack costs on Java 17 on a loaded 2-core machine, so the default 5 ms gives 40 threads.
	 */
	static final long ASSUMED_NANOS_PER_THREAD = 75_000;

	/** How many of a request's latest chunks the model is fitted to. */
	static final int WINDOW = 4;

	private final long maxPauseNanos;

	private volatile @Nullable Model learned;

	PauseModelSizer(long maxPauseNanos) {
		this.maxPauseNanos = maxPauseNanos;
	}

	@Override
	public Sizing start() {
		return new RequestSizing();
	}

	@Override
	public ChunkSizer fresh() {
		return new PauseModelSizer(this.maxPauseNanos);
	}

	/**
	 * What one call is aimed to cost.
	 * @return nanoseconds
	 */
	long targetNanos() {
		return (long) (this.maxPauseNanos * TARGET_SHARE);
	}

	/**
	 * The model the latest chunk left, which sizes the next request's first chunk.
	 * @return the model, or {@code null} before any chunk was measured
	 */
	@Nullable Model learned() {
		return this.learned;
	}

	private int firstSize() {
		Model model = this.learned;
		if (model == null) {
			return clamp(new Model(ASSUMED_FIXED_NANOS, ASSUMED_NANOS_PER_THREAD).fits(targetNanos()));
		}
		return clamp((long) (model.fits(targetNanos()) * FIRST_CHUNK_SHARE));
	}

	private static int clamp(long size) {
		return (int) Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, size));
	}

	/**
	 * What a call costs: {@code fixedNanos + nanosPerThread * threads}.
	 *
	 * @param fixedNanos the part every call pays
	 * @param nanosPerThread the part each thread adds
	 */
	record Model(double fixedNanos, double nanosPerThread) {

		/**
		 * How many threads one call may take within a cost.
		 * @param targetNanos the cost
		 * @return the number of threads, 0 when the fixed part alone exceeds it
		 */
		long fits(long targetNanos) {
			double room = targetNanos - this.fixedNanos;
			return (room <= 0) ? 0 : (long) Math.min(Long.MAX_VALUE, room / this.nanosPerThread);
		}

	}

	private final class RequestSizing implements Sizing {

		private final int[] sizes = new int[WINDOW];

		private final long[] nanos = new long[WINDOW];

		private int observed;

		@Override
		public int first() {
			return firstSize();
		}

		@Override
		public int next(int lastSize, long lastNanos) {
			this.sizes[this.observed % WINDOW] = lastSize;
			this.nanos[this.observed % WINDOW] = Math.max(0, lastNanos);
			this.observed++;
			Model model = fit();
			PauseModelSizer.this.learned = model;
			return clamp(Math.min(model.fits(targetNanos()), (long) lastSize * MAX_GROWTH));
		}

		private Model fit() {
			int count = Math.min(this.observed, WINDOW);
			double meanSize = 0;
			double meanNanos = 0;
			long cheapest = Long.MAX_VALUE;
			for (int i = 0; i < count; i++) {
				meanSize += this.sizes[i] / (double) count;
				meanNanos += this.nanos[i] / (double) count;
				cheapest = Math.min(cheapest, this.nanos[i]);
			}
			double covariance = 0;
			double variance = 0;
			for (int i = 0; i < count; i++) {
				covariance += (this.sizes[i] - meanSize) * (this.nanos[i] - meanNanos);
				variance += (this.sizes[i] - meanSize) * (this.sizes[i] - meanSize);
			}
			Model previous = PauseModelSizer.this.learned;
			double fixed = (previous != null) ? previous.fixedNanos() : ASSUMED_FIXED_NANOS;
			if (variance > 0 && covariance > 0) {
				fixed = meanNanos - (covariance / variance) * meanSize;
			}
			// A noisy fit may say anything: the fixed part is never negative nor more than half the cheapest call.
			fixed = Math.max(0, Math.min(fixed, cheapest / 2.0));
			double perThread = 1;
			for (int i = 0; i < count; i++) {
				perThread = Math.max(perThread, (this.nanos[i] - fixed) / this.sizes[i]);
			}
			return new Model(fixed, perThread);
		}

	}

}
