package io.github.stacktrace.report;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which live threads a request keeps, decided before any stack is taken: by state, by a glob over the whole name, and
 * by how long the request each thread serves has been running.
 *
 * @param states the states to keep; empty keeps every state
 * @param nameGlob a glob ({@code *} any run of characters, {@code ?} one character, an emoji as much as a letter)
 * the whole thread name must match,
 * or {@code null} for any name
 * @param minElapsed keep only threads serving a request (or scheduled task) that has been running at least this
 * long, or {@code null} for any thread
 * @since 0.1.0
 */
public record ThreadFilter(Set<Thread.State> states, @Nullable String nameGlob, @Nullable Duration minElapsed) {

	/** Keeps every thread. */
	public static final ThreadFilter NONE = new ThreadFilter(Set.of(), null, null);

	/**
	 * Creates a filter.
	 * @param states the states to keep; empty keeps every state
	 * @param nameGlob a glob ({@code *} any run of characters, {@code ?} one character, an emoji as much as a letter)
	 * the whole thread name must match, or {@code null} for any name
	 * @param minElapsed keep only threads serving a request that has been running at least this long, or
	 * {@code null} for any thread
	 * @throws IllegalArgumentException if {@code minElapsed} is negative
	 */
	public ThreadFilter {
		states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
		if (minElapsed != null && minElapsed.isNegative()) {
			throw new IllegalArgumentException("minElapsed must not be negative");
		}
	}

	/**
	 * Creates a filter by state and name.
	 * @param states the states to keep; empty keeps every state
	 * @param nameGlob a glob the whole thread name must match, or {@code null} for any name
	 */
	public ThreadFilter(Set<Thread.State> states, @Nullable String nameGlob) {
		this(states, nameGlob, null);
	}

	/**
	 * Whether this filter keeps every thread.
	 * @return {@code true} when no state, no name and no elapsed time is given
	 */
	public boolean isEmpty() {
		return this.states.isEmpty() && this.nameGlob == null && this.minElapsed == null;
	}

	/**
	 * Whether a thread passes the filter's elapsed-time bound.
	 * @param request what the thread serves, or {@code null} when nothing
	 * @return {@code true} when no bound is given, or the thread serves a request running at least that long
	 */
	public boolean matchesRequest(@Nullable RequestContext request) {
		return this.minElapsed == null || (request != null && request.elapsed().compareTo(this.minElapsed) >= 0);
	}

	/**
	 * Whether a thread passes the filter.
	 * @param state the thread's state
	 * @param name the thread's name
	 * @return {@code true} when it is kept
	 */
	public boolean matches(Thread.State state, String name) {
		return (this.states.isEmpty() || this.states.contains(state))
				&& (this.nameGlob == null || globMatches(this.nameGlob, name));
	}

	/**
	 * Matches a whole string against a glob with {@code *} and {@code ?}, character by character (a {@code ?} matches
	 * one code point, an emoji as much as a letter), in time proportional to the product of the two lengths at worst:
	 * no regular expression, no catastrophic backtracking.
	 * @param glob the glob
	 * @param text the string
	 * @return whether the glob matches the whole string
	 */
	static boolean globMatches(String glob, String text) {
		int[] pattern = glob.codePoints().toArray();
		int[] chars = text.codePoints().toArray();
		int g = 0;
		int t = 0;
		int starGlob = -1;
		int starText = 0;
		while (t < chars.length) {
			if (g < pattern.length && pattern[g] != '*' && (pattern[g] == '?' || pattern[g] == chars[t])) {
				g++;
				t++;
			}
			else if (g < pattern.length && pattern[g] == '*') {
				starGlob = g++;
				starText = t;
			}
			else if (starGlob >= 0) {
				g = starGlob + 1;
				t = ++starText;
			}
			else {
				return false;
			}
		}
		while (g < pattern.length && pattern[g] == '*') {
			g++;
		}
		return g == pattern.length;
	}

}
