package io.github.stacktrace.actuate;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A text report read back by a test: the header's thread count, the section lines and the summary counts.
 *
 * @param body the whole body
 * @param threadCount the {@code thread_count} header value
 * @param sectionLines the lines that start a section
 * @param captured the summary's captured count
 * @param skipped the summary's skipped count
 * @param timedOut the summary's timed_out count
 */
record TextReport(String body, int threadCount, List<String> sectionLines, int captured, int skipped, int timedOut) {

	private static final Pattern THREAD_COUNT = Pattern.compile("(?m)^thread_count: (\\d+)$");

	private static final Pattern SUMMARY = Pattern
		.compile("(?m)^summary: captured=(\\d+) skipped=(\\d+) timed_out=(\\d+) exited=\\d+ errors=\\d+ virtual=\\d+$");

	static TextReport parse(String body) {
		Matcher threadCount = THREAD_COUNT.matcher(body);
		assertThat(threadCount.find()).as("thread_count header in%n%s", body).isTrue();
		Matcher summary = SUMMARY.matcher(body);
		assertThat(summary.find()).as("summary line in%n%s", body).isTrue();
		List<String> sections = body.lines().filter((line) -> line.startsWith("----- thread ")).toList();
		return new TextReport(body, Integer.parseInt(threadCount.group(1)), sections,
				Integer.parseInt(summary.group(1)), Integer.parseInt(summary.group(2)),
				Integer.parseInt(summary.group(3)));
	}

	/**
	 * Asserts that the summary and the sections both account for every thread.
	 * @return this report
	 */
	TextReport assertConsistent() {
		assertThat(this.captured + this.skipped + this.timedOut).as("captured+skipped+timed_out in%n%s", this.body)
			.isEqualTo(this.threadCount);
		assertThat(this.sectionLines).as("section lines").hasSize(this.threadCount);
		return this;
	}

	/**
	 * The section lines of one thread.
	 * @param id the thread id
	 * @return the lines starting {@code ----- thread <id> }
	 */
	List<String> sectionsOf(long id) {
		String prefix = "----- thread " + id + " ";
		return this.sectionLines.stream().filter((line) -> line.startsWith(prefix)).toList();
	}

	/**
	 * Fails on any character that could start a line or drive a terminal, except the line feeds of the text: a report,
	 * JSON or an error line may carry none.
	 * @param body the body
	 */
	static void assertNoRawControlCharacters(String body) {
		for (int i = 0; i < body.length(); i++) {
			char c = body.charAt(i);
			boolean control = (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
			if (control) {
				int from = Math.max(0, i - 60);
				throw new AssertionError(String.format("raw U+%04X at %d after: %s", (int) c, i,
						body.substring(from, i).replace("\n", "\\n")));
			}
		}
	}

}
