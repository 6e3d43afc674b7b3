package io.github.stacktrace.report;

/**
 * How a hot-threads measure was estimated for a thread the JVM keeps no counter for (a virtual thread): from its state
 * ({@link Thread#getState()}) at evenly spaced instants of the window, each instant standing for an equal share of it.
 * The estimate is exact to one share per change of state between instants.
 *
 * @param instantsInState at how many instants the thread was in the measured state ({@code WAITING} or
 * {@code TIMED_WAITING} for wait, {@code BLOCKED} for block)
 * @param instantsSampled at how many instants the thread was sampled: every instant of the window, or fewer for a
 * thread that started serving during it
 * @since 0.1.0
 */
public record SampledMeasure(int instantsInState, int instantsSampled) {

	/**
	 * Creates a sampled measure.
	 * @param instantsInState at how many instants the thread was in the measured state
	 * @param instantsSampled at how many instants it was sampled, at least {@code instantsInState}
	 */
	public SampledMeasure {
		if (instantsInState < 0 || instantsSampled < instantsInState) {
			throw new IllegalArgumentException("instantsInState must be within [0, instantsSampled]");
		}
	}

}
