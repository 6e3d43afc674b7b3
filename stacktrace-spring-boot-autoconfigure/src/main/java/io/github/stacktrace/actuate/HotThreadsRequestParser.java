package io.github.stacktrace.actuate;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.HotThreadsType;
import org.jspecify.annotations.Nullable;

/**
 * Validates the hot-threads operation's raw query parameters into a {@link HotThreadsQuery}, with the rules of
 * {@link StackTraceRequestParser}: an empty value counts as absent, keywords are ASCII words in any case, a bad value
 * gets one line naming the parameter. Parameters are checked in this order: {@code threads}, {@code interval_ms},
 * {@code snapshots}, their product {@code threads x snapshots} (at most {@value #MAX_STACKS}), {@code type},
 * {@code ignore_idle}, {@code format} (text, json, folded or html), then {@code mode}, {@code state} and {@code name}
 * as the stack trace parser checks them; the first bad one is reported.
 *
 * @since 0.1.0
 */
public class HotThreadsRequestParser {

	/** The most threads one report may show. */
	static final int MAX_THREADS = 1000;

	/** The shortest window. */
	static final long MIN_INTERVAL_MS = 10;

	/** The window when none is asked for, unless the budget is shorter. */
	static final long DEFAULT_INTERVAL_MS = 500;

	/** The longest window any budget allows. */
	static final long MAX_INTERVAL_MS = 60_000;

	/** The most snapshots of one thread. */
	static final int MAX_SNAPSHOTS = 100;

	/**
	 * The most stacks one report may hold, {@code threads} times {@code snapshots}. Each snapshot instant within the
	 * window takes twice as many stacks as threads asked for; on Java 17 to 20 every stack taken is part of a pause of
	 * the whole application (about 30 µs per parked thread on a 2-core machine), so this bounds a request's total stop
	 * time, not only its longest pause: about 2,000 stacks, some 60 ms in pauses of at most {@code stacktrace.max-pause}.
	 */
	static final int MAX_STACKS = 1000;

	private final StackTraceRequestParser parser;

	private final long maxIntervalMillis;

	/**
	 * Creates a parser.
	 * @param parser the stack trace parser, which reads the parameters both operations share
	 * @param maxRequestDuration the request budget: no window may be longer
	 */
	public HotThreadsRequestParser(StackTraceRequestParser parser, Duration maxRequestDuration) {
		this.parser = parser;
		this.maxIntervalMillis = Math.max(MIN_INTERVAL_MS, Math.min(MAX_INTERVAL_MS, maxRequestDuration.toMillis()));
	}

	/**
	 * Validates the raw parameters into a query, checking them in the order this class names.
	 * @param raw the parameters as received
	 * @return the query
	 * @throws InvalidStackTraceRequestException naming the first invalid parameter
	 */
	public HotThreadsQuery parse(HotThreadsParameters raw) {
		int threads = (int) parseRange("threads", raw.threads(), 1, MAX_THREADS, 3);
		long interval = parseRange("interval_ms", raw.intervalMs(), MIN_INTERVAL_MS, this.maxIntervalMillis,
				Math.min(DEFAULT_INTERVAL_MS, this.maxIntervalMillis));
		int snapshots = (int) parseRange("snapshots", raw.snapshots(), 1, MAX_SNAPSHOTS, 10);
		if ((long) threads * snapshots > MAX_STACKS) {
			throw new InvalidStackTraceRequestException("invalid threads x snapshots: " + threads + " x " + snapshots
					+ " = " + ((long) threads * snapshots) + ", expected at most " + MAX_STACKS);
		}
		HotThreadsType type = parseType(raw.type());
		boolean ignoreIdle = StackTraceRequestParser.isEmpty(raw.ignoreIdle())
				|| StackTraceRequestParser.parseBoolean("ignore_idle", raw.ignoreIdle());
		ReportFormat format = parseFormat(raw.format());
		StackTraceQuery shared = this.parser.parse(new RawParameters(null, null, raw.mode(), null, null, null, null,
				null, raw.state(), raw.name()));
		HotThreadsRequest request = new HotThreadsRequest(type, threads, Duration.ofMillis(interval), snapshots,
				ignoreIdle, shared.request().mode(), shared.request().filter());
		return new HotThreadsQuery(request, format);
	}

	private static long parseRange(String name, @Nullable String raw, long min, long max, long fallback) {
		if (StackTraceRequestParser.isEmpty(raw)) {
			return fallback;
		}
		OptionalLong value = StackTraceRequestParser.parseDecimal(name, raw);
		if (value.isEmpty() || value.getAsLong() < min || value.getAsLong() > max) {
			throw StackTraceRequestParser.invalid(name, raw, ", expected range [" + min + ", " + max + "]");
		}
		return value.getAsLong();
	}

	/**
	 * The formats of a hot-threads report: jstack lays out a thread dump, one stack per thread, which a hot-threads
	 * report does not have.
	 */
	private static @Nullable ReportFormat parseFormat(@Nullable String raw) {
		if (StackTraceRequestParser.isEmpty(raw)) {
			return null;
		}
		for (ReportFormat format : List.of(ReportFormat.TEXT, ReportFormat.JSON, ReportFormat.FOLDED,
				ReportFormat.HTML)) {
			if (StackTraceRequestParser.isKeyword(format.parameterValue(), raw)) {
				return format;
			}
		}
		throw StackTraceRequestParser.invalid("format", raw, ", expected one of text, json, folded, html");
	}

	private static HotThreadsType parseType(@Nullable String raw) {
		if (StackTraceRequestParser.isEmpty(raw)) {
			return HotThreadsType.CPU;
		}
		for (HotThreadsType type : HotThreadsType.values()) {
			if (StackTraceRequestParser.isKeyword(type.reportName(), raw)) {
				return type;
			}
		}
		throw StackTraceRequestParser.invalid("type", raw, ", expected one of cpu, wait, block, alloc");
	}

}
