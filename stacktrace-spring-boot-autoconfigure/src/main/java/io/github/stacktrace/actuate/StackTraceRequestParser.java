package io.github.stacktrace.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import io.github.stacktrace.render.TextEscaper;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.VirtualThreadSelection;
import org.jspecify.annotations.Nullable;

/**
 * Validates the endpoint's raw query parameters into a {@link StackTraceQuery}. An empty value counts as absent.
 * Keywords (modes, formats, states, booleans) are ASCII words, read in any mix of ASCII upper and lower case and
 * never through Unicode case mappings.
 * Parameters are checked in this order: {@code thread_id}/{@code tid}, {@code mode}/{@code dwarf_location_info_mode},
 * {@code timeout_ms}, {@code skip_blocking_syscalls}, {@code format}, {@code group}, {@code state}, {@code name},
 * {@code virtual}, {@code min_elapsed_ms}; the first bad one is reported.
 *
 * @since 0.1.0
 */
public class StackTraceRequestParser {

	private static final String FORMATS = String.join(", ",
			Arrays.stream(ReportFormat.values()).map(ReportFormat::parameterValue).toList());

	/** How many characters of a bad value an error message repeats. */
	static final int MAX_ECHOED_CHARS = 64;

	/** The largest per-thread timeout any configuration may allow. */
	static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

	/** The longest {@code name} glob accepted. */
	static final int MAX_NAME_GLOB_CHARS = 256;

	/** The largest {@code min_elapsed_ms} accepted: a day. */
	static final long MAX_MIN_ELAPSED_MILLIS = Duration.ofDays(1).toMillis();

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
	 * Validates the raw parameters into a query, checking them in the order this class names.
	 * @param raw the parameters as received
	 * @return the query
	 * @throws InvalidStackTraceRequestException naming the first invalid parameter
	 */
	public StackTraceQuery parse(RawParameters raw) {
		List<Long> ids = parseThreadIds(raw.threadId(), raw.tid());
		// The long name wins when both are given; an error names the parameter that was sent.
		DetailMode mode = isEmpty(raw.dwarfLocationInfoMode()) ? parseMode("mode", raw.mode())
				: parseMode("dwarf_location_info_mode", raw.dwarfLocationInfoMode());
		Duration timeout = parseTimeout(raw.timeoutMs());
		boolean skipBlockingSyscalls = parseBoolean("skip_blocking_syscalls", raw.skipBlockingSyscalls());
		ReportFormat format = parseFormat(raw.format());
		boolean grouped = parseBoolean("group", raw.group());
		Set<Thread.State> states = parseStates(raw.state());
		String nameGlob = parseNameGlob(raw.name());
		VirtualThreadSelection virtual = parseVirtual(raw.virtual());
		Duration minElapsed = parseMinElapsed(raw.minElapsedMs());
		StackTraceRequest request = new StackTraceRequest(ids, mode, timeout, skipBlockingSyscalls,
				new ThreadFilter(states, nameGlob, minElapsed), virtual);
		return new StackTraceQuery(request, format, grouped);
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
		OptionalLong id = parseDecimal(name, token);
		if (id.isEmpty() || id.getAsLong() == 0) {
			throw invalid(name, token, "");
		}
		return id.getAsLong();
	}

	private DetailMode parseMode(String name, @Nullable String raw) {
		if (isEmpty(raw)) {
			return this.defaultMode;
		}
		for (DetailMode candidate : DetailMode.values()) {
			if (isKeyword(candidate.name(), raw)) {
				return candidate;
			}
		}
		throw invalid(name, raw, ", expected one of " + MODES);
	}

	private Duration parseTimeout(@Nullable String raw) {
		if (isEmpty(raw)) {
			return this.defaultTimeout;
		}
		OptionalLong millis = parseDecimal("timeout_ms", raw);
		if (millis.isEmpty() || millis.getAsLong() < 1 || millis.getAsLong() > this.maxTimeoutMillis) {
			throw invalid("timeout_ms", raw, ", expected range [1, " + this.maxTimeoutMillis + "]");
		}
		return Duration.ofMillis(millis.getAsLong());
	}

	private static @Nullable Duration parseMinElapsed(@Nullable String raw) {
		if (isEmpty(raw)) {
			return null;
		}
		OptionalLong millis = parseDecimal("min_elapsed_ms", raw);
		if (millis.isEmpty() || millis.getAsLong() > MAX_MIN_ELAPSED_MILLIS) {
			throw invalid("min_elapsed_ms", raw, ", expected range [0, " + MAX_MIN_ELAPSED_MILLIS + "]");
		}
		return Duration.ofMillis(millis.getAsLong());
	}

	static boolean parseBoolean(String name, @Nullable String raw) {
		if (isEmpty(raw)) {
			return false;
		}
		if (isKeyword("true", raw) || isKeyword("1", raw)) {
			return true;
		}
		if (isKeyword("false", raw) || isKeyword("0", raw)) {
			return false;
		}
		throw invalid(name, raw, ", expected one of true, false, 1, 0");
	}

	private static @Nullable ReportFormat parseFormat(@Nullable String raw) {
		if (isEmpty(raw)) {
			return null;
		}
		for (ReportFormat format : ReportFormat.values()) {
			if (isKeyword(format.parameterValue(), raw)) {
				return format;
			}
		}
		throw invalid("format", raw, ", expected one of " + FORMATS);
	}

	private static Set<Thread.State> parseStates(@Nullable String raw) {
		Set<Thread.State> states = EnumSet.noneOf(Thread.State.class);
		if (isEmpty(raw)) {
			return states;
		}
		for (String token : raw.split(",", -1)) {
			if (token.isEmpty()) {
				throw new InvalidStackTraceRequestException("invalid state: empty token");
			}
			states.add(parseState(token));
		}
		return states;
	}

	private static Thread.State parseState(String token) {
		for (Thread.State state : Thread.State.values()) {
			if (isKeyword(state.name(), token)) {
				return state;
			}
		}
		throw invalid("state", token, ", expected one of " + String.join(", ",
				Arrays.stream(Thread.State.values()).map(Thread.State::name).toList()));
	}

	private static @Nullable String parseNameGlob(@Nullable String raw) {
		if (isEmpty(raw)) {
			return null;
		}
		if (raw.length() > MAX_NAME_GLOB_CHARS) {
			throw invalid("name", raw, ", longer than " + MAX_NAME_GLOB_CHARS + " chars");
		}
		return raw;
	}

	private static VirtualThreadSelection parseVirtual(@Nullable String raw) {
		if (isEmpty(raw)) {
			return VirtualThreadSelection.INCLUDE;
		}
		for (VirtualThreadSelection selection : VirtualThreadSelection.values()) {
			if (isKeyword(selection.reportName(), raw)) {
				return selection;
			}
		}
		throw invalid("virtual", raw, ", expected one of include, exclude, only");
	}

	/**
	 * Reads a value as ASCII decimal digits: no sign, no space, no other script's digits. Reading stops where the
	 * digits exceed a {@code long}, so whatever follows is not looked at.
	 * @param name the parameter, for the error
	 * @param raw the value, not empty
	 * @return the number, or empty when it is too large for a {@code long}
	 * @throws InvalidStackTraceRequestException if a character before that point is not a decimal digit
	 */
	static OptionalLong parseDecimal(String name, String raw) {
		long value = 0;
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c < '0' || c > '9') {
				throw invalid(name, raw, "");
			}
			if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
				return OptionalLong.empty();
			}
			value = value * 10 + (c - '0');
		}
		return OptionalLong.of(value);
	}

	/**
	 * Whether a value names a keyword: the keyword's characters, its ASCII letters in either case, and nothing else.
	 * {@link String#equalsIgnoreCase} and {@link String#toLowerCase} follow Unicode case mappings, under which letters
	 * of other alphabets pass for ASCII ones: the long s (U+017F) upper-cases to {@code S}, the dotless i (U+0131) to
	 * {@code I}, the Kelvin sign (U+212A) lower-cases to {@code k}. A keyword is one exact ASCII word, so none of them
	 * is.
	 * @param keyword the keyword, ASCII
	 * @param value the value as received
	 * @return whether the value is the keyword in some mix of ASCII cases
	 */
	static boolean isKeyword(String keyword, String value) {
		if (value.length() != keyword.length()) {
			return false;
		}
		for (int i = 0; i < keyword.length(); i++) {
			char expected = keyword.charAt(i);
			char actual = value.charAt(i);
			if (actual != expected && !(isAsciiLetter(expected) && actual == (char) (expected ^ 0x20))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isAsciiLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	static InvalidStackTraceRequestException invalid(String name, String raw, String expectation) {
		return new InvalidStackTraceRequestException(
				"invalid " + name + ": " + TextEscaper.escapeAndCut(raw, MAX_ECHOED_CHARS) + expectation);
	}

	static boolean isEmpty(@Nullable String value) {
		return value == null || value.isEmpty();
	}

}
