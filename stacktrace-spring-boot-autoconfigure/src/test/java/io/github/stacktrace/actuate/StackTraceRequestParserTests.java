package io.github.stacktrace.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.VirtualThreadSelection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link StackTraceRequestParser}: every error of the README's parameter table, the order parameters are
 * checked in, how echoed values are escaped and cut, and the values that are accepted.
 */
class StackTraceRequestParserTests {

	private static final int MAX_THREAD_IDS = 4;

	private static final String MODES = ", expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE";

	private static final String BOOLEANS = ", expected one of true, false, 1, 0";

	private static final String STATES = ", expected one of NEW, RUNNABLE, BLOCKED, WAITING, TIMED_WAITING, TERMINATED";

	/** Each parameter in the order the parser checks it, with a bad value and the error that value gets. */
	private static final List<BadValue> IN_ORDER = List.of(new BadValue("thread_id", "abc", "invalid thread_id: abc"),
			new BadValue("mode", "unknown", "invalid mode: unknown" + MODES),
			new BadValue("timeout_ms", "0", "invalid timeout_ms: 0, expected range [1, 10000]"),
			new BadValue("skip_blocking_syscalls", "maybe", "invalid skip_blocking_syscalls: maybe" + BOOLEANS),
			new BadValue("format", "xml", "invalid format: xml, expected one of text, json, folded, jstack, html"),
			new BadValue("group", "maybe", "invalid group: maybe" + BOOLEANS),
			new BadValue("state", "sleeping", "invalid state: sleeping" + STATES),
			new BadValue("name", "n".repeat(257),
					"invalid name: " + "n".repeat(64) + "...(193 more chars), longer than 256 chars"),
			new BadValue("virtual", "maybe", "invalid virtual: maybe, expected one of include, exclude, only"),
			new BadValue("min_elapsed_ms", "-1", "invalid min_elapsed_ms: -1"));

	private final StackTraceRequestParser parser = new StackTraceRequestParser(DetailMode.FAST, Duration.ofMillis(100),
			Duration.ofSeconds(10), MAX_THREAD_IDS);

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("badValues")
	void badValueIsRejectedWithOneLineNamingTheParameter(String parameter, String value, String message) {
		assertRejected(parameters(parameter, value), message);
	}

	static Stream<Arguments> badValues() {
		return Stream.of(
				// thread_id and its legacy alias tid
				Arguments.of("thread_id", "abc", "invalid thread_id: abc"),
				Arguments.of("tid", "abc", "invalid tid: abc"),
				Arguments.of("thread_id", "1,,2", "invalid thread_id: empty token"),
				Arguments.of("thread_id", ",1", "invalid thread_id: empty token"),
				Arguments.of("thread_id", "1,", "invalid thread_id: empty token"),
				Arguments.of("tid", "1,,2", "invalid tid: empty token"),
				Arguments.of("thread_id", "0", "invalid thread_id: 0"),
				Arguments.of("thread_id", "-1", "invalid thread_id: -1"),
				Arguments.of("thread_id", "9223372036854775808", "invalid thread_id: 9223372036854775808"),
				Arguments.of("thread_id", "99999999999999999999999999", "invalid thread_id: 99999999999999999999999999"),
				Arguments.of("thread_id", "+1", "invalid thread_id: +1"),
				Arguments.of("thread_id", "0x10", "invalid thread_id: 0x10"),
				Arguments.of("thread_id", " 1", "invalid thread_id:  1"),
				Arguments.of("thread_id", "1 ", "invalid thread_id: 1 "),
				Arguments.of("thread_id", "1.0", "invalid thread_id: 1.0"),
				Arguments.of("thread_id", "\u0661\u0662", "invalid thread_id: \u0661\u0662"),
				Arguments.of("thread_id", "\uff11", "invalid thread_id: \uff11"),
				Arguments.of("thread_id", "1,abc,0", "invalid thread_id: abc"),
				Arguments.of("thread_id", "1,0,abc", "invalid thread_id: 0"),
				Arguments.of("tid", "7,-7", "invalid tid: -7"),
				Arguments.of("thread_id", "1,2,3,4,5", "invalid thread_id: too many ids (max 4)"),
				Arguments.of("tid", "1,2,3,4,5", "invalid tid: too many ids (max 4)"),
				Arguments.of("thread_id", "a,b,c,d,e", "invalid thread_id: too many ids (max 4)"),
				Arguments.of("thread_id", ",,,,", "invalid thread_id: too many ids (max 4)"),
				// mode and its long name: the message names the one that was sent
				Arguments.of("mode", "unknown", "invalid mode: unknown" + MODES),
				Arguments.of("dwarf_location_info_mode", "unknown", "invalid dwarf_location_info_mode: unknown" + MODES),
				Arguments.of("mode", "fast,full", "invalid mode: fast,full" + MODES),
				Arguments.of("mode", " fast", "invalid mode:  fast" + MODES),
				// timeout_ms: a number out of range names the range, anything else does not
				Arguments.of("timeout_ms", "0", "invalid timeout_ms: 0, expected range [1, 10000]"),
				Arguments.of("timeout_ms", "10001", "invalid timeout_ms: 10001, expected range [1, 10000]"),
				Arguments.of("timeout_ms", "99999999999999999999999999",
						"invalid timeout_ms: 99999999999999999999999999, expected range [1, 10000]"),
				Arguments.of("timeout_ms", "ten", "invalid timeout_ms: ten"),
				Arguments.of("timeout_ms", "-5", "invalid timeout_ms: -5"),
				Arguments.of("timeout_ms", "1,2", "invalid timeout_ms: 1,2"),
				Arguments.of("timeout_ms", "\u0661", "invalid timeout_ms: \u0661"),
				// booleans
				Arguments.of("skip_blocking_syscalls", "maybe", "invalid skip_blocking_syscalls: maybe" + BOOLEANS),
				Arguments.of("skip_blocking_syscalls", "yes", "invalid skip_blocking_syscalls: yes" + BOOLEANS),
				Arguments.of("group", "maybe", "invalid group: maybe" + BOOLEANS),
				Arguments.of("group", "2", "invalid group: 2" + BOOLEANS),
				// format
				Arguments.of("format", "xml", "invalid format: xml, expected one of text, json, folded, jstack, html"),
				Arguments.of("format", "json,text", "invalid format: json,text, expected one of text, json, folded, jstack, html"),
				// filters
				Arguments.of("state", "sleeping", "invalid state: sleeping" + STATES),
				Arguments.of("state", "waiting,", "invalid state: empty token"),
				Arguments.of("state", ",waiting", "invalid state: empty token"),
				Arguments.of("state", "waiting,,blocked", "invalid state: empty token"),
				Arguments.of("state", "waiting,sleeping", "invalid state: sleeping" + STATES),
				Arguments.of("name", "*a".repeat(200),
						"invalid name: " + "*a".repeat(32) + "...(336 more chars), longer than 256 chars"),
				// min_elapsed_ms: a number out of range names the range, anything else does not
				Arguments.of("min_elapsed_ms", "86400001", "invalid min_elapsed_ms: 86400001, expected range [0, 86400000]"),
				Arguments.of("min_elapsed_ms", "99999999999999999999999999",
						"invalid min_elapsed_ms: 99999999999999999999999999, expected range [0, 86400000]"),
				Arguments.of("min_elapsed_ms", "1s", "invalid min_elapsed_ms: 1s"),
				Arguments.of("min_elapsed_ms", "-1", "invalid min_elapsed_ms: -1"),
				Arguments.of("min_elapsed_ms", "1\n", "invalid min_elapsed_ms: 1\\n"));
	}

	@Test
	void tidAndThreadIdTogetherAreRejectedBeforeEitherValueIsRead() {
		assertRejected(parameters("tid", "1", "thread_id", "2"), "tid and thread_id are mutually exclusive");
		assertRejected(parameters("tid", "abc", "thread_id", "abc"), "tid and thread_id are mutually exclusive");
		assertRejected(parameters("tid", "1,2,3,4,5", "thread_id", "1"), "tid and thread_id are mutually exclusive");
	}

	@ParameterizedTest(name = "bad {0} and bad {1}: {0} is reported")
	@MethodSource("pairsInOrder")
	void firstBadParameterInTableOrderIsReported(String first, String second) {
		BadValue earlier = badValue(first);
		BadValue later = badValue(second);
		assertRejected(parameters(later.parameter(), later.value(), earlier.parameter(), earlier.value()),
				earlier.message());
	}

	static Stream<Arguments> pairsInOrder() {
		List<Arguments> pairs = new ArrayList<>();
		for (int i = 0; i < IN_ORDER.size(); i++) {
			for (int j = i + 1; j < IN_ORDER.size(); j++) {
				pairs.add(Arguments.of(IN_ORDER.get(i).parameter(), IN_ORDER.get(j).parameter()));
			}
		}
		return pairs.stream();
	}

	@Test
	void everyParameterBadReportsThreadIdAndEachOneAloneReportsItself() {
		List<String> all = new ArrayList<>();
		for (BadValue bad : IN_ORDER) {
			all.add(bad.parameter());
			all.add(bad.value());
			assertRejected(parameters(bad.parameter(), bad.value()), bad.message());
		}
		assertRejected(parameters(all.toArray(String[]::new)), "invalid thread_id: abc");
		assertRejected(parameters("tid", "abc", "mode", "unknown"), "invalid tid: abc");
	}

	@Test
	void badModeIsReportedByTheNameItWasSentUnder() {
		assertRejected(parameters("mode", "bogus"), "invalid mode: bogus" + MODES);
		assertRejected(parameters("dwarf_location_info_mode", "bogus"),
				"invalid dwarf_location_info_mode: bogus" + MODES);
		// The long name wins when both are given, so a bad short one beside a good long one is not read.
		assertThat(this.parser.parse(parameters("mode", "bogus", "dwarf_location_info_mode", "full")).request().mode())
			.isEqualTo(DetailMode.FULL);
	}

	@Test
	void badLongModeNameIsReportedEvenWhenModeIsGood() {
		assertRejected(parameters("mode", "fast", "dwarf_location_info_mode", "unknown"),
				"invalid dwarf_location_info_mode: unknown" + MODES);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			"\\n"                                    | \\n
			"\\r\\n"                                  | \\r\\n
			"\\t"                                    | \\t
			"\\u0000"                                | \\u0000
			"\\u001b[31m"                            | \\u001b[31m
			"\\u007f"                                | \\u007f
			"\\u0085"                                | \\u0085
			"\\u009f"                                | \\u009f
			"\\u2028"                                | \\u2028
			"\\u2029"                                | \\u2029
			"\\\\"                                   | \\\\
			"\\n----- thread 1 (main) status=ok -----" | \\n----- thread 1 (main) status=ok -----
			""")
	void echoedValueIsEscapedSoTheErrorStaysOneLine(String javaEscaped, String shown) {
		String raw = unescapeJava(javaEscaped);
		for (String parameter : new String[] { "thread_id", "tid", "timeout_ms" }) {
			assertOneLine(assertRejected(parameters(parameter, raw), "invalid " + parameter + ": " + shown));
		}
		assertOneLine(assertRejected(parameters("mode", raw), "invalid mode: " + shown + MODES));
		assertOneLine(assertRejected(parameters("group", raw), "invalid group: " + shown + BOOLEANS));
		assertOneLine(assertRejected(parameters("state", raw), "invalid state: " + shown + STATES));
		assertOneLine(assertRejected(parameters("format", "json" + raw),
				"invalid format: json" + shown + ", expected one of text, json, folded, jstack, html"));
	}

	@Test
	void echoedValueIsCutAfter64CharactersSayingHowManyMore() {
		assertRejected(parameters("thread_id", "a".repeat(64)), "invalid thread_id: " + "a".repeat(64));
		assertRejected(parameters("thread_id", "a".repeat(65)), "invalid thread_id: " + "a".repeat(64) + "...(1 more chars)");
		assertRejected(parameters("thread_id", "9".repeat(5000)),
				"invalid thread_id: " + "9".repeat(64) + "...(4936 more chars)");
		assertRejected(parameters("timeout_ms", "9".repeat(5000)),
				"invalid timeout_ms: " + "9".repeat(64) + "...(4936 more chars), expected range [1, 10000]");
		assertRejected(parameters("mode", "x".repeat(100)),
				"invalid mode: " + "x".repeat(64) + "...(36 more chars)" + MODES);
	}

	@Test
	void cutValueIsEscapedAndNeverSplitsASurrogatePair() {
		assertOneLine(assertRejected(parameters("thread_id", "\n".repeat(100)),
				"invalid thread_id: " + "\\n".repeat(64) + "...(36 more chars)"));
		String emojiAtTheCut = "a".repeat(63) + "\ud83d\ude00" + "b".repeat(10);
		assertRejected(parameters("thread_id", emojiAtTheCut),
				"invalid thread_id: " + "a".repeat(63) + "...(12 more chars)");
	}

	@Test
	void idListUpToTheLimitIsAccepted() {
		assertThat(parse("thread_id", "1,2,3,4").request().threadIds()).containsExactly(1L, 2L, 3L, 4L);
		assertThat(parse("tid", "4,3,2,1").request().threadIds()).containsExactly(4L, 3L, 2L, 1L);
		assertRejected(parameters("thread_id", "1,2,3,4,5"), "invalid thread_id: too many ids (max 4)");
	}

	@Test
	void nameUpTo256CharactersIsAccepted() {
		String longest = "*".repeat(256);
		assertThat(parse("name", longest).request().filter().nameGlob()).isEqualTo(longest);
		assertRejected(parameters("name", longest + "*"),
				"invalid name: " + "*".repeat(64) + "...(193 more chars), longer than 256 chars");
	}

	@Test
	void noParametersGiveTheDefaults() {
		assertDefaults(this.parser.parse(RawParameters.NONE));
	}

	@Test
	void emptyValuesAreAbsent() {
		List<String> empty = new ArrayList<>();
		for (String parameter : new String[] { "thread_id", "tid", "mode", "dwarf_location_info_mode", "timeout_ms",
				"skip_blocking_syscalls", "format", "group", "state", "name" }) {
			empty.add(parameter);
			empty.add("");
		}
		assertDefaults(this.parser.parse(parameters(empty.toArray(String[]::new))));
	}

	@Test
	void emptyThreadIdLeavesTidToSelect() {
		assertThat(this.parser.parse(parameters("thread_id", "", "tid", "5")).request().threadIds())
			.containsExactly(5L);
		assertThat(this.parser.parse(parameters("thread_id", "6", "tid", "")).request().threadIds())
			.containsExactly(6L);
	}

	@Test
	void longModeNameWinsOverMode() {
		assertThat(this.parser.parse(parameters("mode", "disabled", "dwarf_location_info_mode", "Full")).request().mode())
			.isEqualTo(DetailMode.FULL);
		// The short name is not read at all when the long one is given.
		assertThat(this.parser.parse(parameters("mode", "unknown", "dwarf_location_info_mode", "fast")).request().mode())
			.isEqualTo(DetailMode.FAST);
		assertThat(this.parser.parse(parameters("mode", "full", "dwarf_location_info_mode", "")).request().mode())
			.isEqualTo(DetailMode.FULL);
	}

	@Test
	void threadIdsAreKeptInTheOrderAskedWithRepeats() {
		assertThat(parse("thread_id", "3,1,3").request().threadIds()).containsExactly(3L, 1L, 3L);
		assertThat(parse("thread_id", "9223372036854775807").request().threadIds())
			.containsExactly(Long.MAX_VALUE);
		assertThat(parse("thread_id", "007").request().threadIds()).containsExactly(7L);
	}

	@ParameterizedTest(name = "mode={0}")
	@CsvSource(textBlock = """
			disabled,         DISABLED
			FAST,             FAST
			Full,             FULL
			full_WITH_inline, FULL_WITH_INLINE
			""")
	void modeIsReadInAnyCase(String value, DetailMode mode) {
		assertThat(parse("mode", value).request().mode()).isEqualTo(mode);
		assertThat(parse("dwarf_location_info_mode", value).request().mode()).isEqualTo(mode);
	}

	@ParameterizedTest(name = "timeout_ms={0}")
	@ValueSource(strings = { "1", "250", "10000", "00010" })
	void timeoutWithinTheRangeIsAccepted(String value) {
		assertThat(parse("timeout_ms", value).request().timeoutPerThread())
			.isEqualTo(Duration.ofMillis(Long.parseLong(value)));
	}

	@Test
	void timeoutRangeFollowsTheConfiguredMaximum() {
		StackTraceRequestParser strict = new StackTraceRequestParser(DetailMode.DISABLED, Duration.ofMillis(250),
				Duration.ofSeconds(2), 2);
		assertRejected(strict, parameters("timeout_ms", "2001"), "invalid timeout_ms: 2001, expected range [1, 2000]");
		assertRejected(strict, parameters("thread_id", "1,2,3"), "invalid thread_id: too many ids (max 2)");
		StackTraceRequest defaults = strict.parse(RawParameters.NONE).request();
		assertThat(defaults.timeoutPerThread()).isEqualTo(Duration.ofMillis(250));
		assertThat(defaults.mode()).isEqualTo(DetailMode.DISABLED);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(textBlock = """
			true,  true
			TRUE,  true
			1,     true
			false, false
			False, false
			0,     false
			""")
	void booleansAreTrueFalseOneOrZeroInAnyCase(String value, boolean expected) {
		assertThat(parse("skip_blocking_syscalls", value).request().skipBlockingSyscalls()).isEqualTo(expected);
		assertThat(parse("group", value).grouped()).isEqualTo(expected);
	}

	@ParameterizedTest(name = "format={0}")
	@CsvSource(textBlock = """
			text,   TEXT
			JSON,   JSON
			Folded, FOLDED
			""")
	void formatIsReadInAnyCase(String value, ReportFormat format) {
		StackTraceQuery query = parse("format", value);
		assertThat(query.format()).isEqualTo(format);
		assertThat(query.formatOr(ReportFormat.TEXT)).isEqualTo(format);
	}

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("lookAlikeKeywords")
	void keywordWithALookAlikeLetterIsRejected(String parameter, String value, String message) {
		assertOneLine(assertRejected(parameters(parameter, value), message));
	}

	/**
	 * Keywords spelled with a letter from outside ASCII whose case mapping is an ASCII letter, so that a Unicode
	 * case-insensitive comparison takes it for that letter.
	 */
	static Stream<Arguments> lookAlikeKeywords() {
		String longS = "\u017f"; // LATIN SMALL LETTER LONG S: upper case is S
		String dotlessI = "\u0131"; // LATIN SMALL LETTER DOTLESS I: upper case is I
		String dottedI = "\u0130"; // LATIN CAPITAL LETTER I WITH DOT ABOVE: lower case is i
		String kelvin = "\u212a"; // KELVIN SIGN: lower case is k
		return Stream.of(
				Arguments.of("mode", "fa" + longS + "t", "invalid mode: fa" + longS + "t" + MODES),
				Arguments.of("mode", "FA" + longS + "T", "invalid mode: FA" + longS + "T" + MODES),
				Arguments.of("mode", "d" + dotlessI + "sabled",
						"invalid mode: d" + dotlessI + "sabled" + MODES),
				Arguments.of("dwarf_location_info_mode", "full_with_" + dotlessI + "nline",
						"invalid dwarf_location_info_mode: full_with_" + dotlessI + "nline" + MODES),
				Arguments.of("dwarf_location_info_mode", "FULL_WITH_" + dottedI + "NLINE",
						"invalid dwarf_location_info_mode: FULL_WITH_" + dottedI + "NLINE" + MODES),
				Arguments.of("state", "bloc" + kelvin + "ed", "invalid state: bloc" + kelvin + "ed" + STATES),
				Arguments.of("state", "BLOC" + kelvin + "ED", "invalid state: BLOC" + kelvin + "ED" + STATES),
				Arguments.of("state", "waiting,timed_wa" + dotlessI + "ting",
						"invalid state: timed_wa" + dotlessI + "ting" + STATES),
				Arguments.of("state", "wa" + dottedI + "ting", "invalid state: wa" + dottedI + "ting" + STATES),
				Arguments.of("format", "j" + longS + "on",
						"invalid format: j" + longS + "on, expected one of text, json, folded, jstack, html"),
				Arguments.of("format", "J" + longS + "ON",
						"invalid format: J" + longS + "ON, expected one of text, json, folded, jstack, html"),
				Arguments.of("skip_blocking_syscalls", "fal" + longS + "e",
						"invalid skip_blocking_syscalls: fal" + longS + "e" + BOOLEANS),
				Arguments.of("skip_blocking_syscalls", "FAL" + longS + "E",
						"invalid skip_blocking_syscalls: FAL" + longS + "E" + BOOLEANS),
				Arguments.of("group", "fal" + longS + "e", "invalid group: fal" + longS + "e" + BOOLEANS),
				Arguments.of("group", "FAL" + longS + "E", "invalid group: FAL" + longS + "E" + BOOLEANS));
	}

	@Test
	void keywordsAreAsciiInAnyCase() {
		assertThat(parse("mode", "fUlL_wItH_iNlInE").request().mode()).isEqualTo(DetailMode.FULL_WITH_INLINE);
		assertThat(parse("state", "bLoCkEd").request().filter().states()).containsExactly(Thread.State.BLOCKED);
		assertThat(parse("format", "jSoN").format()).isEqualTo(ReportFormat.JSON);
		assertThat(parse("group", "tRuE").grouped()).isTrue();
		// Not letters, so not case-folded: '_' is not the case partner of DEL or of any other character.
		assertRejected(parameters("mode", "full\u007fwith\u007finline"),
				"invalid mode: full\\u007fwith\\u007finline" + MODES);
		assertRejected(parameters("group", "\u0011"), "invalid group: \\u0011" + BOOLEANS);
	}

	@Test
	void virtualIsIncludeExcludeOrOnlyInAnyCase() {
		assertThat(parse("virtual", "include").request().virtualThreads()).isEqualTo(VirtualThreadSelection.INCLUDE);
		assertThat(parse("virtual", "EXCLUDE").request().virtualThreads()).isEqualTo(VirtualThreadSelection.EXCLUDE);
		assertThat(parse("virtual", "oNlY").request().virtualThreads()).isEqualTo(VirtualThreadSelection.ONLY);
		assertRejected(parameters("virtual", "true"), "invalid virtual: true, expected one of include, exclude, only");
		assertRejected(parameters("virtual", "on\u0131y"),
				"invalid virtual: on\u0131y, expected one of include, exclude, only");
	}

	@Test
	void filterHoldsStatesAndNameGlob() {
		ThreadFilter filter = this.parser.parse(parameters("state", "waiting,Timed_Waiting,WAITING", "name", "pool-*"))
			.request()
			.filter();
		assertThat(filter.states()).isEqualTo(EnumSet.of(Thread.State.WAITING, Thread.State.TIMED_WAITING));
		assertThat(filter.nameGlob()).isEqualTo("pool-*");
	}

	@Test
	void minElapsedIsAFilterInMilliseconds() {
		assertThat(parse("min_elapsed_ms", "1000").request().filter().minElapsed()).isEqualTo(Duration.ofSeconds(1));
		assertThat(parse("min_elapsed_ms", "0").request().filter().minElapsed()).isEqualTo(Duration.ZERO);
		assertThat(parse("min_elapsed_ms", "86400000").request().filter().minElapsed()).isEqualTo(Duration.ofDays(1));
		assertThat(parse("min_elapsed_ms", "0").request().filter().isEmpty()).isFalse();
	}

	private static void assertDefaults(StackTraceQuery query) {
		StackTraceRequest request = query.request();
		assertThat(request.threadIds()).isNull();
		assertThat(request.mode()).isEqualTo(DetailMode.FAST);
		assertThat(request.timeoutPerThread()).isEqualTo(Duration.ofMillis(100));
		assertThat(request.skipBlockingSyscalls()).isFalse();
		assertThat(request.filter()).isEqualTo(ThreadFilter.NONE);
		assertThat(request.virtualThreads()).isEqualTo(VirtualThreadSelection.INCLUDE);
		assertThat(query.format()).isNull();
		assertThat(query.formatOr(ReportFormat.JSON)).isEqualTo(ReportFormat.JSON);
		assertThat(query.grouped()).isFalse();
	}

	private StackTraceQuery parse(String parameter, String value) {
		return this.parser.parse(parameters(parameter, value));
	}

	private String assertRejected(RawParameters parameters, String message) {
		return assertRejected(this.parser, parameters, message);
	}

	private static String assertRejected(StackTraceRequestParser parser, RawParameters parameters, String message) {
		InvalidStackTraceRequestException ex = catchThrowableOfType(InvalidStackTraceRequestException.class,
				() -> parser.parse(parameters));
		assertThat(ex).as("rejection of %s", parameters).isNotNull().hasMessage(message);
		return ex.getMessage();
	}

	private static void assertOneLine(String message) {
		assertThat(message.chars()).noneMatch((c) -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029);
	}

	private static BadValue badValue(String parameter) {
		return IN_ORDER.stream().filter((bad) -> bad.parameter().equals(parameter)).findFirst().orElseThrow();
	}

	/**
	 * Parameters by their query names, as name-value pairs; a name given twice keeps the later value.
	 */
	private static RawParameters parameters(String... namesAndValues) {
		Map<String, String> values = new HashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			values.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		RawParameters parameters = new RawParameters(values.remove("thread_id"), values.remove("tid"),
				values.remove("mode"), values.remove("dwarf_location_info_mode"), values.remove("timeout_ms"),
				values.remove("skip_blocking_syscalls"), values.remove("format"), values.remove("group"),
				values.remove("state"), values.remove("name"), values.remove("virtual"), values.remove("min_elapsed_ms"));
		assertThat(values).as("unknown parameter names").isEmpty();
		return parameters;
	}

	/** Turns the {@code \n}, {@code \r}, {@code \t}, {@code \\} and {@code \}{@code uXXXX} escapes of a test value into characters. */
	private static String unescapeJava(String escaped) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < escaped.length(); i++) {
			char c = escaped.charAt(i);
			if (c != '\\') {
				out.append(c);
				continue;
			}
			char next = escaped.charAt(++i);
			switch (next) {
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				case 't' -> out.append('\t');
				case '\\' -> out.append('\\');
				case 'u' -> {
					out.append((char) Integer.parseInt(escaped.substring(i + 1, i + 5), 16));
					i += 4;
				}
				default -> throw new IllegalArgumentException("unknown escape \\" + next);
			}
		}
		return out.toString();
	}

	private record BadValue(String parameter, String value, String message) {

	}

}
