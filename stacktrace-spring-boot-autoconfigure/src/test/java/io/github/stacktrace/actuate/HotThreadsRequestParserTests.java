package io.github.stacktrace.actuate;

import java.time.Duration;
import java.util.Set;

import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.HotThreadsType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HotThreadsRequestParser}.
 */
class HotThreadsRequestParserTests {

	private final HotThreadsRequestParser parser = new HotThreadsRequestParser(
			new StackTraceRequestParser(DetailMode.FAST, Duration.ofMillis(100), Duration.ofSeconds(10), 16),
			Duration.ofSeconds(30));

	@Test
	void noParameterGivesTheDefaults() {
		HotThreadsQuery query = this.parser.parse(HotThreadsParameters.NONE);
		HotThreadsRequest request = query.request();
		assertThat(request).isEqualTo(HotThreadsRequest.DEFAULTS);
		assertThat(query.format()).isNull();
	}

	@Test
	void everyParameterIsRead() {
		HotThreadsQuery query = this.parser.parse(new HotThreadsParameters("7", "250", "4", "BLOCK", "false",
				"disabled", "json", "runnable,blocked", "http-*"));
		HotThreadsRequest request = query.request();
		assertThat(request.type()).isEqualTo(HotThreadsType.BLOCK);
		assertThat(request.threads()).isEqualTo(7);
		assertThat(request.interval()).isEqualTo(Duration.ofMillis(250));
		assertThat(request.snapshots()).isEqualTo(4);
		assertThat(request.ignoreIdle()).isFalse();
		assertThat(request.mode()).isEqualTo(DetailMode.DISABLED);
		assertThat(request.filter().states()).isEqualTo(Set.of(Thread.State.RUNNABLE, Thread.State.BLOCKED));
		assertThat(request.filter().nameGlob()).isEqualTo("http-*");
		assertThat(query.format()).isEqualTo(ReportFormat.JSON);
	}

	@Test
	void htmlIsAFormatOfHotThreadsInAnyCase() {
		HotThreadsQuery query = this.parser.parse(new HotThreadsParameters(null, null, null, null, null, null, "HTML",
				null, null));
		assertThat(query.format()).isEqualTo(ReportFormat.HTML);
	}

	@Test
	void emptyValuesAreAbsent() {
		assertThat(this.parser.parse(new HotThreadsParameters("", "", "", "", "", "", "", "", "")).request())
			.isEqualTo(HotThreadsRequest.DEFAULTS);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			threads=0             | invalid threads: 0, expected range [1, 1000]
			threads=1001          | invalid threads: 1001, expected range [1, 1000]
			threads=abc           | invalid threads: abc
			threads=-1            | invalid threads: -1
			interval_ms=9         | invalid interval_ms: 9, expected range [10, 30000]
			interval_ms=30001     | invalid interval_ms: 30001, expected range [10, 30000]
			interval_ms=1e3       | invalid interval_ms: 1e3
			snapshots=0           | invalid snapshots: 0, expected range [1, 100]
			snapshots=101         | invalid snapshots: 101, expected range [1, 100]
			type=heap             | invalid type: heap, expected one of cpu, wait, block, alloc
			type=ſpu              | invalid type: ſpu, expected one of cpu, wait, block, alloc
			ignore_idle=maybe     | invalid ignore_idle: maybe, expected one of true, false, 1, 0
			mode=slow             | invalid mode: slow, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			format=xml            | invalid format: xml, expected one of text, json, folded, html
			format=jstack         | invalid format: jstack, expected one of text, json, folded, html
			format=htm            | invalid format: htm, expected one of text, json, folded, html
			state=RUN             | invalid state: RUN, expected one of NEW, RUNNABLE, BLOCKED, WAITING, TIMED_WAITING, TERMINATED
			""")
	void badValueIsRejectedWithOneLineNamingIt(String parameter, String message) {
		assertThatExceptionOfType(InvalidStackTraceRequestException.class)
			.isThrownBy(() -> this.parser.parse(parameters(parameter)))
			.withMessage(message);
	}

	@Test
	void intervalIsBoundByTheRequestBudgetAndBy60Seconds() {
		HotThreadsRequestParser shortBudget = new HotThreadsRequestParser(
				new StackTraceRequestParser(DetailMode.FAST, Duration.ofMillis(100), Duration.ofSeconds(10), 16),
				Duration.ofMillis(200));
		assertThat(shortBudget.parse(HotThreadsParameters.NONE).request().interval()).isEqualTo(Duration.ofMillis(200));
		assertThatExceptionOfType(InvalidStackTraceRequestException.class)
			.isThrownBy(() -> shortBudget.parse(parameters("interval_ms=201")))
			.withMessage("invalid interval_ms: 201, expected range [10, 200]");
		HotThreadsRequestParser longBudget = new HotThreadsRequestParser(
				new StackTraceRequestParser(DetailMode.FAST, Duration.ofMillis(100), Duration.ofSeconds(10), 16),
				Duration.ofHours(1));
		assertThat(longBudget.parse(parameters("interval_ms=60000")).request().interval())
			.isEqualTo(Duration.ofMinutes(1));
		assertThatExceptionOfType(InvalidStackTraceRequestException.class)
			.isThrownBy(() -> longBudget.parse(parameters("interval_ms=60001")))
			.withMessage("invalid interval_ms: 60001, expected range [10, 60000]");
	}

	@Test
	void hostileValueIsEscapedAndCut() {
		String hostile = "cpu\n----- thread 1 (main) -----\u001b" + "x".repeat(200);
		assertThatExceptionOfType(InvalidStackTraceRequestException.class)
			.isThrownBy(() -> this.parser.parse(new HotThreadsParameters(null, null, null, hostile, null, null, null,
					null, null)))
			.withMessageStartingWith("invalid type: cpu\\n----- thread 1 (main) -----\\u001b")
			.withMessageNotContaining("\n")
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(200));
	}

	@Test
	void firstBadParameterInOrderIsReported() {
		assertThatExceptionOfType(InvalidStackTraceRequestException.class)
			.isThrownBy(() -> this.parser.parse(new HotThreadsParameters(null, "1", "0", "heap", null, null, null,
					null, null)))
			.withMessageStartingWith("invalid interval_ms: 1,");
	}

	private static HotThreadsParameters parameters(String assignment) {
		String name = assignment.substring(0, assignment.indexOf('='));
		String value = assignment.substring(assignment.indexOf('=') + 1);
		return new HotThreadsParameters(name.equals("threads") ? value : null,
				name.equals("interval_ms") ? value : null, name.equals("snapshots") ? value : null,
				name.equals("type") ? value : null, name.equals("ignore_idle") ? value : null,
				name.equals("mode") ? value : null, name.equals("format") ? value : null,
				name.equals("state") ? value : null, name.equals("name") ? value : null);
	}

}
