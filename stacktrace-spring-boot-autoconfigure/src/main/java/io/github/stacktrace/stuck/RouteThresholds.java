package io.github.stacktrace.stuck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The threshold past which a request of a route is stuck: the route's own when a pattern gives it one, none when the
 * route is excluded, the default otherwise. Patterns are matched against the route template as the request records it
 * ({@code /orders/{id}}; for a scheduled task {@code SimpleClassName.method}): {@code *} matches any characters but
 * {@code /}, {@code **} any characters. Exclusions win over thresholds; among thresholds the first matching pattern, in
 * the order given, wins.
 * <p>
 * Not thread-safe: the checker's one thread asks. Answers are cached per route, up to a bound, since routes are
 * templates and few.
 *
 * @since 0.1.0
 */
public final class RouteThresholds {

	/** What {@link #thresholdNanos} answers for an excluded route. */
	public static final long EXCLUDED = -1;

	private static final int MAX_CACHED_ROUTES = 1024;

	private final long defaultNanos;

	private final Supplier<List<String>> excludedSource;

	private @Nullable List<String> excluded;

	private final List<Rule> rules = new ArrayList<>();

	private final Map<String, Long> cache = new HashMap<>();

	/**
	 * Creates the thresholds.
	 * @param defaultThreshold the threshold of every route no pattern names
	 * @param excluded patterns of the routes never watched
	 * @param thresholds patterns of routes with their own threshold, in the order they are tried
	 */
	public RouteThresholds(Duration defaultThreshold, List<String> excluded, Map<String, Duration> thresholds) {
		this(defaultThreshold, () -> excluded, thresholds);
	}

	/**
	 * Creates the thresholds, with exclusions known only once the application runs (such as the path the endpoint is
	 * mapped to): they are asked for at the first check.
	 * @param defaultThreshold the threshold of every route no pattern names
	 * @param excluded gives the patterns of the routes never watched, once
	 * @param thresholds patterns of routes with their own threshold, in the order they are tried
	 */
	public RouteThresholds(Duration defaultThreshold, Supplier<List<String>> excluded,
			Map<String, Duration> thresholds) {
		this.defaultNanos = positive(defaultThreshold, "default").toNanos();
		this.excludedSource = excluded;
		thresholds.forEach((pattern, threshold) -> this.rules
			.add(new Rule(Objects.requireNonNull(pattern), positive(threshold, pattern).toNanos())));
	}

	/**
	 * The threshold of a route.
	 * @param route the route template
	 * @return the threshold in nanoseconds, or {@link #EXCLUDED}
	 */
	public long thresholdNanos(String route) {
		Long cached = this.cache.get(route);
		if (cached != null) {
			return cached;
		}
		long threshold = compute(route);
		if (this.cache.size() < MAX_CACHED_ROUTES) {
			this.cache.put(route, threshold);
		}
		return threshold;
	}

	/**
	 * The smallest threshold of all: the checker's period is derived from it.
	 * @return the smallest threshold
	 */
	public Duration smallest() {
		long smallest = this.defaultNanos;
		for (Rule rule : this.rules) {
			smallest = Math.min(smallest, rule.thresholdNanos());
		}
		return Duration.ofNanos(smallest);
	}

	/**
	 * The threshold of the routes no pattern names.
	 * @return the default threshold
	 */
	public Duration defaultThreshold() {
		return Duration.ofNanos(this.defaultNanos);
	}

	private long compute(String route) {
		List<String> excluded = this.excluded;
		if (excluded == null) {
			excluded = List.copyOf(this.excludedSource.get());
			this.excluded = excluded;
		}
		for (String pattern : excluded) {
			if (matches(pattern, route)) {
				return EXCLUDED;
			}
		}
		for (Rule rule : this.rules) {
			if (matches(rule.pattern(), route)) {
				return rule.thresholdNanos();
			}
		}
		return this.defaultNanos;
	}

	/**
	 * Whether a route matches a pattern: {@code *} for any characters but {@code /}, {@code **} for any.
	 * @param pattern the pattern
	 * @param route the route template
	 * @return {@code true} when the whole route matches
	 */
	static boolean matches(String pattern, String route) {
		return matches(pattern, 0, route, 0);
	}

	private static boolean matches(String pattern, int p, String route, int r) {
		while (p < pattern.length()) {
			char c = pattern.charAt(p);
			if (c == '*') {
				boolean any = p + 1 < pattern.length() && pattern.charAt(p + 1) == '*';
				int next = any ? p + 2 : p + 1;
				for (int end = r; end <= route.length(); end++) {
					if (matches(pattern, next, route, end)) {
						return true;
					}
					if (end < route.length() && !any && route.charAt(end) == '/') {
						return false;
					}
				}
				return false;
			}
			if (r >= route.length() || route.charAt(r) != c) {
				return false;
			}
			p++;
			r++;
		}
		return r == route.length();
	}

	private static Duration positive(Duration threshold, String what) {
		if (threshold.isNegative() || threshold.isZero()) {
			throw new IllegalArgumentException("stuck-request threshold of " + what + " must be positive: " + threshold);
		}
		return threshold;
	}

	private record Rule(String pattern, long thresholdNanos) {

	}

}
