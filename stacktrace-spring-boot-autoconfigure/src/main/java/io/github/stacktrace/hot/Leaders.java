package io.github.stacktrace.hot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.stacktrace.report.ThreadFilter;

/**
 * The threads leading the ranking so far within a window: the few with the largest difference between two readings of
 * the measure, found in one pass without sorting every thread. The filter is checked only for a thread that would
 * enter the leaders, since it reads the thread's state.
 */
final class Leaders {

	private Leaders() {
	}

	/**
	 * Finds the leaders.
	 * @param threads the threads, as read at the window's start
	 * @param startValues per thread, its measure at the window's start, or {@code -1}
	 * @param values per thread, its measure now, or {@code -1} for a thread that ended
	 * @param count how many leaders at most
	 * @param filter which threads may lead
	 * @return the leaders, the largest difference first, equal ones in the threads' order
	 */
	static List<Thread> of(Thread[] threads, long[] startValues, long[] values, int count, ThreadFilter filter) {
		int[] slots = indexes(threads, startValues, values, count, filter);
		List<Thread> leaders = new ArrayList<>(slots.length);
		for (int slot : slots) {
			leaders.add(threads[slot]);
		}
		return leaders;
	}

	/**
	 * Finds the leaders, as {@link #of} does, by their index.
	 * @param threads the threads, as read at the window's start
	 * @param startValues per thread, its measure at the window's start, or {@code -1}
	 * @param values per thread, its measure now, or {@code -1} for a thread that ended
	 * @param count how many leaders at most
	 * @param filter which threads may lead
	 * @return the indexes of the leaders, the largest difference first, equal ones in the threads' order
	 */
	static int[] indexes(Thread[] threads, long[] startValues, long[] values, int count, ThreadFilter filter) {
		int[] slots = new int[count];
		long[] deltas = new long[count];
		int size = 0;
		for (int i = 0; i < threads.length; i++) {
			if (values[i] < 0) {
				continue;
			}
			long delta = Math.max(0, values[i] - Math.max(0, startValues[i]));
			if (size == count && delta <= deltas[size - 1]) {
				continue;
			}
			Thread thread = threads[i];
			if (!filter.matches(thread.getState(), thread.getName())) {
				continue;
			}
			int at = (size < count) ? size++ : size - 1;
			while (at > 0 && deltas[at - 1] < delta) {
				slots[at] = slots[at - 1];
				deltas[at] = deltas[at - 1];
				at--;
			}
			slots[at] = i;
			deltas[at] = delta;
		}
		return (size == count) ? slots : Arrays.copyOf(slots, size);
	}

}
