package io.github.stacktrace.hot;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

import io.github.stacktrace.capture.ServedRequests;
import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.hot.HotThreadsSampler.Candidate;
import io.github.stacktrace.hot.StackSnapshots.Snapshot;
import io.github.stacktrace.report.HotThread;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.report.SnapshotGroup;
import org.jspecify.annotations.Nullable;

/**
 * Takes the snapshots of a hot-threads report and chooses the threads it shows. Within the window the sampler has
 * {@link #takeOf the leaders so far} snapshotted at evenly spaced instants; once the window has ranked the threads,
 * {@link #show} takes the last snapshot, of the threads shown, and keeps, per shown thread, every snapshot it had: a
 * thread that led the ranking for part of the window only, or started during it, has fewer snapshots than asked for
 * and says so.
 * <p>
 * With {@code ignore_idle}, the ranked threads are screened by that last snapshot, in rank order and in batches (one
 * safepoint each on Java 17), until enough threads are found that are not waiting for work or
 * {@link #MAX_EXTRA_SCREENED} more than asked for were looked at; a thread whose every snapshot, those taken within
 * the window included, is idle is left out, so a report may show fewer threads than asked for.
 * <p>
 * A shown thread is labelled with the request it served around its last snapshot, read just before and just after
 * it as the dump reads it ({@link ServedRequests#throughout}): what it serves at the window's end.
 */
final class HotThreadsSnapshots {

	/** How many ranked threads beyond the number asked for may be screened for idleness. */
	static final int MAX_EXTRA_SCREENED = 64;

	// On Java 17 a batch is one chunked call: screening one thread at a time would be one pause per thread.
	private static final int MIN_SCREEN_BATCH = 16;

	private final StackSnapshots stacks;

	private final HotThreadsRequest request;

	private final RequestContextRegistry requests;

	// The snapshots taken within the window, per thread.
	private final Map<Thread, List<Snapshot>> taken = new IdentityHashMap<>();

	// What each thread served throughout its last snapshot, when it served something.
	private final Map<Thread, RequestContext> served = new IdentityHashMap<>();

	HotThreadsSnapshots(StackSnapshots stacks, HotThreadsRequest request, RequestContextRegistry requests) {
		this.stacks = stacks;
		this.request = request;
		this.requests = requests;
	}

	int safepointPauses() {
		return this.stacks.safepointPauses();
	}

	/**
	 * Takes one snapshot of each of a few threads within the window.
	 * @param threads the threads leading the ranking so far
	 */
	void takeOf(List<Thread> threads) {
		Snapshot[] snapshots = this.stacks.take(threads);
		for (int i = 0; i < snapshots.length; i++) {
			if (snapshots[i] != null) {
				this.taken.computeIfAbsent(threads.get(i), (key) -> new ArrayList<>()).add(snapshots[i]);
			}
		}
	}

	/**
	 * Chooses the threads to show among the ranked ones and takes their last snapshot.
	 * @param ranked the threads, busiest first
	 * @param nativeIds the native id of a Java thread by its name, or {@code -1} when unknown
	 * @return the threads shown, busiest first
	 */
	List<HotThread> show(List<Candidate> ranked, ToLongFunction<String> nativeIds) {
		List<Candidate> shown = this.request.ignoreIdle() ? screen(ranked)
				: last(new ArrayList<>(ranked.subList(0, Math.min(this.request.threads(), ranked.size()))));
		List<HotThread> result = new ArrayList<>(shown.size());
		for (Candidate candidate : shown) {
			if (candidate.thread() == null) {
				result.add(HotThread.jvmInternal(candidate.nativeId(), candidate.name(), candidate.value()));
			}
			else {
				result.add(hotThread(candidate, nativeIds.applyAsLong(candidate.name()), snapshotsOf(candidate),
						this.served.get(candidate.thread())));
			}
		}
		return result;
	}

	private List<Candidate> last(List<Candidate> shown) {
		List<Thread> java = shown.stream().map(Candidate::thread).filter(Objects::nonNull).toList();
		takeLastOf(java);
		return shown;
	}

	/**
	 * Takes the last snapshot of each thread, between two readings of what it serves.
	 */
	private void takeLastOf(List<Thread> threads) {
		if (this.requests.isEmpty()) {
			// No thread has ever served a request: nothing to read.
			takeOf(threads);
			return;
		}
		@Nullable RequestContext[] before = new RequestContext[threads.size()];
		long now = System.nanoTime();
		for (int i = 0; i < before.length; i++) {
			before[i] = this.requests.read(HotThreadsSampler.idOf(threads.get(i)), now);
		}
		takeOf(threads);
		now = System.nanoTime();
		for (int i = 0; i < before.length; i++) {
			Thread thread = threads.get(i);
			RequestContext request = ServedRequests.throughout(before[i],
					this.requests.read(HotThreadsSampler.idOf(thread), now));
			if (request != null) {
				this.served.put(thread, request);
			}
		}
	}

	private List<Snapshot> snapshotsOf(Candidate candidate) {
		Thread thread = candidate.thread();
		return (thread != null) ? this.taken.getOrDefault(thread, List.of()) : List.of();
	}

	/**
	 * Takes the last snapshot of the ranked Java threads, in rank order and in batches, and keeps the ones not waiting
	 * for work in every snapshot, with the JVM-internal threads, until enough are kept. A thread that ended without
	 * any snapshot is kept: it was busy.
	 */
	private List<Candidate> screen(List<Candidate> ranked) {
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
			takeLastOf(batch);
			for (Candidate candidate : pending) {
				if (kept.size() == wanted) {
					break;
				}
				List<Snapshot> snapshots = snapshotsOf(candidate);
				if (candidate.thread() == null || snapshots.isEmpty() || !allIdle(snapshots)) {
					kept.add(candidate);
				}
			}
		}
		return kept;
	}

	private static boolean allIdle(List<Snapshot> snapshots) {
		return snapshots.stream().allMatch((snapshot) -> IdleFrames.isIdle(snapshot.frames()));
	}

	private static HotThread hotThread(Candidate candidate, long nativeId, List<Snapshot> snapshots,
			@Nullable RequestContext request) {
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
				snapshots.size(), groups, request);
	}

}
