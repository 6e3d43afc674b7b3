package io.github.stacktrace.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.stacktrace.render.TextEscaper;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadFilter;
import org.jspecify.annotations.Nullable;

/**
 * Validates the endpoint's raw query parameters into a {@link StackTraceRequest}. An empty value counts as absent.
 * Parameters are checked in this order: {@code thread_id}/{@code tid}, {@code mode}/{@code dwarf_location_info_mode},
 * {@code timeout_ms}, {@code skip_blocking_syscalls}, {@code format}, {@code group}, {@code state}, {@code name}; the
 * first bad one is reported.
 */
public class StackTraceRequestParser {

	/** How many characters of a bad value an error message repeats. */
	static final int MAX_ECHOED_CHARS = 64;

	/** The largest per-thread timeout any configuration may allow. */
	static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

	/** The longest {@code name} glob accepted. */
	static final int MAX_NAME_GLOB_CHARS = 256;

	private static final String MODES = "DISABLED, FAST, FULL, FULL_WITH_INLINE";

	private final DetailMode defaultMode;

	private final Duration defaultTimeout;

	private final long maxTimeoutMillis;

	private final int maxThreadIds;

	/**
	 * Creates a parser.
	 * @param defaultMode the mode when none is given
	 * @param defaultTimeout the per-thread timeout when none is given
	 * @param maxTimeout the largest per-thread timeout a request may ask for
	 * @param maxThreadIds the most thread ids one request may name
	 */
	public StackTraceRequestParser(DetailMode defaultMode, Duration defaultTimeout, Duration maxTimeout,
			int maxThreadIds) {
		if (maxTimeout.toMillis() < 1 || maxTimeout.compareTo(MAX_TIMEOUT) > 0) {
			throw new IllegalArgumentException(
					"maxTimeout must be between 1 ms and " + MAX_TIMEOUT.toMillis() + " ms, was " + maxTimeout);
		}
		if (defaultTimeout.toMillis() < 1 || defaultTimeout.compareTo(maxTimeout) > 0) {
			throw new IllegalArgumentException(
					"defaultTimeout must be between 1 ms and maxTimeout (" + maxTimeout.toMillis() + " ms)");
		}
		if (maxThreadIds < 1) {
			throw new IllegalArgumentException("maxThreadIds must be at least 1");
		}
		this.defaultMode = defaultMode;
		this.defaultTimeout = defaultTimeout;
		this.maxTimeoutMillis = maxTimeout.toMillis();
		this.maxThreadIds = maxThreadIds;
	}

	/**
	 * Validates the raw parameters.
	 * @param threadId the {@code thread_id} value
	 * @param tid the {@code tid} value (legacy alias of {@code thread_id})
	 * @param mode the {@code mode} value
	 * @param dwarfLocationInfoMode the {@code dwarf_location_info_mode} value (wins over {@code mode})
	 * @param timeoutMs the {@code timeout_ms} value
	 * @param skipBlockingSyscalls the {@code skip_blocking_syscalls} value
	 * @return the request
	 * @throws InvalidStackTraceRequestException naming the first invalid parameter
	 */
	public StackTraceRequest parse(@Nullable String threadId, @Nullable String tid, @Nullable String mode,
			@Nullable String dwarfLocationInfoMode, @Nullable String timeoutMs,
			@Nullable String skipBlockingSyscalls) {
		List<Long> ids = parseThreadIds(threadId, tid);
		DetailMode detailMode = parseMode(isEmpty(dwarfLocationInfoMode) ? mode : dwarfLocationInfoMode);
		Duration timeout = parseTimeout(timeoutMs);
		boolean skip = parseBoolean("skip_blocking_syscalls", skipBlockingSyscalls, false);
		return new StackTraceRequest(ids, detailMode, timeout, skip);
	}

	/**
	 * Validates the {@code group} parameter.
	 * @param raw the {@code group} value
	 * @return whether to group threads; {@code false} when absent
	 * @throws InvalidStackTraceRequestException if the value is not a boolean
	 */
	public boolean parseGroup(@Nullable String raw) {
		return parseBoolean("group", raw, false);
	}

	/**
	 * Validates the {@code state} and {@code name} filter parameters.
	 * @param states the {@code state} value: a comma-separated list of {@link Thread.State} names, any case
	 * @param name the {@code name} value: a glob over the whole thread name
	 * @return the filter
	 * @throws InvalidStackTraceRequestException naming the first invalid parameter
	 */
	public ThreadFilter parseFilter(@Nullable String states, @Nullable String name) {
		Set<Thread.State> parsedStates = EnumSet.noneOf(Thread.State.class);
		if (!isEmpty(states)) {
			for (String token : states.split(",", -1)) {
				if (token.isEmpty()) {
					throw new InvalidStackTraceRequestException("invalid state: empty token");
				}
				parsedStates.add(parseState(token));
			}
		}
		if (!isEmpty(name) && name.length() > MAX_NAME_GLOB_CHARS) {
			throw new InvalidStackTraceRequestException(
					"invalid name: " + TextEscaper.escapeAndCut(name, MAX_ECHOED_CHARS) + ", longer than "
							+ MAX_NAME_GLOB_CHARS + " chars");
		}
		return new ThreadFilter(parsedStates, isEmpty(name) ? null : name);
	}

	private static Thread.State parseState(String token) {
		for (Thread.State state : Thread.State.values()) {
			if (state.name().equalsIgnoreCase(token)) {
				return state;
			}
		}
		throw invalid("state", token, ", expected one of " + String.join(", ",
				Arrays.stream(Thread.State.values()).map(Thread.State::name).toList()));
	}

	/**
	 * Validates the {@code format} parameter.
	 * @param raw the {@code format} value
	 * @return the format, or {@code null} when none was given
	 * @throws InvalidStackTraceRequestException if the value names no format
	 */
	public @Nullable ReportFormat parseFormat(@Nullable String raw) {
		if (isEmpty(raw)) {
			return null;
		}
		for (ReportFormat format : ReportFormat.values()) {
			if (format.parameterValue().equalsIgnoreCase(raw)) {
				return format;
			}
		}
		throw invalid("format", raw, ", expected one of text, json, folded");
	}

	/**
	 * Whether the raw parameters name threads, for reporting a request that failed validation.
	 * @param threadId the {@code thread_id} value
	 * @param tid the {@code tid} value
	 * @return {@code true} when either is non-empty
	 */
	public static boolean isSelective(@Nullable String threadId, @Nullable String tid) {
		return !isEmpty(threadId) || !isEmpty(tid);
	}

	private @Nullable List<Long> parseThreadIds(@Nullable String threadId, @Nullable String tid) {
		if (!isEmpty(threadId) && !isEmpty(tid)) {
			throw new InvalidStackTraceRequestException("tid and thread_id are mutually exclusive");
		}
		String name = isEmpty(threadId) ? "tid" : "thread_id";
		String raw = isEmpty(threadId) ? tid : threadId;
		if (isEmpty(raw)) {
			return null;
		}
		int tokens = 1;
		for (int i = 0; i < raw.length(); i++) {
			if (raw.charAt(i) == ',' && ++tokens > this.maxThreadIds) {
				throw new InvalidStackTraceRequestException(
						"invalid " + name + ": too many ids (max " + this.maxThreadIds + ")");
			}
		}
		List<Long> ids = new ArrayList<>(tokens);
		int start = 0;
		while (true) {
			int comma = raw.indexOf(',', start);
			int end = (comma < 0) ? raw.length() : comma;
			ids.add(parseThreadId(name, raw.substring(start, end)));
			if (comma < 0) {
				return ids;
			}
			start = comma + 1;
		}
	}

	private static long parseThreadId(String name, String token) {
		if (token.isEmpty()) {
			throw new InvalidStackTraceRequestException("invalid " + name + ": empty token");
		}
		long id = parseDecimal(token);
		if (id <= 0) {
			throw invalid(name, token, "");
		}
		return id;
	}

	private DetailMode parseMode(@Nullable String raw) {
		if (isEmpty(raw)) {
			return this.defaultMode;
		}
		for (DetailMode candidate : DetailMode.values()) {
			if (candidate.name().equalsIgnoreCase(raw)) {
				return candidate;
			}
		}
		throw invalid("dwarf_location_info_mode", raw, ", expected one of " + MODES);
	}

	private Duration parseTimeout(@Nullable String raw) {
		if (isEmpty(raw)) {
			return this.defaultTimeout;
		}
		String range = ", expected range [1, " + this.maxTimeoutMillis + "]";
		long millis = parseDecimal(raw);
		if (millis == -1) {
			throw invalid("timeout_ms", raw, "");
		}
		if (millis < 1 || millis > this.maxTimeoutMillis) {
			throw invalid("timeout_ms", raw, range);
		}
		return Duration.ofMillis(millis);
	}

	private static boolean parseBoolean(String name, @Nullable String raw, boolean defaultValue) {
		if (isEmpty(raw)) {
			return defaultValue;
		}
		String lower = raw.toLowerCase(Locale.ROOT);
		if (lower.equals("true") || lower.equals("1")) {
			return true;
		}
		if (lower.equals("false") || lower.equals("0")) {
			return false;
		}
		throw invalid(name, raw, ", expected one of true, false, 1, 0");
	}

	/**
	 * Parses ASCII decimal digits: no sign, no space, no other script's digits.
	 * @return the value, {@code -1} when not a number, {@code -2} when it overflows a long
	 */
	private static long parseDecimal(String raw) {
		long value = 0;
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
				return -2;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	private static InvalidStackTraceRequestException invalid(String name, String raw, String expectation) {
		return new InvalidStackTraceRequestException(
				"invalid " + name + ": " + TextEscaper.escapeAndCut(raw, MAX_ECHOED_CHARS) + expectation);
	}

	private static boolean isEmpty(@Nullable String value) {
		return value == null || value.isEmpty();
	}

}
