package io.github.stacktrace.hot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.hot.HotThreadsSampler.Candidate;
import io.github.stacktrace.report.HotThread;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.SampledMeasure;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.VirtualThreadSampling;
import org.jspecify.annotations.Nullable;

/**
 * Estimates how long each tracked virtual thread (serving a request or running a Spring task,
 * {@link RequestContextRegistry#forEachServingVirtualThread}) waits or blocks over a hot-threads window. The JVM
 * keeps no waited or blocked time for a virtual thread ({@code ThreadMXBean} does not know them), so at each snapshot
 * instant of the window the state of every tracked virtual thread is read with {@link Thread#getState()}, which
 * reads a field and stops nothing, and a thread's value is the share of the window's instants it was seen
 * {@code WAITING} or {@code TIMED_WAITING} (wait) or {@code BLOCKED} (block): each instant stands for
 * {@code window / instants}, so the estimate is exact to one such share per change of state between instants. A
 * measured counter and an estimate of that precision do not order each other honestly, so the virtual threads are
 * ranked apart and left out of the totals. Only the leaders get stacks: as the platform threads', within the window
 * at each instant, and at its end for the threads shown.
 * <p>
 * The cost is one walk of the registry and one state read per tracked virtual thread per instant, neither
 * allocating, and a few counters per thread for the window; stacks are taken of the leaders only, whatever the
 * number of virtual threads.
 */
final class VirtualThreadStates {

	/** Why a {@code cpu} or {@code alloc} report shows no virtual thread. */
	static final String ON_CARRIERS_NOTICE = "virtual threads have no CPU time nor allocated bytes of their own: what"
			+ " they use is counted on the carrier threads that ran them (ForkJoinPool-1-worker-N, ranked here with"
			+ " the carrier's own stack) and is not broken down per virtual thread; the JVM keeps no such counter per"
			+ " virtual thread and does not tell which virtual thread a carrier runs";

	private static final boolean VIRTUAL_THREADS = Runtime.version().feature() >= 21;

	private static final String CARRIER_CLASS = "jdk.internal.misc.CarrierThread";

	private final RequestContextRegistry registry;

	private final HotThreadsType type;

	private final long selfId;

	// By identity: the walk at every instant then boxes no id and allocates nothing for a thread already known.
	private final Map<Thread, Sampled> sampled = new IdentityHashMap<>();

	private int instants;

	VirtualThreadStates(RequestContextRegistry registry, HotThreadsType type, long selfId) {
		this.registry = registry;
		this.type = type;
		this.selfId = selfId;
	}

	/**
	 * Starts the sampling of a window where it is honest: for {@code wait} and {@code block} on Java 21 and later.
	 * For {@code cpu} and {@code alloc}, where virtual threads have run (a carrier thread is alive), says in a notice
	 * why they are not shown.
	 * @param type the measure
	 * @param registry the tracked threads
	 * @param platform the live platform threads at the window's start
	 * @param notices where to say it
	 * @return the sampling, or {@code null} when virtual threads are not sampled
	 */
	static @Nullable VirtualThreadStates start(HotThreadsType type, RequestContextRegistry registry, Thread[] platform,
			List<String> notices) {
		if (!VIRTUAL_THREADS) {
			return null;
		}
		if (type == HotThreadsType.CPU || type == HotThreadsType.ALLOC) {
			if (hasCarrier(platform)) {
				notices.add(ON_CARRIERS_NOTICE);
			}
			return null;
		}
		return new VirtualThreadStates(registry, type, HotThreadsSampler.idOf(Thread.currentThread()));
	}

	/** Whether a carrier thread of the virtual-thread scheduler is alive: virtual threads ran within its keep-alive. */
	static boolean hasCarrier(Thread[] platform) {
		for (Thread thread : platform) {
			if (thread.getClass().getName().equals(CARRIER_CLASS)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Reads the state of every tracked virtual thread at one instant of the window.
	 */
	void sample() {
		int instant = ++this.instants;
		this.registry.forEachServingVirtualThread((thread, id) -> {
			if (id == this.selfId) {
				return;
			}
			Thread.State state = thread.getState();
			if (state == Thread.State.TERMINATED) {
				return;
			}
			Sampled entry = this.sampled.get(thread);
			if (entry == null) {
				entry = new Sampled(thread, id);
				this.sampled.put(thread, entry);
			}
			entry.instants++;
			entry.lastInstant = instant;
			entry.lastState = state;
			if (inMeasuredState(state)) {
				entry.inState++;
			}
		});
	}

	private boolean inMeasuredState(Thread.State state) {
		return (this.type == HotThreadsType.BLOCK) ? state == Thread.State.BLOCKED
				: state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
	}

	/**
	 * The threads leading so far, among those seen at the last instant and passing the filter by their state then.
	 * @param count how many at most
	 * @param filter the request's filter
	 * @return the leaders, most instants in the measured state first
	 */
	List<Thread> leaders(int count, ThreadFilter filter) {
		List<Thread> leaders = new ArrayList<>();
		for (Sampled entry : top(count, filter)) {
			leaders.add(entry.thread);
		}
		return leaders;
	}

	/**
	 * The ranking at the window's end: the threads seen at its last instant, by their estimate.
	 * @param count how many candidates at most
	 * @param filter the request's filter
	 * @param windowNanos the window
	 * @return the candidates, the largest estimate first, equal ones by id
	 */
	List<Candidate> candidates(int count, ThreadFilter filter, long windowNanos) {
		List<Candidate> candidates = new ArrayList<>();
		for (Sampled entry : top(count, filter)) {
			candidates.add(new Candidate(entry.thread, entry.id, -1, entry.thread.getName(),
					estimate(entry.inState, this.instants, windowNanos)));
		}
		return candidates;
	}

	/**
	 * The estimated time in the measured state: each instant stands for an equal share of the window.
	 * @param inState at how many instants the thread was in the state
	 * @param instants how many instants the window had
	 * @param windowNanos the window
	 * @return nanoseconds
	 */
	static long estimate(int inState, int instants, long windowNanos) {
		return (instants > 0) ? Math.round((double) windowNanos * inState / instants) : 0;
	}

	/**
	 * The shown threads with how their value was estimated.
	 * @param shown the threads shown, as the snapshots made them
	 * @return the same threads, each with its sampled measure
	 */
	List<HotThread> withMeasures(List<HotThread> shown) {
		List<HotThread> result = new ArrayList<>(shown.size());
		Map<Long, @Nullable Sampled> byId = new HashMap<>();
		shown.forEach((thread) -> byId.put(thread.id(), null));
		for (Sampled entry : this.sampled.values()) {
			byId.replace(entry.id, entry);
		}
		for (HotThread thread : shown) {
			Sampled entry = byId.get(thread.id());
			SampledMeasure measure = (entry != null) ? new SampledMeasure(entry.inState, entry.instants)
					: new SampledMeasure(0, 0);
			result.add(new HotThread(thread.id(), thread.nativeId(), thread.name(), thread.state(), thread.value(),
					thread.snapshotsTaken(), thread.stacks(), thread.request(), measure));
		}
		return result;
	}

	/**
	 * What the report's header says, or {@code null} when there is nothing to say: no virtual thread was tracked and
	 * none has run lately.
	 * @param platform the live platform threads at the window's start
	 * @param notices where to say how the values were estimated
	 * @return the sampling
	 */
	@Nullable VirtualThreadSampling describe(Thread[] platform, List<String> notices) {
		if (this.sampled.isEmpty() && !hasCarrier(platform)) {
			return null;
		}
		notices.add("virtual threads have no " + this.type.measure() + " time counter: the tracked ones (serving a"
				+ " request or a Spring task) are sampled by Thread#getState at the window's " + this.instants
				+ " snapshot instants, each instant counting for 1/" + this.instants + " of the window, and are"
				+ " shown after the measured threads, ranked apart and left out of the totals (measured=sampled,"
				+ " instants_in_state of instants_sampled); virtual threads running no request or Spring task are"
				+ " not sampled");
		return new VirtualThreadSampling(this.sampled.size(), this.instants);
	}

	/**
	 * The threads seen at the last instant and passing the filter by their state then with the most instants in the
	 * measured state, equal ones by id: found in one pass, without sorting or copying every thread.
	 */
	private List<Sampled> top(int count, ThreadFilter filter) {
		boolean everyThread = filter.states().isEmpty() && filter.nameGlob() == null;
		Sampled[] slots = new Sampled[count];
		int size = 0;
		for (Sampled entry : this.sampled.values()) {
			if (entry.lastInstant != this.instants || (size == count && !entry.ranksBefore(slots[size - 1]))
					|| !(everyThread || filter.matches(entry.lastState, entry.thread.getName()))) {
				continue;
			}
			int at = (size < count) ? size++ : size - 1;
			while (at > 0 && entry.ranksBefore(slots[at - 1])) {
				slots[at] = slots[at - 1];
				at--;
			}
			slots[at] = entry;
		}
		return Arrays.asList(slots).subList(0, size);
	}

	/** One tracked virtual thread's counts; the thread is held for the window only. */
	private static final class Sampled {

		private final Thread thread;

		private final long id;

		private int instants;

		private int inState;

		private int lastInstant;

		private Thread.State lastState = Thread.State.NEW;

		Sampled(Thread thread, long id) {
			this.thread = thread;
			this.id = id;
		}

		boolean ranksBefore(Sampled other) {
			return this.inState > other.inState || (this.inState == other.inState && this.id < other.id);
		}

	}

}
