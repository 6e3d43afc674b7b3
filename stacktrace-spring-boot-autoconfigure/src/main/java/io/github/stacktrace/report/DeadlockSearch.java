package io.github.stacktrace.report;

import java.util.List;
import java.util.Objects;

/**
 * Whether a capture looked for deadlocks and what it found: not looked for (only the FULL modes look, it costs a
 * safepoint), unknown (no answer within the request's budget), or the cycles found, possibly none.
 *
 * @param result which of the three it is
 * @param cycles the thread ids of each cycle, in wait order; empty unless {@link Result#LOOKED}
 * @since 0.1.0
 */
public record DeadlockSearch(Result result, List<List<Long>> cycles) {

	/** Deadlocks were not looked for. */
	public static final DeadlockSearch NOT_LOOKED_FOR = new DeadlockSearch(Result.NOT_LOOKED_FOR, List.of());

	/** Deadlocks were looked for, but no answer came in time. */
	public static final DeadlockSearch UNKNOWN = new DeadlockSearch(Result.UNKNOWN, List.of());

	/**
	 * Creates a search result.
	 * @param result which of the three it is
	 * @param cycles the thread ids of each cycle, in wait order; empty unless {@link Result#LOOKED}
	 * @throws IllegalArgumentException if a search that did not look has cycles
	 */
	public DeadlockSearch {
		Objects.requireNonNull(result, "result");
		cycles = cycles.stream().map(List::copyOf).toList();
		if (result != Result.LOOKED && !cycles.isEmpty()) {
			throw new IllegalArgumentException("only a search that looked has cycles");
		}
	}

	/**
	 * The outcome of a search that looked.
	 * @param cycles the cycles found, empty when there is none
	 * @return the search
	 */
	public static DeadlockSearch found(List<List<Long>> cycles) {
		return new DeadlockSearch(Result.LOOKED, cycles);
	}

	/**
	 * Whether the thread is part of a deadlock cycle.
	 * @param threadId the thread id
	 * @return {@code true} when a cycle found contains it
	 */
	public boolean involves(long threadId) {
		for (List<Long> cycle : this.cycles) {
			if (cycle.contains(threadId)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What a deadlock search came to.
	 *
	 * @since 0.1.0
	 */
	public enum Result {

		/** Not looked for. */
		NOT_LOOKED_FOR,

		/** Looked for, no answer in time. */
		UNKNOWN,

		/** Looked for and answered. */
		LOOKED

	}

}
