package io.github.stacktrace.report;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ThreadFilter}.
 */
class ThreadFilterTests {

	@ParameterizedTest(name = "{0} matches {1}: {2}")
	@CsvSource(delimiter = '|', textBlock = """
			http-nio-*       | http-nio-8080-exec-1 | true
			http-nio-*       | tomcat-http-nio      | false
			*exec-?          | http-nio-8080-exec-1 | true
			*exec-?          | http-nio-8080-exec-10| false
			emoji?           | emoji😀              | true
			emoji??          | emoji😀              | false
			?                | 😀                   | true
			*😀*             | a😀b                 | true
			a?c              | a😀c                 | true
			''               | ''                   | true
			*                | ''                   | true
			?                | ''                   | false
			""")
	void globMatchesWholeNamesCharacterByCharacter(String glob, String name, boolean matches) {
		assertThat(ThreadFilter.globMatches(glob, name)).isEqualTo(matches);
	}

	@Test
	void globOnAHalfSurrogateMatchesItAsOneCharacter() {
		assertThat(ThreadFilter.globMatches("x?", "x\uD83D")).isTrue();
		assertThat(ThreadFilter.globMatches("x?", "x\uD83D\uDE00")).isTrue();
	}

	@Test
	void filterKeepsThreadsByStateAndName() {
		ThreadFilter filter = new ThreadFilter(EnumSet.of(Thread.State.WAITING), "pool-*");
		assertThat(filter.matches(Thread.State.WAITING, "pool-1")).isTrue();
		assertThat(filter.matches(Thread.State.RUNNABLE, "pool-1")).isFalse();
		assertThat(filter.matches(Thread.State.WAITING, "main")).isFalse();
		assertThat(ThreadFilter.NONE.isEmpty()).isTrue();
	}

}
