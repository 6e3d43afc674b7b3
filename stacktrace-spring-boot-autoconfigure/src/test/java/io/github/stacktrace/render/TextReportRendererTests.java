package io.github.stacktrace.render;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
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
import io.github.stacktrace.report.TimeoutReason;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TextReportRenderer}.
 */
class TextReportRendererTests {

	private static final StackTraceRequest REQUEST = new StackTraceRequest(null, DetailMode.FAST,
			Duration.ofMillis(100), false);

	private static final List<StackTraceElement> FRAMES = List.of(
			new StackTraceElement("com.example.Orders", "price", "Orders.java", 88),
			new StackTraceElement("com.example.Web", "create", "Web.java", 41));

	private static final String[] HOSTILE_NAMES = { "evil\n----- thread 1 (main) status=ok -----", "car\rriage",
			"\u001b[31mred\u001b[0m", "line\u2028separator\u2029", "back\\slash", "tab\tand\u0000nul\u0085" };

	private final TestThreads threads = new TestThreads();

	private final TextReportRenderer renderer = new TextReportRenderer(new FrameRenderCache(100, 100_000));

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void headerListsItsKeysInOrder() {
		StackTraceReport report = report(REQUEST.withSkipBlockingSyscalls(true).withMode(DetailMode.DISABLED),
				List.of(ThreadCapture.captured(7, "worker", Thread.State.RUNNABLE, CaptureStatus.OK, FRAMES, null, null)));
		List<String> lines = render(report).lines().toList();
		assertThat(lines.subList(0, 9)).containsExactly("JVM thread stack traces", "pid: 4242",
				"jvm: Test VM 17.0.15+6", "thread_count: 1", "timeout_ms_per_thread: 100",
				"dwarf_location_info_mode: disabled", "skip_blocking_syscalls: true",
				"capture_method: thread_mx_bean_chunked", "safepoint_pauses: 2");
		assertThat(lines.subList(9, lines.indexOf(""))).allMatch((line) -> line.matches("[a-z_]+: .+"));
	}

	@Test
	void sectionsShowStatusDiagnosticsFramesAndABlankLine() {
		List<ThreadCapture> threads = List.of(
				ThreadCapture.captured(31, "http-nio-8080-exec-1", Thread.State.RUNNABLE, CaptureStatus.OK, FRAMES,
						null, null),
				ThreadCapture.exited(99999, null),
				ThreadCapture.skipped(40, "reader", Thread.State.RUNNABLE, "read"),
				ThreadCapture.timedOut(41, "slow", Thread.State.RUNNABLE, TimeoutReason.PER_THREAD_TIMEOUT),
				ThreadCapture.failed(42, "odd", new IllegalStateException("said \"no\"\nagain")));
		String text = render(report(REQUEST, threads));
		assertThat(text).contains("\n\n----- thread 31 (http-nio-8080-exec-1) status=ok state=RUNNABLE frames=2 -----\n"
				+ "com.example.Orders.price(Orders.java:88)\n" + "com.example.Web.create(Web.java:41)\n\n"
				+ "----- thread 99999 (?) status=thread_exited -----\n<no stack captured>\n\n"
				+ "----- thread 40 (reader) status=skipped_blocking_syscall state=RUNNABLE syscall=read -----\n"
				+ "<no stack captured>\n\n"
				+ "----- thread 41 (slow) status=timeout state=RUNNABLE reason=per_thread_timeout -----\n"
				+ "<no stack captured>\n\n"
				+ "----- thread 42 (odd) status=capture_error error=\"said \\\"no\\\"\\nagain\" -----\n"
				+ "<no stack captured>\n\n"
				+ "summary: captured=1 skipped=3 timed_out=1 exited=1 errors=1 virtual=0\n");
		assertThat(text).endsWith("\n\nsummary: captured=1 skipped=3 timed_out=1 exited=1 errors=1 virtual=0\n");
	}

	@Test
	void fullModeWithInlineAddsTheThreadCountersToTheSectionLine() {
		ThreadLocks locks = new ThreadLocks(new LockRef("java.lang.Object", 0xbeef), 12, "owner\nname",
				List.of(new HeldMonitor(new LockRef("com.example.Cart", 0xcafe), 1)));
		ThreadCapture thread = ThreadCapture.captured(31, "w", Thread.State.BLOCKED, CaptureStatus.OK, FRAMES, locks,
				new ThreadCounters(true, 5, false, false, 3, 4));
		String text = render(report(REQUEST.withMode(DetailMode.FULL_WITH_INLINE), List.of(thread)));
		assertThat(text).contains("----- thread 31 (w) status=ok state=BLOCKED frames=2 daemon=true priority=5 "
				+ "in_native=false suspended=false blocked_count=3 waited_count=4 -----\n"
				+ "com.example.Orders.price(Orders.java:88)\n"
				+ "  - waiting to lock <0xbeef> (a java.lang.Object) owned by \"owner\\nname\" id=12\n"
				+ "com.example.Web.create(Web.java:41)\n" + "  - locked <0xcafe> (a com.example.Cart)\n\n");
		String full = render(report(REQUEST.withMode(DetailMode.FULL), List.of(thread)));
		assertThat(full).contains("----- thread 31 (w) status=ok state=BLOCKED frames=2 -----\n")
			.doesNotContain("daemon=");
	}

	@Test
	void hostileThreadNamesCannotForgeLinesOrSections() {
		List<ThreadCapture> threads = Arrays.stream(HOSTILE_NAMES)
			.map((name) -> ThreadCapture.captured(name.length(), name, Thread.State.RUNNABLE, CaptureStatus.OK,
					FRAMES, null, null))
			.toList();
		String text = render(report(REQUEST, threads));
		assertSafe(text, threads.size());
		assertThat(text).contains("(evil\\n----- thread 1 \\(main\\) status=ok -----) status=ok", "(car\\rriage)",
				"(\\u001b[31mred\\u001b[0m)", "(line\\u2028separator\\u2029)", "(back\\\\slash)",
				"(tab\\tand\\u0000nul\\u0085)");
	}

	@Test
	void hostileNamesOfLiveThreadsCannotForgeLinesOrSections() throws Exception {
		StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
				CaptureListener.NONE);
		List<Long> ids = new ArrayList<>();
		for (String name : HOSTILE_NAMES) {
			ids.add(TestThreads.id(this.threads.startParked(name)));
		}
		for (DetailMode mode : DetailMode.values()) {
			StackTraceReport report = service.capture(new StackTraceRequest(ids, mode, Duration.ofSeconds(5), false));
			assertThat(report.threads()).extracting(ThreadCapture::status).containsOnly(CaptureStatus.OK);
			String text = render(report);
			assertSafe(text, HOSTILE_NAMES.length);
			assertThat(text).contains("(evil\\n----- thread 1 \\(main\\) status=ok -----) status=ok state=WAITING");
		}
	}

	private static void assertSafe(String text, int sections) {
		List<String> lines = Arrays.asList(text.split("\n", -1));
		assertThat(lines).filteredOn((line) -> line.startsWith("----- thread ")).hasSize(sections)
			.allMatch((line) -> line.endsWith(" -----"));
		assertThat(lines).filteredOn((line) -> line.startsWith("summary: ")).hasSize(1);
		assertThat(text.chars()).noneMatch((c) -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f)
				|| c == 0x2028 || c == 0x2029);
	}

	private String render(StackTraceReport report) {
		return this.renderer.render(report, false).toString();
	}

	private static StackTraceReport report(StackTraceRequest request, List<ThreadCapture> threads) {
		return new StackTraceReport(4242, "Test VM 17.0.15+6", Instant.parse("2025-01-02T03:04:05Z"), request,
				"thread_mx_bean_chunked", 2, threads, Duration.ofMillis(3), DeadlockSearch.NOT_LOOKED_FOR,
				List.of());
	}

}
