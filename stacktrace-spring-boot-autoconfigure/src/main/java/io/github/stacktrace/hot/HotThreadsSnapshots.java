package io.github.stacktrace.hot;

import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import io.github.stacktrace.hot.HotThreadsSampler.Candidate;
import io.github.stacktrace.hot.StackSnapshots.Snapshot;
import io.github.stacktrace.report.HotThread;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.SnapshotGroup;

/**
 * Chooses the threads a hot-threads report shows and takes their snapshots, once the window has ranked them: the
 * first snapshot right after the window, the others {@link #SNAPSHOT_GAP_NANOS} apart, of the shown threads only.
 * <p>
 * With {@code ignore_idle}, the ranked threads are screened by a first snapshot, in rank order and in batches (one
 * safepoint each on Java 17), until enough threads are found that are not waiting for work or
 * {@link #MAX_EXTRA_SCREENED} more than asked for were looked at; a thread whose every snapshot turns out idle is
 * then left out, so a report may show fewer threads than asked for.
 */
final class HotThreadsSnapshots {

	/** Time between two snapshots of the shown threads. */
	static final long SNAPSHOT_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	/** How many ranked threads beyond the number asked for may be screened for idleness. */
	static final int MAX_EXTRA_SCREENED = 64;

	// On Java 17 a batch is one safepoint: screening one thread at a time would be one pause per thread.
	private static final int MIN_SCREEN_BATCH = 16;

	private final StackSnapshots stacks;

	private final HotThreadsRequest request;

	private final long deadlineNanos;

	HotThreadsSnapshots(ThreadMXBean threads, HotThreadsRequest request, long deadlineNanos) {
		this.stacks = new StackSnapshots(threads);
		this.request = request;
		this.deadlineNanos = deadlineNanos;
	}

	int safepointPauses() {
		return this.stacks.safepointPauses();
	}

	/**
	 * Chooses the threads to show among the ranked ones and takes their snapshots.
	 * @param ranked the threads, busiest first
	 * @param notices where to say when the budget cut the snapshots short
	 * @param nativeIds the native id of a Java thread by its name, or {@code -1} when unknown
	 * @return the threads shown, busiest first
	 * @throws InterruptedException if interrupted between snapshots
	 */
	List<HotThread> show(List<Candidate> ranked, List<String> notices, ToLongFunction<String> nativeIds)
			throws InterruptedException {
		Map<Candidate, List<Snapshot>> taken = new IdentityHashMap<>();
		List<Candidate> shown = this.request.ignoreIdle() ? screen(ranked, taken)
				: new ArrayList<>(ranked.subList(0, Math.min(this.request.threads(), ranked.size())));
		List<Candidate> java = shown.stream().filter((candidate) -> candidate.thread() != null).toList();
		for (Candidate candidate : java) {
			taken.computeIfAbsent(candidate, (key) -> new ArrayList<>());
		}
		int first = this.request.ignoreIdle() ? 1 : 0;
		for (int round = first; round < this.request.snapshots() && !java.isEmpty(); round++) {
			if (round > 0) {
				if (System.nanoTime() + SNAPSHOT_GAP_NANOS - this.deadlineNanos > 0) {
					notices.add("snapshots stopped at " + round + " of " + this.request.snapshots()
							+ ": the request's time budget ran out");
					break;
				}
				TimeUnit.NANOSECONDS.sleep(SNAPSHOT_GAP_NANOS);
			}
			Snapshot[] snapshots = this.stacks.take(java.stream().map(Candidate::thread).toList());
			for (int i = 0; i < snapshots.length; i++) {
				if (snapshots[i] != null) {
					taken.get(java.get(i)).add(snapshots[i]);
				}
			}
		}
		List<HotThread> result = new ArrayList<>(shown.size());
		for (Candidate candidate : shown) {
			List<Snapshot> snapshots = taken.getOrDefault(candidate, List.of());
			if (candidate.thread() == null) {
				result.add(HotThread.jvmInternal(candidate.nativeId(), candidate.name(), candidate.value()));
			}
			else if (!this.request.ignoreIdle() || snapshots.isEmpty() || !allIdle(snapshots)) {
				result.add(hotThread(candidate, nativeIds.applyAsLong(candidate.name()), snapshots));
			}
		}
		return result;
	}

	/**
	 * Takes a first snapshot of the ranked Java threads, in rank order and in batches, and keeps the ones not waiting
	 * for work, with the JVM-internal threads, until enough are kept. A thread that ended is kept: it was busy.
	 */
	private List<Candidate> screen(List<Candidate> ranked, Map<Candidate, List<Snapshot>> taken) {
		int wanted = this.request.threads();
		int limit = wanted + MAX_EXTRA_SCREENED;
		List<Candidate> kept = new ArrayList<>();
		int next = 0;
		int screened = 0;
		while (kept.size() < wanted && next < ranked.size() && screened < limit) {
			// The next ranked threads, JVM-internal ones among them, with as many Java threads as one batch takes.
			int batchSize = Math.min(limit - screened, Math.max(wanted - kept.size(), MIN_SCREEN_BATCH));
			List<Candidate> pending = new ArrayList<>();
			List<Thread> batch = new ArrayList<>();
			int jvmThreads = 0;
			// Until the batch is full, or the JVM-internal threads met so far fill the report on their own.
			while (next < ranked.size() && batch.size() < batchSize && kept.size() + jvmThreads < wanted) {
				Candidate candidate = ranked.get(next++);
				pending.add(candidate);
				if (candidate.thread() != null) {
					batch.add(candidate.thread());
				}
				else {
					jvmThreads++;
				}
			}
			screened += batch.size();
			Snapshot[] firsts = this.stacks.take(batch);
			int slot = 0;
			for (Candidate candidate : pending) {
				if (kept.size() == wanted) {
					break;
				}
				if (candidate.thread() == null) {
					kept.add(candidate);
					continue;
				}
				Snapshot first = firsts[slot++];
				if (first == null || !IdleFrames.isIdle(first.frames())) {
					kept.add(candidate);
					taken.put(candidate, (first != null) ? new ArrayList<>(List.of(first)) : new ArrayList<>());
				}
			}
		}
		return kept;
	}

	private static boolean allIdle(List<Snapshot> snapshots) {
		return snapshots.stream().allMatch((snapshot) -> IdleFrames.isIdle(snapshot.frames()));
	}

	private static HotThread hotThread(Candidate candidate, long nativeId, List<Snapshot> snapshots) {
		Map<List<StackTraceElement>, Integer> counts = new LinkedHashMap<>();
		for (Snapshot snapshot : snapshots) {
			counts.merge(snapshot.frames(), 1, Integer::sum);
		}
		List<SnapshotGroup> groups = new ArrayList<>(counts.size());
		counts.forEach((frames, count) -> groups.add(new SnapshotGroup(count, frames)));
		// Most frequent first; equal counts in the order first seen.
		groups.sort((a, b) -> Integer.compare(b.count(), a.count()));
		Thread.State state = snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1).state();
		return new HotThread(candidate.id(), nativeId, candidate.name(), state, candidate.value(),
				snapshots.size(), groups);
	}

}
