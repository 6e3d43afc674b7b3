package io.github.stacktrace.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DeadlockSearch;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HtmlReportRenderer}: the data it embeds, the escaping that keeps names and frames out of the
 * markup, the policy that matches the page's script and style, and the page size.
 */
class HtmlReportRendererTests {

	private final HtmlReportRenderer renderer = new HtmlReportRenderer();

	@ParameterizedTest
	@EnumSource(GoldenReports.Variant.class)
	void hostileNamesAndFramesCannotEndTheDataElementOrStartMarkup(GoldenReports.Variant variant) {
		String page = this.renderer.render(GoldenReports.report(variant), false).toString();
		assertThat(count(page, "<script")).isEqualTo(2);
		assertThat(count(page, "</script")).isEqualTo(2);
		String data = data(page);
		assertThat(data).doesNotContain("<", ">", "&", "\u2028", "\u2029");
		// Decoded, the data holds the application's values exactly.
		List<String> names = JsonPath.read(data, "$.groups[*][4][*][1]");
		assertThat(names).contains("evil\n----- thread 99 (forged) status=ok -----\u001b[31m\\\u2028",
				"deadlock \"b\"\n");
	}

	@Test
	void listedThreadsNameTheRequestTheyServeAndAHostileRouteStaysData() {
		String route = "/orders/</script><img src=x onerror=alert(1)>\"\n{id}";
		List<StackTraceElement> frames = List.of(new StackTraceElement("com.example.Orders", "price", "Orders.java", 88));
		List<ThreadCapture> threads = List.of(
				ThreadCapture.captured(31, "http-1", Thread.State.WAITING, CaptureStatus.OK, frames, null, null)
					.withRequest(new RequestContext("GET", route, 1, Duration.ofMillis(4759),
							"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7")),
				ThreadCapture.captured(32, "http-2", Thread.State.WAITING, CaptureStatus.OK, frames, null, null));
		StackTraceReport report = new StackTraceReport(1, "OpenJDK 64-Bit Server VM 17.0.15+6", Instant.EPOCH,
				new StackTraceRequest(null, DetailMode.FAST, Duration.ofMillis(100), false), "thread_mx_bean",
				threads, Duration.ofMillis(30), DeadlockSearch.NOT_LOOKED_FOR);
		String page = this.renderer.render(report, false).toString();
		assertThat(count(page, "<script")).isEqualTo(2);
		assertThat(count(page, "</script")).isEqualTo(2);
		String data = data(page);
		assertThat(data).doesNotContain("<", ">", "&");
		// Decoded: the text report's fields, the route escaped in its quotes as there.
		assertThat(JsonPath.<List<Object>>read(data, "$.groups[0][4][0]")).containsExactly(31, "http-1",
				"request=\"GET /orders/</script><img src=x onerror=alert(1)>\\\"\\n{id}\" elapsed_ms=4759"
						+ " trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7");
		assertThat(JsonPath.<List<Object>>read(data, "$.groups[0][4][1]")).containsExactly(32, "http-2");
		assertThat(JsonPath.<String>read(data, "$.groups[0][6]")).isEqualTo("serving=1 max_elapsed_ms=4759");
	}

	@Test
	void dataGroupsTheStacksAndSendsEachFrameOnce() {
		StackTraceReport report = GoldenReports.report(GoldenReports.Variant.FAST);
		String data = data(this.renderer.render(report, false).toString());
		List<Integer> counts = JsonPath.read(data, "$.groups[*][0]");
		assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(report.threadCount());
		// The pool: 23 platform threads and the 3 virtual threads parked like them.
		assertThat(counts.get(0)).isEqualTo(26);
		List<String> frames = JsonPath.read(data, "$.frames");
		assertThat(frames).doesNotHaveDuplicates().contains("java.lang.Thread.run(Thread.java:833)");
		String kinds = JsonPath.read(data, "$.kinds");
		assertThat(kinds).hasSize(frames.size()).matches("[012]+");
		assertThat(kinds.charAt(frames.indexOf("java.lang.Thread.run(Thread.java:833)"))).isEqualTo('2');
		assertThat(kinds.charAt(frames.indexOf("com.example.Orders.price(Orders.java:88)"))).isEqualTo('0');
		assertThat(JsonPath.<String>read(data, "$.summary")).isEqualTo(
				"captured=" + report.summary().captured() + " skipped=3 timed_out=3 exited=1 errors=1 virtual=4");
		assertThat(JsonPath.<List<String>>read(data, "$.header[0]")).containsExactly("pid", "4242");
	}

	@Test
	void policyAllowsExactlyThePagesScriptAndStyle() throws Exception {
		String page = this.renderer.render(GoldenReports.report(GoldenReports.Variant.FAST), false).toString();
		String policy = HtmlReportRenderer.CONTENT_SECURITY_POLICY;
		assertThat(policy).startsWith("default-src 'none'; ")
			.contains("script-src " + sha256(between(page, "<script>", "</script>")) + ";")
			.contains("style-src " + sha256(between(page, "<style>", "</style>")) + ";")
			.endsWith("; frame-ancestors 'self'")
			.doesNotContain("unsafe", "http", "*");
		assertThat(page).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"" + policy + "\">");
		assertThat(page).doesNotContain("src=\"", "href=\"", "url(", "@import");
	}

	@Test
	void pageOfTwoThousandThreadsIsWithinOneAndAHalfFoldedPlusTheFixedPage() {
		List<ThreadCapture> threads = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			List<StackTraceElement> frames = new ArrayList<>();
			frames.add(new StackTraceElement("jdk.internal.misc.Unsafe", "park", null, -2));
			// 40 kinds of work under 5 pools, 25 frames deep: shared prefixes, as in a real service.
			for (int depth = 0; depth < 20; depth++) {
				frames.add(new StackTraceElement("com.example.service.Handler" + (i % 40) + "Layer" + depth,
						"handle", "Handler.java", 10 + depth));
			}
			frames.add(new StackTraceElement("org.springframework.web.servlet.DispatcherServlet", "doDispatch",
					"DispatcherServlet.java", 1089));
			frames.add(new StackTraceElement("java.util.concurrent.ThreadPoolExecutor", "runWorker",
					"ThreadPoolExecutor.java", 1136));
			frames.add(new StackTraceElement("com.example.Pool" + (i % 5), "run", "Pool.java", 7));
			frames.add(new StackTraceElement("java.lang.Thread", "run", "Thread.java", 840));
			threads.add(ThreadCapture.captured(1000 + i, "http-nio-8080-exec-" + i, Thread.State.WAITING,
					CaptureStatus.OK, frames, null, null));
		}
		StackTraceReport report = new StackTraceReport(1, "OpenJDK 64-Bit Server VM 17.0.15+6", Instant.EPOCH,
				new StackTraceRequest(null, DetailMode.FAST, Duration.ofMillis(100), false), "thread_mx_bean",
				threads, Duration.ofMillis(30), DeadlockSearch.NOT_LOOKED_FOR);
		long folded = new FoldedReportRenderer(new FrameRenderCache(0, 0)).render(report, false).length();
		long page = this.renderer.render(report, false).length();
		assertThat(page).isLessThanOrEqualTo(folded * 3 / 2 + HtmlReportRenderer.fixedLength());
	}

	@Test
	void groupedFlagChangesNothing() {
		StackTraceReport report = GoldenReports.report(GoldenReports.Variant.FULL_DEADLOCKED);
		assertThat(this.renderer.render(report, true).toString())
			.isEqualTo(this.renderer.render(report, false).toString());
	}

	private static String data(String page) {
		return between(page, "<script type=\"application/json\" id=\"data\">", "</script>");
	}

	private static String between(String page, String open, String close) {
		int start = page.indexOf(open) + open.length();
		return page.substring(start, page.indexOf(close, start));
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
			count++;
		}
		return count;
	}

	private static String sha256(String source) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
		return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
	}

}
