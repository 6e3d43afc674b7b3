package io.github.stacktrace.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TextEscaper}.
 */
class TextEscaperTests {

	@Test
	void escapeReturnsPlainTextItself() {
		String plain = "http-nio-8080-exec-1 (pool) \"quoted\" ünïcode 名前";
		assertThat(TextEscaper.escape(plain)).isSameAs(plain);
	}

	@Test
	void escapeEscapesLineBreaksTabsAndBackslashes() {
		assertThat(TextEscaper.escape("a\nb\rc\td\\e")).isEqualTo("a\\nb\\rc\\td\\\\e");
	}

	@Test
	void escapeEscapesOtherControlCharactersAndSeparatorsAsUnicode() {
		assertThat(TextEscaper.escape("\u001b[31mred\u0000\u007f\u0085\u009f\u2028\u2029"))
			.isEqualTo("\\u001b[31mred\\u0000\\u007f\\u0085\\u009f\\u2028\\u2029");
	}

	@Test
	void escapedTextHasNoControlCharacters() {
		StringBuilder all = new StringBuilder();
		for (char c = 0; c < 0x3000; c++) {
			all.append(c);
		}
		String escaped = TextEscaper.escape(all.toString());
		assertThat(escaped.chars())
			.noneMatch((c) -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029);
	}

	@Test
	void escapeAndCutKeepsShortValues() {
		assertThat(TextEscaper.escapeAndCut("abc", 3)).isEqualTo("abc");
		assertThat(TextEscaper.escapeAndCut("a\nb", 3)).isEqualTo("a\\nb");
	}

	@Test
	void escapeAndCutCutsLongValuesAndSaysHowManyCharsWereCut() {
		assertThat(TextEscaper.escapeAndCut("abcdefgh", 3)).isEqualTo("abc...(5 more chars)");
		String huge = "x".repeat(1_000_000);
		String cut = TextEscaper.escapeAndCut(huge, 200);
		assertThat(cut).isEqualTo("x".repeat(200) + "...(999800 more chars)");
	}

	@Test
	void escapeAndCutEscapesTheKeptPartOnly() {
		assertThat(TextEscaper.escapeAndCut("\n\n\n\n", 2)).isEqualTo("\\n\\n...(2 more chars)");
	}

	@Test
	void escapeAndCutNeverSplitsASurrogatePair() {
		String value = "ab\uD83D\uDE00cd";
		assertThat(TextEscaper.escapeAndCut(value, 3)).isEqualTo("ab...(4 more chars)");
		assertThat(TextEscaper.escapeAndCut(value, 4)).isEqualTo("ab\uD83D\uDE00...(2 more chars)");
	}

	@Test
	void escapeWritesHalfASurrogatePairAsTheReplacementCharacter() {
		assertThat(TextEscaper.escape("lonehigh\uD83D")).isEqualTo("lonehigh\uFFFD");
		assertThat(TextEscaper.escape("\uDE00lonelow")).isEqualTo("\uFFFDlonelow");
		assertThat(TextEscaper.escape("pair\uD83D\uDE00")).isEqualTo("pair\uD83D\uDE00");
		assertThat(TextEscaper.escape("\uDE00\uD83D")).isEqualTo("\uFFFD\uFFFD");
	}

	@Test
	void escapeShowsInvisibleCharactersThatChangeHowALineReads() {
		assertThat(TextEscaper.escape("a\u202Eb\u2066c\u2069d\u200Be\u200Df\uFEFFg\u061Ch\u2060"))
			.isEqualTo("a\\u202eb\\u2066c\\u2069d\\u200be\\u200df\\ufeffg\\u061ch\\u2060");
	}

	@Test
	void escapeNameEscapesParenthesesSoTheNameEndsAtTheFirstBareOne() {
		assertThat(TextEscaper.escapeName("pool (main) status=ok")).isEqualTo("pool \\(main\\) status=ok");
		assertThat(TextEscaper.escapeName("back\\slash")).isEqualTo("back\\\\slash");
		assertThat(TextEscaper.escape("(kept)")).isEqualTo("(kept)");
	}

	@Test
	void escapeQuotedEscapesDoubleQuotes() {
		assertThat(TextEscaper.escapeQuoted("said \"no\"\n")).isEqualTo("said \\\"no\\\"\\n");
		assertThat(TextEscaper.escapeQuotedAndCut("\"\"\"\"", 2)).isEqualTo("\\\"\\\"...(2 more chars)");
	}

}
