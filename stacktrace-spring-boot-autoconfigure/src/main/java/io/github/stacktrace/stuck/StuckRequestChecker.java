package io.github.stacktrace.stuck;

import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.ServingThreadVisitor;
import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.report.StuckRequest;
import io.github.stacktrace.report.StuckRequestEvent;
import io.github.stacktrace.report.StuckRequestsReport;
import io.github.stacktrace.stuck.ThreadStacks.Stack;
import io.github.stacktrace.stuck.ThreadStacks.Target;
import org.jspecify.annotations.Nullable;

/**
 * Finds the requests (and recorded tasks) that have run on one thread past their threshold, from the registry of what
 * each thread serves. Each {@link #check} walks the serving threads once: a request under its threshold costs a
 * comparison and allocates nothing here; only the requests past it are remembered, and stacks are taken only of those
 * newly found stuck, all platform threads' in one call.
 * <p>
 * A request is watched only while a thread works for it. A request whose thread was released (a
 * {@code DeferredResult}, a {@code Callable}'s hand-off, a reactive request between signals) leaves the registry, and
 * comes back with its original start when a thread takes it up again: one that is already past its threshold then,
 * although it was not on a thread at the last check, is only suspected, and is stuck once a thread has worked for it
 * for a whole threshold since it was first seen. A request seen on a thread at one check and past its threshold at the
 * next crossed it there.
 * <p>
 * The end of a stuck request is noticed at the first check that no longer sees it: its total time is measured to
 * then, at most one period late.
 *
 * @since 0.1.0
 */
public final class StuckRequestChecker {

	private final RequestContextRegistry registry;

	private final StuckRequestSettings settings;

	private final StuckRequestListener listener;

	private final Clock clock;

	private final ThreadStacks stacks;

	private final EventRateLimiter limiter;

	private final RouteThresholds thresholds;

	private final Map<Key, Tracked> stuck = new HashMap<>();

	private final Map<Key, Suspect> suspects = new HashMap<>();

	private final RecentStuckRequests recent;

	private final List<Target> found = new ArrayList<>();

	private final Visitor visitor = new Visitor();

	private long generation;

	private long previousCheck;

	private long lastId;

	private long lastGroup;

	/**
	 * Creates a checker.
	 * @param registry what each thread serves
	 * @param settings thresholds and bounds
	 * @param listener hears what is found
	 * @param clock gives the times reports and events show
	 * @param startNanos the {@link System#nanoTime()} the checker starts watching at
	 */
	public StuckRequestChecker(RequestContextRegistry registry, StuckRequestSettings settings,
			StuckRequestListener listener, Clock clock, long startNanos) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.listener = Objects.requireNonNull(listener, "listener");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.stacks = new ThreadStacks(settings.maxDepth());
		this.limiter = new EventRateLimiter(settings.maxEventsPerMinute());
		this.thresholds = settings.thresholds();
		this.recent = new RecentStuckRequests(settings.recentCount(), settings.recentMaxChars());
		this.previousCheck = startNanos;
	}

	/**
	 * Looks at the serving threads once: finds the requests newly stuck, takes their stacks, tells the listener, and
	 * notices the stuck requests that ended.
	 * @param nowNanos the {@link System#nanoTime()} now
	 */
	public synchronized void check(long nowNanos) {
		this.generation++;
		this.visitor.now = nowNanos;
		this.registry.forEachServing(nowNanos, this.visitor);
		if (!this.found.isEmpty()) {
			try {
				report(nowNanos);
			}
			finally {
				this.found.clear();
			}
		}
		endUnseen(nowNanos);
		this.previousCheck = nowNanos;
	}

	private void see(Thread thread, long threadId, boolean virtual, RequestContext request, long now) {
		long threshold = this.thresholds.thresholdNanos(request.route());
		if (threshold == RouteThresholds.EXCLUDED || request.elapsed().toNanos() < threshold) {
			return;
		}
		Key key = new Key(threadId, request.startedNanos());
		Tracked tracked = this.stuck.get(key);
		if (tracked != null) {
			tracked.seen = this.generation;
			return;
		}
		Suspect suspect = this.suspects.get(key);
		if (suspect == null) {
			long elapsedAtPrevious = request.elapsed().toNanos() - (now - this.previousCheck);
			if (elapsedAtPrevious >= threshold) {
				// Past its threshold already when no thread was seen working for it: it waited elsewhere.
				this.suspects.put(key, new Suspect(now, this.generation));
				return;
			}
		}
		else {
			suspect.seen = this.generation;
			if (now - suspect.since < threshold) {
				return;
			}
		}
		this.found.add(new Target(new WeakReference<>(thread), threadId, virtual, request));
	}

	private void report(long now) {
		Map<Long, Stack> taken = this.stacks.take(this.found);
		Instant detectedAt = this.clock.instant();
		Map<List<StackTraceElement>, List<StuckRequest>> groups = new LinkedHashMap<>();
		for (Target target : this.found) {
			Stack stack = taken.get(target.threadId());
			RequestContext current = this.registry.read(target.threadId(), now);
			Key key = new Key(target.threadId(), target.request().startedNanos());
			this.suspects.remove(key);
			if (stack == null || current == null || current.startedNanos() != key.startedNanos()) {
				// It ended while the stacks were taken: that stack may be of the thread's next request.
				continue;
			}
			List<StuckRequest> group = groups.computeIfAbsent(stack.thread().frames(), (frames) -> new ArrayList<>());
			long groupId = group.isEmpty() ? ++this.lastGroup : group.get(0).group();
			StuckRequest request = new StuckRequest(++this.lastId, stack.thread().withRequest(target.request()),
					stack.omittedFrames(), detectedAt, groupId, null);
			group.add(request);
			Tracked tracked = new Tracked(request, target.threadRef());
			tracked.seen = this.generation;
			this.stuck.put(key, tracked);
			this.listener.stuck(request);
		}
		for (List<StuckRequest> group : groups.values()) {
			group.sort(Comparator.comparingLong((request) -> request.request().startedNanos()));
			event(StuckRequestEvent.Kind.STUCK, group, now);
		}
	}

	private void endUnseen(long now) {
		// A suspect no thread works for any more was handed off again, or ended: it is forgotten.
		this.suspects.values().removeIf((suspect) -> suspect.seen != this.generation);
		if (this.stuck.isEmpty()) {
			return;
		}
		Instant endedAt = null;
		Map<Long, List<StuckRequest>> endedGroups = null;
		for (Iterator<Tracked> it = this.stuck.values().iterator(); it.hasNext();) {
			Tracked tracked = it.next();
			if (tracked.seen == this.generation) {
				continue;
			}
			it.remove();
			endedAt = (endedAt != null) ? endedAt : this.clock.instant();
			Thread thread = tracked.thread.get();
			String how = (thread != null && thread.isAlive()) ? StuckRequest.Ending.COMPLETED
					: StuckRequest.Ending.THREAD_ENDED;
			Duration total = Duration.ofNanos(now - tracked.request.request().startedNanos());
			StuckRequest ended = tracked.request.ended(new StuckRequest.Ending(endedAt, total, how));
			this.recent.remember(ended);
			this.listener.ended(ended);
			endedGroups = (endedGroups != null) ? endedGroups : new LinkedHashMap<>();
			endedGroups.computeIfAbsent(ended.group(), (group) -> new ArrayList<>()).add(ended);
		}
		if (endedGroups != null) {
			for (List<StuckRequest> group : endedGroups.values()) {
				group.sort(Comparator.comparingLong((request) -> request.request().startedNanos()));
				event(StuckRequestEvent.Kind.ENDED, group, now);
			}
		}
	}

	private void event(StuckRequestEvent.Kind kind, List<StuckRequest> requests, long now) {
		long suppressedBefore = this.limiter.tryPass(now);
		if (suppressedBefore >= 0) {
			this.listener.event(new StuckRequestEvent(kind, requests, suppressedBefore));
		}
	}

	/**
	 * The requests stuck now, with stacks taken now, and the last stuck ones that ended.
	 * @param maxStuck the most requests stuck now to show, the oldest first
	 * @return the report
	 */
	public StuckRequestsReport report(int maxStuck) {
		List<Tracked> now;
		List<StuckRequest> ended;
		long detected;
		long suppressed;
		synchronized (this) {
			now = new ArrayList<>(this.stuck.values());
			ended = this.recent.list();
			detected = this.lastId;
			suppressed = this.limiter.suppressedTotal();
		}
		now.sort(Comparator.comparingLong((tracked) -> tracked.request.request().startedNanos()));
		List<Target> targets = new ArrayList<>();
		for (Tracked tracked : now.subList(0, Math.min(maxStuck, now.size()))) {
			StuckRequest request = tracked.request;
			targets.add(new Target(tracked.thread, request.thread().id(), request.thread().isVirtual(),
					request.request()));
		}
		Map<Long, Stack> taken = this.stacks.take(targets);
		long nanos = System.nanoTime();
		List<StuckRequest> stuckNow = new ArrayList<>();
		for (int i = 0; i < targets.size(); i++) {
			Target target = targets.get(i);
			Stack stack = taken.get(target.threadId());
			RequestContext current = this.registry.read(target.threadId(), nanos);
			if (stack != null && current != null && current.startedNanos() == target.request().startedNanos()) {
				stuckNow.add(now.get(i).request.seenAs(stack.thread().withRequest(current), stack.omittedFrames()));
			}
		}
		return new StuckRequestsReport(this.clock.instant(), this.thresholds.defaultThreshold(), stuckNow, ended,
				detected, suppressed);
	}

	/**
	 * How many requests are stuck now.
	 * @return the count
	 */
	public synchronized int stuckCount() {
		return this.stuck.size();
	}

	/**
	 * The oldest request stuck now.
	 * @return the request as it was found stuck, or {@code null} when none is
	 */
	public synchronized @Nullable StuckRequest oldest() {
		StuckRequest oldest = null;
		for (Tracked tracked : this.stuck.values()) {
			if (oldest == null || tracked.request.request().startedNanos() < oldest.request().startedNanos()) {
				oldest = tracked.request;
			}
		}
		return oldest;
	}

	/**
	 * The settings the checker runs with.
	 * @return the settings
	 */
	public StuckRequestSettings settings() {
		return this.settings;
	}

	private record Key(long threadId, long startedNanos) {

	}

	private static final class Tracked {

		private final StuckRequest request;

		private final WeakReference<Thread> thread;

		private long seen;

		Tracked(StuckRequest request, WeakReference<Thread> thread) {
			this.request = request;
			this.thread = thread;
		}

	}

	private static final class Suspect {

		private final long since;

		private long seen;

		Suspect(long since, long seen) {
			this.since = since;
			this.seen = seen;
		}

	}

	private final class Visitor implements ServingThreadVisitor {

		private long now;

		@Override
		public void visit(Thread thread, long threadId, boolean virtual, RequestContext context) {
			see(thread, threadId, virtual, context, this.now);
		}

	}

}
