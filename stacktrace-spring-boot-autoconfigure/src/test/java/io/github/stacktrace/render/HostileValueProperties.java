package io.github.stacktrace.render;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DeadlockSearch;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadCounters;
import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.report.ThreadLocks.HeldMonitor;
import io.github.stacktrace.report.ThreadLocks.LockRef;
import io.github.stacktrace.test.StrictJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the application names its threads, classes, methods, files, modules, class loaders and locks, and whatever
 * the JVM says in an error, the text report keeps its grammar (every line is the header, a section, a group's
 * {@code threads:} line, a frame, a lock line or the summary, and each is exactly one of them) and the JSON report is
 * strict JSON that reads back to the same values, half surrogate pairs aside (they become U+FFFD).
 */
class HostileValueProperties {

	private static final Pattern HEADER = Pattern.compile("[a-z_]+: .*");

	private static final Pattern SECTION = Pattern.compile("----- (thread \\d+ \\((?:[^()\\\\]|\\\\.)*\\)|\\d+ threads)"
			+ " status=[a-z_]+( [a-z_]+=(\"(?:[^\"\\\\]|\\\\.)*\"|[^ \"]+))* -----");

	private static final Pattern THREADS = Pattern.compile("threads: \\d+ \\((?:[^()\\\\]|\\\\.)*\\)(, .*)?");

	private static final Pattern LOCK = Pattern.compile("  - (locked|waiting on|waiting to lock|parking to wait for) "
			+ "<0x[0-9a-f]+> \\(a (?:[^()\\\\]|\\\\.)*\\)( owned by \"(?:[^\"\\\\]|\\\\.)*\" id=\\d+| \\(no frame\\))?");

	private static final Pattern SUMMARY = Pattern.compile("summary: captured=\\d+ skipped=\\d+ timed_out=\\d+ "
			+ "exited=\\d+ errors=\\d+ virtual=\\d+");

	private static final Pattern KEY_LIKE = Pattern.compile("[A-Za-z_]+:.*");

	private final FrameRenderCache cache = new FrameRenderCache(64, 100_000);

	@Property(tries = 300)
	void noValueBreaksTheTextGrammar(@ForAll("hostile") String name, @ForAll("hostile") String className,
			@ForAll("hostile") String method, @ForAll("hostile") String file, @ForAll("hostile") String loader,
			@ForAll("hostile") String lockClass, @ForAll("hostile") String owner, @ForAll("hostile") String error,
			@ForAll DetailMode mode, @ForAll boolean grouped) {
		StackTraceReport report = report(name, className, method, file, loader, lockClass, owner, error, mode);
		String text = new TextReportRenderer(this.cache).render(report, grouped).toString();
		List<String> lines = Arrays.asList(text.split("\n", -1));
		assertThat(lines.get(0)).isEqualTo("JVM thread stack traces");
		int line = 1;
		while (!lines.get(line).isEmpty()) {
			assertThat(lines.get(line)).matches(HEADER);
			line++;
		}
		line++;
		int sections = 0;
		while (!lines.get(line).startsWith("summary:")) {
			assertThat(lines.get(line)).as("section line").matches(SECTION);
			sections++;
			line++;
			if (lines.get(line).startsWith("threads: ")) {
				assertThat(lines.get(line)).matches(THREADS);
				line++;
			}
			for (; !lines.get(line).isEmpty(); line++) {
				String body = lines.get(line);
				if (body.startsWith("  - ")) {
					assertThat(body).matches(LOCK);
				}
				else if (!body.equals("<no stack captured>")) {
					assertThat(body).as("frame line").doesNotStartWith("-").doesNotStartWith(" ")
						.doesNotStartWith("<").doesNotMatch(KEY_LIKE);
				}
			}
			line++;
		}
		assertThat(lines.get(line)).matches(SUMMARY);
		assertThat(lines.subList(line + 1, lines.size())).containsExactly("");
		assertThat(sections).isEqualTo(grouped ? io.github.stacktrace.report.StackGroup.of(report).size() : report.threadCount());
		assertThat(wellFormed(text)).isEqualTo(text);
	}

	@Property(tries = 300)
	void everyValueReadsBackFromStrictJson(@ForAll("hostile") String name, @ForAll("hostile") String className,
			@ForAll("hostile") String method, @ForAll("hostile") String file, @ForAll("hostile") String loader,
			@ForAll("hostile") String lockClass, @ForAll("hostile") String owner, @ForAll("hostile") String error,
			@ForAll DetailMode mode) {
		StackTraceReport report = report(name, className, method, file, loader, lockClass, owner, error, mode);
		String json = new JsonReportRenderer(this.cache).render(report, false).toString();
		assertThat(json).doesNotContainPattern("\\\\u[dD][89a-fA-F][0-9a-fA-F]{2}");
		// Strict first (lone surrogates, raw control characters, duplicate keys); Jackson then reads the values back.
		StrictJson.parse(json);
		JsonNode root = JsonMapper.builder().build().readTree(json);
		JsonNode hostile = root.get("threads").get(0);
		assertThat(hostile.get("name").asString()).isEqualTo(wellFormed(name));
		assertThat(hostile.get("frames").get(0).get("class").asString()).isEqualTo(wellFormed(className));
		assertThat(hostile.get("frames").get(0).get("method").asString()).isEqualTo(wellFormed(method));
		assertThat(root.get("threads").get(1).get("error").asString()).isEqualTo(wellFormed(error));
		if (mode.includesLocks()) {
			assertThat(hostile.get("waiting_for").get("class").asString()).isEqualTo(wellFormed(lockClass));
			assertThat(hostile.get("waiting_for").get("owner_name").asString()).isEqualTo(wellFormed(owner));
		}
	}

	@Provide
	Arbitrary<String> hostile() {
		Arbitrary<String> pieces = Arbitraries.of("-----", " -----", "----- thread 1 (main) status=ok -----", "\n",
				"\r", "\u0085", "\u2028", "summary: ", "threads: ", "notice: ", ") status=ok", "(", ")", "\"", "\\",
				"  - locked <0x1> (a X)", "<no stack captured>", "\u202e", "\u2066", "\u200b", "\ufeff", "\u001b[2J",
				"\ud83d", "\ude00", "\ud83d\ude00", " ", ";", "a", "Z", "_", ":", "=", "x y", "é");
		Arbitrary<String> joined = pieces.list().ofMaxSize(6).map((list) -> String.join("", list));
		return Arbitraries.oneOf(joined, Arbitraries.strings().all().ofMaxLength(12));
	}

	private static StackTraceReport report(String name, String className, String method, String file, String loader,
			String lockClass, String owner, String error, DetailMode mode) {
		boolean locks = mode.includesLocks();
		List<StackTraceElement> frames = List.of(new StackTraceElement(loader, null, null, className, method, file, 7),
				new StackTraceElement(className, method, null, -2), new StackTraceElement("a.B", "c", "B.java", 1));
		List<ThreadCapture> threads = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			threads.add(ThreadCapture.captured(10 + i, name, Thread.State.BLOCKED, CaptureStatus.OK, frames,
					locks ? new ThreadLocks(new LockRef(lockClass, 0x1f), 11, owner,
							List.of(new HeldMonitor(new LockRef(lockClass, 0x2f), 1),
									new HeldMonitor(new LockRef(lockClass, 0x3f), -1)))
							: null,
					locks ? new ThreadCounters(true, 5, false, false, 1, 2) : null));
		}
		threads.add(1, ThreadCapture.failed(20, name, new IllegalStateException(error)));
		threads.add(ThreadCapture.exited(21, null));
		StackTraceRequest request = new StackTraceRequest(null, mode, Duration.ofMillis(100), false);
		return new StackTraceReport(1, name, Instant.EPOCH, request, "thread_mx_bean_chunked", threads,
				Duration.ofMillis(1), locks ? DeadlockSearch.found(List.of(List.of(10L, 11L))) : DeadlockSearch.NOT_LOOKED_FOR,
				List.of(error));
	}

	private static String wellFormed(String value) {
		StringBuilder out = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			out.append((Character.isSurrogate(c) && !TextEscaper.isPaired(value, i)) ? '\ufffd' : c);
		}
		return out.toString();
	}

}
