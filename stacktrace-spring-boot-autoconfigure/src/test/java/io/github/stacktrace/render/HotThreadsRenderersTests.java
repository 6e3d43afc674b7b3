package io.github.stacktrace.render;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
import io.github.stacktrace.test.StrictJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the hot-threads renderers on reports built by hand: exact measures, grouping lines, totals, and hostile
 * names.
 */
class HotThreadsRenderersTests {

	private static final Duration WINDOW = Duration.ofMillis(500);

	private static final List<StackTraceElement> LOOP = List.of(
			new StackTraceElement("com.example.Pricing", "loop", "Pricing.java", 42),
			new StackTraceElement("com.example.Pricing", "price", "Pricing.java", 12));

	private static final List<StackTraceElement> WAIT = List.of(
			new StackTraceElement("java.lang.Object", "wait", null, -2),
			new StackTraceElement("com.example.Pricing", "price", "Pricing.java", 12));

	private final FrameRenderCache cache = new FrameRenderCache(100, 100_000);

	@Test
	void textShowsMeasuresGroupsSameStackAndTotals() {
		HotThreadsReport report = report(HotThreadsType.CPU, 930_000_000L, List.of(
				new HotThread(31, 0x1f3, "pricing-1", Thread.State.RUNNABLE, 462_000_000L, 10,
						List.of(new SnapshotGroup(10, LOOP))),
				HotThread.jvmInternal(0x1a2b, "GC Thread#0", 200_000_000L),
				new HotThread(32, -1, "pricing-2", Thread.State.WAITING, 100_000_000L, 4,
						List.of(new SnapshotGroup(3, WAIT), new SnapshotGroup(1, LOOP)))));
		String text = new HotThreadsTextRenderer(this.cache).render(report).toString();
		assertThat(text).startsWith("JVM hot threads\npid: 4242\njvm: Test VM 1\ntype: cpu\ninterval_ms: 500\n");
		assertThat(text).contains("\n----- thread 31 (pricing-1) nid=0x1f3 state=RUNNABLE cpu=92.4% (462 ms of 500 ms)"
				+ " same_stack=10/10 -----\n10/10 snapshots sharing the following 2 frames\n"
				+ "com.example.Pricing.loop(Pricing.java:42)\ncom.example.Pricing.price(Pricing.java:12)\n\n");
		assertThat(text).contains("\n----- jvm_thread (GC Thread#0) nid=0x1a2b cpu=40.0% (200 ms of 500 ms) -----\n"
				+ "<JVM-internal thread: no Java stack>\n\n");
		assertThat(text).contains("\n----- thread 32 (pricing-2) state=WAITING cpu=20.0% (100 ms of 500 ms)"
				+ " snapshots=4/10 -----\n3/4 snapshots sharing the following 2 frames\n");
		assertThat(text).contains("\n\n1/4 snapshots sharing the following 2 frames\n");
		assertThat(text).endsWith("\ntotals: process_cpu=186.0% (930 ms of 500 ms) shown_cpu=152.4% (762 ms of 500 ms)"
				+ " explained=81.9%\n");
	}

	@Test
	void allocationIsShownAsARate() {
		HotThreadsReport report = report(HotThreadsType.ALLOC, -1, List.of(new HotThread(31, -1, "allocator",
				Thread.State.RUNNABLE, 600_000_000L, 1, List.of(new SnapshotGroup(1, LOOP)))));
		String text = new HotThreadsTextRenderer(this.cache).render(report).toString();
		assertThat(text).contains(" alloc=1.2 GB/s (600.0 MB in 500 ms) snapshots=1/10 -----");
		assertThat(text).endsWith("\ntotals: process_cpu=unknown all_alloc=2.4 GB/s (1.2 GB in 500 ms)"
				+ " shown_alloc=1.2 GB/s (600.0 MB in 500 ms) explained=50.0%\n");
	}

	@Test
	void hostileNamesStayOnTheirLineInTextAndReadBackFromJson() throws Exception {
		String hostile = "evil\n----- thread 1 (main) state=RUNNABLE -----\u001b\"";
		HotThreadsReport report = report(HotThreadsType.CPU, 10, List.of(
				new HotThread(7, -1, hostile, Thread.State.RUNNABLE, 5, 1, List.of(new SnapshotGroup(1, LOOP))),
				HotThread.jvmInternal(9, hostile, 5)));
		String text = new HotThreadsTextRenderer(this.cache).render(report).toString();
		assertThat(text.lines().filter((line) -> line.startsWith("-----"))).hasSize(2)
			.allSatisfy((line) -> assertThat(line).contains("evil\\n----- thread 1 \\(main\\)").doesNotContain("\u001b"));
		JsonNode json = json(report);
		assertThat(json.get("threads").get(0).get("name").asString()).isEqualTo(hostile);
		assertThat(json.get("threads").get(1).get("jvm_thread").asBoolean()).isTrue();
		assertThat(json.get("threads").get(1).has("id")).isFalse();
		assertThat(json.get("threads").get(1).get("nid").asLong()).isEqualTo(9);
		assertThat(json.get("threads").get(0).get("stacks").get(0).get("frames").get(0).get("method").asString())
			.isEqualTo("loop");
	}

	@Test
	void aThreadServingARequestNamesItAsTheDumpsSectionsDoInTextAndJson() throws Exception {
		RequestContext order = new RequestContext("GET", "/orders/{id}", 1, Duration.ofMillis(4759),
				"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
		HotThreadsReport report = report(HotThreadsType.CPU, 10, List.of(
				new HotThread(31, -1, "http-1", Thread.State.RUNNABLE, 5, 10, List.of(new SnapshotGroup(10, LOOP)),
						order),
				new HotThread(32, -1, "worker-1", Thread.State.WAITING, 4, 10, List.of(new SnapshotGroup(10, WAIT)))));
		String text = new HotThreadsTextRenderer(this.cache).render(report).toString();
		assertThat(text).contains("\n----- thread 31 (http-1) state=RUNNABLE cpu=0.0% (0 ms of 500 ms) same_stack=10/10"
				+ " request=\"GET /orders/{id}\" elapsed_ms=4759 trace_id=4bf92f3577b34da6a3ce929d0e0e4736"
				+ " span_id=00f067aa0ba902b7 -----\n");
		assertThat(text).contains("\n----- thread 32 (worker-1) state=WAITING cpu=0.0% (0 ms of 500 ms) -----\n");
		JsonNode json = json(report);
		JsonNode served = json.get("threads").get(0);
		assertThat(served.get("request").asString()).isEqualTo("GET /orders/{id}");
		assertThat(served.get("elapsed_ms").asLong()).isEqualTo(4759);
		assertThat(served.get("trace_id").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(served.get("span_id").asString()).isEqualTo("00f067aa0ba902b7");
		assertThat(json.get("threads").get(1).has("request")).isFalse();
		assertThat(json.get("threads").get(1).has("elapsed_ms")).isFalse();
	}

	@Test
	void hostileRouteStaysInItsQuotesInTextAndReadsBackFromJson() throws Exception {
		String route = "/x\" elapsed_ms=1 -----\n----- thread 1 (main) state=RUNNABLE -----\u001b";
		HotThreadsReport report = report(HotThreadsType.CPU, 10, List.of(new HotThread(31, -1, "http-1",
				Thread.State.RUNNABLE, 5, 1, List.of(new SnapshotGroup(1, LOOP)),
				new RequestContext("GET", route, 1, Duration.ofMillis(7), "not-hex \"\n", null))));
		String text = new HotThreadsTextRenderer(this.cache).render(report).toString();
		assertThat(text.lines().filter((line) -> line.startsWith("-----"))).singleElement()
			.asString()
			.endsWith(" request=\"GET /x\\\" elapsed_ms=1 -----\\n----- thread 1 (main) state=RUNNABLE -----\\u001b\""
					+ " elapsed_ms=7 trace_id=\"not-hex \\\"\\n\" -----");
		JsonNode json = json(report);
		assertThat(json.get("threads").get(0).get("request").asString()).isEqualTo("GET " + route);
		assertThat(json.get("threads").get(0).get("trace_id").asString()).isEqualTo("not-hex \"\n");
	}

	@Test
	void foldedCountsEverySnapshotOfEveryShownThreadRootFirst() {
		HotThreadsReport report = report(HotThreadsType.CPU, 10, List.of(
				new HotThread(31, -1, "a", Thread.State.RUNNABLE, 5, 3,
						List.of(new SnapshotGroup(2, LOOP), new SnapshotGroup(1, WAIT))),
				new HotThread(32, -1, "b", Thread.State.RUNNABLE, 4, 2, List.of(new SnapshotGroup(2, LOOP))),
				HotThread.jvmInternal(9, "VM Thread", 3)));
		String folded = new HotThreadsFoldedRenderer(this.cache).render(report).toString();
		assertThat(folded.lines()).containsExactly(
				"com.example.Pricing.price(Pricing.java:12);com.example.Pricing.loop(Pricing.java:42) 4",
				"com.example.Pricing.price(Pricing.java:12);java.lang.Object.wait(Native_Method) 1");
	}

	@Test
	void sampledVirtualThreadsFollowTheMeasuredOnesSayingHowTheirValueWasEstimatedInEveryFormat() throws Exception {
		String hostile = "vt\u001b[31m\n----- thread 1 (main) -----<img src=x onerror=alert(1)>";
		RequestContext order = new RequestContext("GET", "/orders/{id}", 1, Duration.ofMillis(4759),
				"4bf92f3577b34da6a3ce929d0e0e4736", null);
		HotThread measured = new HotThread(31, -1, "worker-1", Thread.State.WAITING, 400_000_000L, 10,
				List.of(new SnapshotGroup(10, WAIT)));
		HotThread sampled = new HotThread(77, -1, hostile, Thread.State.WAITING, 350_000_000L, 4,
				List.of(new SnapshotGroup(4, WAIT)), order, new SampledMeasure(7, 10));
		HotThreadsRequest request = new HotThreadsRequest(HotThreadsType.WAIT, 3, WINDOW, 10, true, DetailMode.FAST,
				ThreadFilter.NONE);
		HotThreadsReport report = new HotThreadsReport(4242, "Test VM 1", request,
				Instant.parse("2026-01-01T00:00:00Z"), WINDOW, "thread_get_stack_trace_per_thread", 0, false, 57, 10,
				800_000_000L, List.of(measured), List.of("sampled, see the docs"), WINDOW,
				new VirtualThreadSampling(12, 10), List.of(sampled));
		String text = new HotThreadsTextRenderer(this.cache).render(report).toString();
		assertThat(text).contains("\nmeasured_threads: 57\nvirtual_threads: sampled\nsampled_virtual_threads: 12\n")
			.contains("\nnotice: sampled, see the docs\n")
			.doesNotContain("\u001b")
			.containsSubsequence("----- thread 31 (worker-1) state=WAITING waited=80.0% (400 ms of 500 ms) -----",
					"----- thread 77 (vt\\u001b[31m\\n----- thread 1 \\(main\\) -----<img src=x onerror=alert\\(1\\)>)"
							+ " state=WAITING waited=70.0% (350 ms of 500 ms) snapshots=4/10 virtual=true"
							+ " measured=sampled instants_in_state=7 instants_sampled=10 request=\"GET /orders/{id}\"",
					"totals: process_cpu=0.0% (0 ms of 500 ms) all_waited=160.0% (800 ms of 500 ms)"
							+ " shown_waited=80.0% (400 ms of 500 ms) explained=50.0%");
		JsonNode json = json(report);
		assertThat(json.get("virtual_threads").asString()).isEqualTo("sampled");
		assertThat(json.get("sampled_virtual_threads").asInt()).isEqualTo(12);
		assertThat(json.get("threads").get(0).get("measured").asString()).isEqualTo("counter");
		assertThat(json.get("threads").get(0).has("virtual")).isFalse();
		JsonNode virtual = json.get("threads").get(1);
		assertThat(virtual.get("name").asString()).isEqualTo(hostile);
		assertThat(virtual.get("virtual").asBoolean()).isTrue();
		assertThat(virtual.get("measured").asString()).isEqualTo("sampled");
		assertThat(virtual.get("instants_in_state").asInt()).isEqualTo(7);
		assertThat(virtual.get("instants_sampled").asInt()).isEqualTo(10);
		assertThat(virtual.get("waited").asLong()).isEqualTo(350_000_000L);
		assertThat(virtual.get("request").asString()).isEqualTo("GET /orders/{id}");
		assertThat(json.get("totals").get("shown_waited").asLong()).isEqualTo(400_000_000L);
		assertThat(new HotThreadsFoldedRenderer(this.cache).render(report).toString().lines())
			.containsExactly("com.example.Pricing.price(Pricing.java:12);java.lang.Object.wait(Native_Method) 14");
	}

	private static HotThreadsReport report(HotThreadsType type, long processCpu, List<HotThread> threads) {
		HotThreadsRequest request = new HotThreadsRequest(type, 3, WINDOW, 10, true, DetailMode.FAST,
				ThreadFilter.NONE);
		long total = threads.stream().mapToLong(HotThread::value).sum() * ((type == HotThreadsType.ALLOC) ? 2 : 1);
		return new HotThreadsReport(4242, "Test VM 1", request, Instant.parse("2026-01-01T00:00:00Z"), WINDOW,
				"thread_get_stack_trace_per_thread", 0, true, 57, processCpu, total, threads, List.of(), WINDOW);
	}

	// Strict first: Jackson would keep the last of two equal keys without a word.
	private JsonNode json(HotThreadsReport report) {
		String json = new HotThreadsJsonRenderer(this.cache).render(report).toString();
		StrictJson.parse(json);
		return JsonMapper.builder().build().readTree(json);
	}

}
