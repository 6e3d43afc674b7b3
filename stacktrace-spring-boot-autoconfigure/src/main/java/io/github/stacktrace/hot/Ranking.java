package io.github.stacktrace.hot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.stacktrace.hot.HotThreadsSampler.Candidate;
import io.github.stacktrace.report.ThreadFilter;

/**
 * The ranking at the window's end: the Java threads alive then, by the difference of their measure over the window (a
 * thread that started during it counts from zero, one that ended is not ranked), with the JVM-internal threads. Every
 * ranked thread counts in the totals; only the leading Java threads, as many as a report may look at, become
 * candidates, found in one pass without sorting every thread.
 *
 * @param candidates the leading Java threads and every JVM-internal one, the largest value first, equal ones by id
 * @param measured how many threads were ranked
 * @param total the sum of their values
 */
record Ranking(List<Candidate> candidates, int measured, long total) {

	private static final Comparator<Candidate> BUSIEST_FIRST = Comparator.comparingLong(Candidate::value)
		.reversed()
		.thenComparingLong(Candidate::id);

	/**
	 * Ranks the threads.
	 * @param java the Java threads as read at the window's start and end
	 * @param internal the JVM-internal threads, each with its CPU time over the window
	 * @param filter which threads are ranked
	 * @param javaCandidates how many Java threads at most become candidates
	 * @return the ranking
	 */
	static Ranking of(JavaReadings java, List<NativeTasks.Task> internal, ThreadFilter filter, int javaCandidates) {
		long[] values = java.values(filter);
		int measured = 0;
		long total = 0;
		for (long value : values) {
			if (value >= 0) {
				measured++;
				total += value;
			}
		}
		int[] top = top(values, java.endIds(), javaCandidates);
		List<Candidate> candidates = new ArrayList<>(top.length + internal.size());
		for (int i : top) {
			Thread thread = java.end()[i];
			// The native id is looked up for the threads shown only.
			candidates.add(new Candidate(thread, java.endIds()[i], -1, thread.getName(), values[i]));
		}
		for (NativeTasks.Task task : internal) {
			if (filter.states().isEmpty()
					&& (filter.nameGlob() == null || filter.matches(Thread.State.RUNNABLE, task.name()))) {
				candidates.add(new Candidate(null, -1, task.id(), task.name(), task.cpuNanos()));
				measured++;
				total += task.cpuNanos();
			}
		}
		candidates.sort(BUSIEST_FIRST);
		return new Ranking(candidates, measured, total);
	}

	/**
	 * The indexes of the largest values, the largest first, equal ones by ascending id.
	 * @param values the values, {@code -1} for a thread not ranked
	 * @param ids the ids, index for index
	 * @param count how many at most
	 * @return the indexes
	 */
	static int[] top(long[] values, long[] ids, int count) {
		int[] slots = new int[count];
		int size = 0;
		for (int i = 0; i < values.length; i++) {
			if (values[i] < 0 || (size == count && !ranksBefore(values, ids, i, slots[size - 1]))) {
				continue;
			}
			int at = (size < count) ? size++ : size - 1;
			while (at > 0 && ranksBefore(values, ids, i, slots[at - 1])) {
				slots[at] = slots[at - 1];
				at--;
			}
			slots[at] = i;
		}
		return Arrays.copyOf(slots, size);
	}

	private static boolean ranksBefore(long[] values, long[] ids, int a, int b) {
		return values[a] > values[b] || (values[a] == values[b] && ids[a] < ids[b]);
	}

	/**
	 * One measure of the Java threads at the window's start and at its end, index for index with the threads read then.
	 *
	 * @param startIds the ids of the threads at the start
	 * @param startValues their measure, {@code -1} when not read
	 * @param end the threads at the end
	 * @param endIds their ids
	 * @param endValues their measure, {@code -1} for a thread that ended
	 */
	record JavaReadings(long[] startIds, long[] startValues, Thread[] end, long[] endIds,
			long[] endValues) {

		/**
		 * The value of each thread alive at the end over the window.
		 * @param filter which threads are ranked
		 * @return per thread at the end, its value, or {@code -1} when it is not ranked
		 */
		long[] values(ThreadFilter filter) {
			boolean everyThread = filter.states().isEmpty() && filter.nameGlob() == null;
			long[] values = new long[this.end.length];
			Map<Long, Long> startById = null;
			for (int i = 0; i < values.length; i++) {
				Thread thread = this.end[i];
				if (this.endValues[i] < 0 || (!everyThread && !filter.matches(thread.getState(), thread.getName()))) {
					values[i] = -1;
					continue;
				}
				long start;
				// The same threads in the same order, unless one started or ended.
				if (i < this.startIds.length && this.startIds[i] == this.endIds[i]) {
					start = this.startValues[i];
				}
				else {
					if (startById == null) {
						startById = new HashMap<>(this.startIds.length * 2);
						for (int j = 0; j < this.startIds.length; j++) {
							startById.put(this.startIds[j], this.startValues[j]);
						}
					}
					start = startById.getOrDefault(this.endIds[i], 0L);
				}
				values[i] = Math.max(0, this.endValues[i] - Math.max(0, start));
			}
			return values;
		}

	}

}
