package io.github.stacktrace.capture;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link JsonStreamReader}.
 */
class JsonStreamReaderTests {

	@Test
	void readsMembersArraysAndEveryEscape() throws IOException {
		JsonStreamReader json = reader("{\"a\": \"x\\n\\\"\\\\\\/\\u2028\\ud83d\\ude00\", \"b\": [1, -2.5e3, true, null], \"c\": {}}");
		json.beginObject();
		assertThat(json.nextName()).isEqualTo("a");
		assertThat(json.nextScalar()).isEqualTo("x\n\"\\/\u2028\uD83D\uDE00");
		assertThat(json.nextName()).isEqualTo("b");
		json.beginArray();
		List<String> values = new ArrayList<>();
		while (json.hasNext()) {
			values.add(json.nextScalar());
		}
		json.endArray();
		assertThat(values).containsExactly("1", "-2.5e3", "true", null);
		assertThat(json.nextName()).isEqualTo("c");
		json.skipValue();
		assertThat(json.hasNext()).isFalse();
		json.endObject();
		assertThat(json.peek()).isEqualTo(JsonStreamReader.Token.END_DOCUMENT);
	}

	@Test
	void skipsNestedValuesWhole() throws IOException {
		JsonStreamReader json = reader("[{\"x\": [[1], {\"y\": \"]}\"}]}, \"after\"]");
		json.beginArray();
		json.skipValue();
		assertThat(json.nextScalar()).isEqualTo("after");
		json.endArray();
	}

	@Test
	void readsStringsLongerThanItsBuffer() throws IOException {
		String name = "n".repeat(200_000) + "\\n" + "m".repeat(100_000);
		JsonStreamReader json = reader("[\"" + name + "\"]");
		json.beginArray();
		assertThat(json.nextScalar()).hasSize(300_001).contains("n\nm");
	}

	@Test
	void refusesWhatIsNotJson() {
		assertThatIOException().isThrownBy(() -> readAll("{\"a\" 1}"));
		assertThatIOException().isThrownBy(() -> readAll("[1,]"));
		assertThatIOException().isThrownBy(() -> readAll("[\"unterminated"));
		assertThatIOException().isThrownBy(() -> readAll("[\"raw\nnewline\"]"));
		assertThatIOException().isThrownBy(() -> readAll("[\"bad \\x escape\"]"));
		assertThatIOException().isThrownBy(() -> readAll("[nope]"));
		assertThatIOException().isThrownBy(() -> readAll("[1] [2]"));
		assertThatIOException().isThrownBy(() -> readAll("[".repeat(100) + "]".repeat(100)))
			.withMessageContaining("nested deeper");
		assertThatIOException().isThrownBy(() -> readAll("[\"" + "x".repeat(JsonStreamReader.MAX_STRING_CHARS + 1) + "\"]"))
			.withMessageContaining("string longer");
	}

	private static void readAll(String text) throws IOException {
		JsonStreamReader json = reader(text);
		json.skipValue();
		json.peek();
	}

	private static JsonStreamReader reader(String text) {
		return new JsonStreamReader(new StringReader(text));
	}

}
