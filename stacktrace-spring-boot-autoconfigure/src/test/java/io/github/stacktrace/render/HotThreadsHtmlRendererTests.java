package io.github.stacktrace.render;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.HotThread;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.report.SampledMeasure;
import io.github.stacktrace.report.SnapshotGroup;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.VirtualThreadSampling;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HotThreadsHtmlRenderer}: the dump's page fed with a hot-threads report, its data, the escaping that
 * keeps names and frames out of the markup, and the page size.
 */
class HotThreadsHtmlRendererTests {

	private static final Duration WINDOW = Duration.ofMillis(500);

	private static final String HOSTILE = "evil</script><script>window.pwned=1</script>\n----- <img src=x onerror=alert(1)>"
			+ " &amp; \u2028\u2029\u001b";

	private static final List<StackTraceElement> LOOP = List.of(
			new StackTraceElement("com.example.Pricing", "loop", "Pricing.java", 42),
			new StackTraceElement("com.example.Pricing", "price", "Pricing.java", 12),
			new StackTraceElement("java.lang.Thread", "run", "Thread.java", 840));

	private static final List<StackTraceElement> WAIT = List.of(
			new StackTraceElement("java.lang.Object", "wait", null, -2),
			new StackTraceElement("com.example.Pricing", "price", "Pricing.java", 12),
			new StackTraceElement("java.lang.Thread", "run", "Thread.java", 840));

	private final HotThreadsHtmlRenderer renderer = new HotThreadsHtmlRenderer();

	@Test
	void pageIsTheDumpsPageWithItsPolicy() {
		String page = this.renderer.render(report(HotThreadsType.CPU, List.of(busy(31, "pricing-1")))).toString();
		String dump = new HtmlReportRenderer().render(GoldenReports.report(GoldenReports.Variant.FAST), false)
			.toString();
		assertThat(before(page)).isEqualTo(before(dump));
		assertThat(page.substring(page.indexOf("</script>"))).isEqualTo(dump.substring(dump.indexOf("</script>")));
		assertThat(page).contains("<meta http-equiv=\"Content-Security-Policy\" content=\""
				+ HtmlReportRenderer.CONTENT_SECURITY_POLICY + "\">");
	}

	@Test
	void snapshotsAreTheGraphsGroupsAndTheShownThreadsTheTable() {
		HotThreadsReport report = report(HotThreadsType.CPU, List.of(
				new HotThread(31, 0x1f3, "pricing-1", Thread.State.RUNNABLE, 462_000_000L, 10,
						List.of(new SnapshotGroup(7, LOOP), new SnapshotGroup(3, WAIT))),
				HotThread.jvmInternal(0x1a2b, "GC Thread#0", 200_000_000L),
				new HotThread(32, -1, "pricing-2", Thread.State.RUNNABLE, 100_000_000L, 10,
						List.of(new SnapshotGroup(10, LOOP))),
				new HotThread(33, -1, "ended", null, 50_000_000L, 0, List.of())));
		String data = data(this.renderer.render(report).toString());
		assertThat(JsonPath.<String>read(data, "$.kind")).isEqualTo("hot");
		assertThat(JsonPath.<List<String>>read(data, "$.header[2]")).containsExactly("type", "cpu");
		assertThat(JsonPath.<String>read(data, "$.summary")).isEqualTo(HotThreadsFields.totals(report))
			.startsWith("process_cpu=186.0% (930 ms of 500 ms) shown_cpu=162.4%");
		// Each snapshot weighs one: 7 + 10 of the loop, shown by two threads, 3 of the wait.
		assertThat(JsonPath.<List<Integer>>read(data, "$.groups[*][0]")).containsExactly(17, 3);
		List<String> frames = JsonPath.read(data, "$.frames");
		assertThat(frames).doesNotHaveDuplicates().hasSize(4);
		assertThat(JsonPath.<List<Integer>>read(data, "$.groups[0][3]"))
			.containsExactly(frames.indexOf("com.example.Pricing.loop(Pricing.java:42)"),
					frames.indexOf("com.example.Pricing.price(Pricing.java:12)"),
					frames.indexOf("java.lang.Thread.run(Thread.java:840)"));
		assertThat(JsonPath.<List<String>>read(data, "$.table.columns")).containsExactly("thread", "name", "nid",
				"state", "cpu", "snapshots", "top frame");
		assertThat(JsonPath.<List<Object>>read(data, "$.table.rows[0]")).containsExactly(0, "31", "pricing-1",
				"0x1f3", "RUNNABLE", "92.4% (462 ms of 500 ms)", "10/10 in 2 stacks",
				"com.example.Pricing.loop(Pricing.java:42)");
		assertThat(JsonPath.<List<Object>>read(data, "$.table.rows[1]")).containsExactly(-1, "jvm", "GC Thread#0",
				"0x1a2b", "", "40.0% (200 ms of 500 ms)", "", "<JVM-internal thread: no Java stack>");
		assertThat(JsonPath.<List<Object>>read(data, "$.table.rows[2]")).startsWith(0, "32")
			.contains("10/10, same stack");
		assertThat(JsonPath.<List<Object>>read(data, "$.table.rows[3]")).startsWith(-1, "33")
			.endsWith("0/10", "<no stack captured: the thread ended>");
	}

	@Test
	void allocationIsShownAsARateInItsColumn() {
		String data = data(this.renderer.render(report(HotThreadsType.ALLOC, List.of(new HotThread(31, -1,
				"allocator", Thread.State.RUNNABLE, 600_000_000L, 1, List.of(new SnapshotGroup(1, LOOP))))))
			.toString());
		assertThat(JsonPath.<String>read(data, "$.table.columns[4]")).isEqualTo("alloc");
		assertThat(JsonPath.<String>read(data, "$.table.rows[0][5]")).isEqualTo("1.2 GB/s (600.0 MB in 500 ms)");
	}

	@Test
	void hostileNamesAndFramesCannotEndTheDataElementOrStartMarkup() {
		List<StackTraceElement> hostileFrames = List.of(new StackTraceElement("com.example.</script><b>", "x<y>",
				"A&B.java", 1));
		HotThreadsReport report = report(HotThreadsType.CPU, List.of(
				new HotThread(31, -1, HOSTILE, Thread.State.RUNNABLE, 5, 2,
						List.of(new SnapshotGroup(2, hostileFrames))),
				HotThread.jvmInternal(9, HOSTILE, 5)));
		String page = this.renderer.render(report).toString();
		assertThat(count(page, "<script")).isEqualTo(2);
		assertThat(count(page, "</script")).isEqualTo(2);
		String data = data(page);
		assertThat(data).doesNotContain("<", ">", "&", "\u2028", "\u2029");
		// Decoded, the data holds the application's values exactly.
		assertThat(JsonPath.<List<String>>read(data, "$.table.rows[*][2]")).containsExactly(HOSTILE, HOSTILE);
		assertThat(JsonPath.<List<String>>read(data, "$.frames"))
			.containsExactly("com.example.</script><b>.x<y>(A&B.java:1)");
	}

	@Test
	void aServedRequestIsALastColumnWithTheTextFieldsAndAHostileRouteStaysData() {
		HotThreadsReport report = report(HotThreadsType.CPU, List.of(
				new HotThread(31, -1, "http-1", Thread.State.RUNNABLE, 100_000_000L, 10,
						List.of(new SnapshotGroup(10, LOOP)),
						new RequestContext("GET", "/orders/{id}/" + HOSTILE, 1, Duration.ofMillis(4759),
								"4bf92f3577b34da6a3ce929d0e0e4736", null)),
				busy(32, "worker-1")));
		String page = this.renderer.render(report).toString();
		assertThat(count(page, "<script")).isEqualTo(2);
		assertThat(count(page, "</script")).isEqualTo(2);
		String data = data(page);
		assertThat(data).doesNotContain("<", ">", "&", "\u2028", "\u2029");
		assertThat(JsonPath.<List<String>>read(data, "$.table.columns")).endsWith("top frame", "request");
		// Decoded, the cell is what the text report's section line says, escaped as there.
		assertThat(JsonPath.<String>read(data, "$.table.rows[0][8]")).isEqualTo("request=\"GET /orders/{id}/"
				+ TextEscaper.escapeQuoted(HOSTILE) + "\" elapsed_ms=4759 trace_id=4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(JsonPath.<String>read(data, "$.table.rows[1][8]")).isEmpty();
	}

	@Test
	void sampledVirtualThreadsAreRowsAfterTheMeasuredOnesWithAMeasuredColumnAndTheirNamesStayData() {
		HotThreadsRequest request = new HotThreadsRequest(HotThreadsType.WAIT, 3, WINDOW, 10, true, DetailMode.FAST,
				ThreadFilter.NONE);
		HotThread sampled = new HotThread(77, -1, HOSTILE, Thread.State.WAITING, 350_000_000L, 4,
				List.of(new SnapshotGroup(4, WAIT)), null, new SampledMeasure(7, 10));
		HotThreadsReport report = new HotThreadsReport(4242, "Test VM 1", request,
				Instant.parse("2026-01-01T00:00:00Z"), WINDOW, "thread_get_stack_trace_per_thread", 0, true, 57,
				930_000_000L, 100_000_000L, List.of(busy(31, "worker-1")), List.of(), WINDOW,
				new VirtualThreadSampling(1, 10), List.of(sampled));
		String page = this.renderer.render(report).toString();
		assertThat(count(page, "<script")).isEqualTo(2);
		String data = data(page);
		assertThat(data).doesNotContain("<", ">", "&");
		assertThat(JsonPath.<List<String>>read(data, "$.table.columns")).endsWith("top frame", "measured");
		assertThat(JsonPath.<List<Object>>read(data, "$.table.rows[0]")).startsWith(0, "31").endsWith("counter");
		assertThat(JsonPath.<List<Object>>read(data, "$.table.rows[1]")).startsWith(1, "77", HOSTILE)
			.endsWith("70.0% (350 ms of 500 ms)", "4/10",
					"java.lang.Object.wait(Native Method)", "sampled 7/10 instants, virtual");
		assertThat(JsonPath.<List<Integer>>read(data, "$.groups[*][0]")).containsExactly(10, 4);
		assertThat(JsonPath.<List<String>>read(data, "$.header[*][0]")).contains("virtual_threads",
				"sampled_virtual_threads");
	}

	@Test
	void withoutAServedRequestThereIsNoRequestColumn() {
		String data = data(this.renderer.render(report(HotThreadsType.CPU, List.of(busy(31, "pricing-1"))))
			.toString());
		assertThat(JsonPath.<List<String>>read(data, "$.table.columns")).doesNotContain("request");
		assertThat(JsonPath.<List<Object>>read(data, "$.table.rows[0]")).hasSize(8);
	}

	@Test
	void pageOfAThousandShownThreadsIsWithinOneAndAHalfFoldedPlusTheFixedPage() {
		List<HotThread> threads = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			List<SnapshotGroup> groups = new ArrayList<>();
			for (int stack = 0; stack < 3; stack++) {
				groups.add(new SnapshotGroup((stack == 0) ? 6 : 2, stack(i % 40, stack)));
			}
			threads.add(new HotThread(1000 + i, 5000 + i, "http-nio-8080-exec-" + i, Thread.State.RUNNABLE,
					1_000_000L * (1000 - i), 10, groups));
		}
		HotThreadsReport report = report(HotThreadsType.CPU, threads);
		long folded = new HotThreadsFoldedRenderer(new FrameRenderCache(0, 0)).render(report).length();
		long page = this.renderer.render(report).length();
		assertThat(page).isLessThanOrEqualTo(folded * 3 / 2 + HtmlReportRenderer.fixedLength());
	}

	// 40 kinds of work, 20 frames deep, each caught in one of three places: shared prefixes, as in a real service.
	private static List<StackTraceElement> stack(int work, int place) {
		List<StackTraceElement> frames = new ArrayList<>();
		frames.add(new StackTraceElement("com.example.Pricing", "step" + place, "Pricing.java", 10 + place));
		for (int depth = 0; depth < 20; depth++) {
			frames.add(new StackTraceElement("com.example.service.Handler" + work + "Layer" + depth, "handle",
					"Handler.java", 10 + depth));
		}
		frames.add(new StackTraceElement("org.springframework.web.servlet.DispatcherServlet", "doDispatch",
				"DispatcherServlet.java", 1089));
		frames.add(new StackTraceElement("java.util.concurrent.ThreadPoolExecutor", "runWorker",
				"ThreadPoolExecutor.java", 1136));
		frames.add(new StackTraceElement("java.lang.Thread", "run", "Thread.java", 840));
		return frames;
	}

	private static HotThread busy(long id, String name) {
		return new HotThread(id, -1, name, Thread.State.RUNNABLE, 100_000_000L, 10,
				List.of(new SnapshotGroup(10, LOOP)));
	}

	private static HotThreadsReport report(HotThreadsType type, List<HotThread> threads) {
		HotThreadsRequest request = new HotThreadsRequest(type, 3, WINDOW, 10, true, DetailMode.FAST,
				ThreadFilter.NONE);
		long total = threads.stream().mapToLong(HotThread::value).sum() * ((type == HotThreadsType.ALLOC) ? 2 : 1);
		return new HotThreadsReport(4242, "Test VM 1", request, Instant.parse("2026-01-01T00:00:00Z"), WINDOW,
				"thread_get_stack_trace_per_thread", 0, true, 57, 930_000_000L, total, threads, List.of(), WINDOW);
	}

	private static String before(String page) {
		return page.substring(0, page.indexOf("id=\"data\">"));
	}

	private static String data(String page) {
		String open = "<script type=\"application/json\" id=\"data\">";
		int start = page.indexOf(open) + open.length();
		return page.substring(start, page.indexOf("</script>", start));
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
			count++;
		}
		return count;
	}

}
