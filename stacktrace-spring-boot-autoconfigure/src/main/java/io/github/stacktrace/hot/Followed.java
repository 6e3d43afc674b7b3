package io.github.stacktrace.hot;

import java.util.Set;

import io.github.stacktrace.report.ThreadFilter;

/**
 * The threads whose measure is read at an instant within the window, with their ids and their measure at the
 * window's start, index for index: every thread at the first instant, then only the ones leading it.
 *
 * @param threads the threads
 * @param ids their Java ids
 * @param startValues their measure at the window's start
 */
record Followed(Thread[] threads, long[] ids, long[] startValues) {

	/**
	 * The threads leading at the first instant, the largest difference first. The state filter is left to each
	 * instant: a thread waiting at the first may run at the next.
	 * @param values the measure of every thread at the first instant
	 * @param count how many threads to keep following
	 * @param filter the request's filter
	 * @return the threads to follow
	 */
	Followed narrowTo(long[] values, int count, ThreadFilter filter) {
		if (count >= this.threads.length) {
			return this;
		}
		ThreadFilter byName = new ThreadFilter(Set.of(), filter.nameGlob());
		int[] kept = Leaders.indexes(this.threads, this.startValues, values, count, byName);
		Thread[] threads = new Thread[kept.length];
		long[] ids = new long[kept.length];
		long[] startValues = new long[kept.length];
		for (int i = 0; i < kept.length; i++) {
			threads[i] = this.threads[kept[i]];
			ids[i] = this.ids[kept[i]];
			startValues[i] = this.startValues[kept[i]];
		}
		return new Followed(threads, ids, startValues);
	}

}
