package io.github.stacktrace.actuate;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AcceptNegotiation}: quality first, then specificity, then the order the header names types in;
 * a type whose closest range has {@code q=0} is refused; a header that is not a media type list accepts none.
 */
class AcceptNegotiationTests {

	@ParameterizedTest(name = "Accept: {0}")
	@CsvSource(delimiter = '|', textBlock = """
			''                                               | TEXT
			*/*                                              | TEXT
			*/*;q=0.1                                        | TEXT
			application/json;q=0.1, text/plain;q=0.9         | TEXT
			text/plain;q=0.9, application/json;q=0.1         | TEXT
			application/json;q=0.9, text/plain;q=0.1         | JSON
			text/*                                           | HTML
			text/*;q=0.5, text/plain                         | TEXT
			application/*                                    | ACTUATOR_JSON
			application/vnd.spring-boot.actuator.v3+json     | ACTUATOR_JSON
			text/plain;q=0                                   | OTHER
			text/plain;q=0, */*                              | ACTUATOR_JSON
			*/*;q=0, text/html                               | HTML
			*/*;q=0                                          | OTHER
			image/png                                        | OTHER
			text/plain;q=abc                                 | OTHER
			text/plain;q=1.5                                 | OTHER
			not a media type                                 | OTHER
			""")
	void chosenAsSpringChoosesBetweenOperations(String accept, StackTraceContentType expected) {
		assertThat(AcceptNegotiation.negotiate(accept.isEmpty() ? List.of() : List.of(accept))).isEqualTo(expected);
	}

	@ParameterizedTest(name = "Accept: {0} / {1}")
	@CsvSource(delimiter = '|', textBlock = """
			application/json;q=0.1 | text/plain;q=0.9 | TEXT
			text/html              | application/json | HTML
			""")
	void severalHeaderLinesAreOneList(String first, String second, StackTraceContentType expected) {
		assertThat(AcceptNegotiation.negotiate(List.of(first, second))).isEqualTo(expected);
	}

}
