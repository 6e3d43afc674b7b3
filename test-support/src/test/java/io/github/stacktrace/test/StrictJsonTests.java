package io.github.stacktrace.test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.stacktrace.test.StrictJson.InvalidJsonException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the strict JSON reader refuses and what it reads. Backslashes in the inputs are JSON's own: the Java literals
 * double them.
 */
class StrictJsonTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			`["\\ud800"]`                  | lone surrogate escape \\ud800
			`["\\ud800x"]`                 | lone surrogate escape \\ud800
			`["\\udc00"]`                  | lone surrogate escape \\udc00
			`["\\udc00\\ud800"]`           | lone surrogate escape \\udc00
			`["\\ud800\\u0041"]`           | lone surrogate escape \\ud800
			`{"a":1,"a":2}`                | duplicate key "a"
			`{"a":{"b":1},"\\u0061":2}`    | duplicate key "a"
			`{"a":1} x`                    | trailing content after the value
			`[1]]`                         | trailing content after the value
			`{} {}`                        | trailing content after the value
			`[NaN]`                        | unexpected character 'N'
			`[Infinity]`                   | unexpected character 'I'
			`[-Infinity]`                  | a digit expected in a number
			`[01]`                         | leading zero in a number
			`[-007]`                       | leading zero in a number
			`[1.]`                         | a digit expected after the decimal point
			`[.5]`                         | unexpected character '.'
			`[1e]`                         | a digit expected in the exponent
			`[+1]`                         | unexpected character '+'
			`[1] // comment`               | trailing content after the value
			`[/* comment */ 1]`            | unexpected character '/'
			`{'a': 1}`                     | a member name in double quotes expected
			`['a']`                        | unexpected character '''
			`[1,]`                         | unexpected character ']'
			`{"a":1,}`                     | a member name in double quotes expected
			`{a:1}`                        | a member name in double quotes expected
			`["\\x41"]`                    | invalid escape \\'x'
			`["\\u12"]`                    | \\u needs four hex digits
			`["\\u00G1"]`                  | \\u needs four hex digits
			`[True]`                       | unexpected character 'T'
			`[nul]`                        | unexpected word, expected null
			`["abc`                        | unterminated string
			`[`                            | a value expected, found the end
			``                             | a value expected, found the end
			""")
	void refusesWhatJqRefusesAndMore(String json, String reason) {
		assertThatExceptionOfType(InvalidJsonException.class).isThrownBy(() -> StrictJson.parse(json))
			.withMessageEndingWith(reason);
	}

	@ParameterizedTest
	@ValueSource(chars = { '\u0000', '\u0001', '\t', '\n', '\r', '\u001b', '\u001f' })
	void refusesARawControlCharacterInAString(char control) {
		assertThatExceptionOfType(InvalidJsonException.class)
			.isThrownBy(() -> StrictJson.parse("[\"a" + control + "b\"]"))
			.withMessageContaining("raw control character");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[\"\ud800\"]", "[\"a\udc00b\"]", "[\"\udc00\ud800\"]", "{\"\ud83d\":1}" })
	void refusesARawLoneSurrogate(String json) {
		assertThatExceptionOfType(InvalidJsonException.class).isThrownBy(() -> StrictJson.parse(json))
			.withMessageContaining("lone surrogate U+D");
	}

	@Test
	void refusesBytesThatAreNotUtf8() {
		// A surrogate encoded as three bytes (CESU-8), then a stray continuation byte: neither is UTF-8.
		for (byte[] bytes : List.of(new byte[] { '[', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ']' },
				new byte[] { '[', '"', (byte) 0x80, '"', ']' })) {
			assertThatExceptionOfType(InvalidJsonException.class).as(Arrays.toString(bytes))
				.isThrownBy(() -> StrictJson.parse(bytes))
				.withMessageStartingWith("not UTF-8");
		}
	}

	@Test
	void refusesAByteOrderMarkAndWhitespaceJsonDoesNotKnow() {
		for (String json : List.of("\ufeff[]", "[\u00a01]", "[\u000b1]", "[\f1]")) {
			assertThatExceptionOfType(InvalidJsonException.class).as(json).isThrownBy(() -> StrictJson.parse(json));
		}
	}

	@Test
	void refusesNestingPastItsBound() {
		assertThatExceptionOfType(InvalidJsonException.class)
			.isThrownBy(() -> StrictJson.parse("[".repeat(100_000) + "]".repeat(100_000)))
			.withMessageEndingWith("nested deeper than 512");
		assertThat(StrictJson.parse("[".repeat(512) + "]".repeat(512))).isInstanceOf(List.class);
	}

	@Test
	void readsSurrogatePairsEscapedAndRaw() {
		assertThat(StrictJson.parse("[\"\\ud83d\\ude00\", \"\\uD83D\\uDE00\", \"\ud83d\ude00\"]"))
			.isEqualTo(List.of("\ud83d\ude00", "\ud83d\ude00", "\ud83d\ude00"));
		assertThat(StrictJson.parse("[\"\ud83d\ude00\"]".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(List.of("\ud83d\ude00"));
	}

	@Test
	void readsEscapedControlCharactersAndEveryShortEscape() {
		assertThat(StrictJson.parse("\"\\u0000\\u001b\\u001f\\b\\f\\n\\r\\t\\\"\\\\\\/\u007f\u00e9\""))
			.isEqualTo("\u0000\u001b\u001f\b\f\n\r\t\"\\/\u007f\u00e9");
	}

	@Test
	void readsObjectsInOrderWithNullsNumbersAndBooleans() {
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("z", 1L);
		expected.put("a", null);
		expected.put("neg", -0L);
		expected.put("big", new BigDecimal("9223372036854775808"));
		expected.put("frac", new BigDecimal("-1.50e+3"));
		expected.put("yes", true);
		expected.put("list", List.of(false, Map.of(), List.of()));
		Object parsed = StrictJson.parse(
				" \t\r\n{\"z\":1,\"a\":null,\"neg\":-0,\"big\":9223372036854775808,\"frac\":-1.50e+3,\"yes\":true,"
						+ "\"list\":[false,{},[]]}\n");
		assertThat(parsed).isEqualTo(expected);
		assertThat(List.copyOf(((Map<?, ?>) parsed).keySet())).isEqualTo(List.of("z", "a", "neg", "big", "frac", "yes", "list"));
	}

	@Test
	void readsAScalarAsTheWholeText() {
		assertThat(StrictJson.parse("0")).isEqualTo(0L);
		assertThat(StrictJson.parse("\"\"")).isEqualTo("");
		assertThat(StrictJson.parse(" null ")).isNull();
	}

}
