package io.github.stacktrace.render;

import java.util.List;

import io.github.stacktrace.report.StackGroup;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.ThreadCapture;

/**
 * Renders a {@link StackTraceReport} as one self-contained HTML page: an icicle graph of the grouped stacks (boxes
 * sized by thread count, click to zoom, search with a count of matching threads, a tooltip, colours for application,
 * framework and JDK frames), the header facts, the summary and the grouped stacks as a table that jumps to the graph.
 * <p>
 * The page's script and style are inline and fixed (a classpath resource); the report is data, a JSON document inside
 * {@code <script type="application/json">} with {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped, so no
 * thread name or frame can end the element or be read as markup. The page only ever sets text, never markup, and it
 * runs under {@link #CONTENT_SECURITY_POLICY}, which allows nothing but that script and that style, by hash.
 * <p>
 * Each distinct frame is sent once and stacks refer to frames by index, so a page is smaller than the folded stacks of
 * the same report plus the fixed page. Thread names are listed up to 8 per group, each with what the text report's
 * section line says of it beyond its stack ({@code virtual=true}, the request it serves), and a group says how many
 * of its threads are virtual, how many serve requests and the longest elapsed time, as the text report's group line
 * does. The {@code grouped} flag changes nothing: the graph and
 * the table always group.
 *
 * @since 0.1.0
 */
public final class HtmlReportRenderer implements ReportRenderer {

	private static final int MAX_LISTED_THREADS = 8;

	/**
	 * The {@code Content-Security-Policy} the page needs and nothing more: no source for anything but its own inline
	 * script and style, which are allowed by their SHA-256 hashes, and framing by pages of its own origin only
	 * ({@code frame-ancestors 'self'}), so a dashboard that proxies the actuator, such as Spring Boot Admin, can show it
	 * in a frame while any other site cannot. The page carries it in a {@code <meta>} element too, where browsers ignore
	 * {@code frame-ancestors}: the header is what counts.
	 */
	public static final String CONTENT_SECURITY_POLICY = HtmlPage.CONTENT_SECURITY_POLICY;

	@Override
	public ReportText render(StackTraceReport report, boolean grouped) {
		return HtmlPage.render(data(report));
	}

	/**
	 * The size of the page around the data: what every page costs whatever the report.
	 * @return the fixed part's length in characters
	 */
	public static int fixedLength() {
		return HtmlPage.fixedLength();
	}

	// {"header":[[key,value]…],"summary":"…","frames":[text…],"kinds":"0 application, 1 framework, 2 JDK per frame",
	// "groups":[[count,status,state,[frame index, top first…],[[id,name(,fields)]…],more(,group fields)]…]}
	// where the fields are the text report's (a thread's virtual facts and request, a group's virtual_count and
	// requests), and only there when the thread or group has any.
	private static String data(StackTraceReport report) {
		StringBuilder json = new StringBuilder(4096);
		JsonWriter out = new JsonWriter(json).beginObject();
		HtmlPage.writeHeader(out, (header) -> ReportFields.writeHeader(report, header));
		ReportText summary = new ReportText();
		ReportFields.writeSummary(report.summary(), new TextSectionFields(summary));
		out.field("summary", summary.toString().trim());
		HtmlPage.Frames frames = new HtmlPage.Frames(report.request().mode());
		List<StackGroup> groups = StackGroup.of(report);
		int[][] stacks = new int[groups.size()][];
		for (int g = 0; g < groups.size(); g++) {
			stacks[g] = frames.indexOf(groups.get(g).first().frames());
		}
		frames.write(out);
		out.name("groups").beginArray();
		for (int g = 0; g < groups.size(); g++) {
			writeGroup(out, groups.get(g), stacks[g]);
		}
		out.endArray();
		out.endObject();
		return json.toString();
	}

	private static void writeGroup(JsonWriter out, StackGroup group, int[] stack) {
		ThreadCapture first = group.first();
		out.beginArray().value(group.size()).value(first.status().reportName())
			.value((first.state() != null) ? first.state().name() : "");
		HtmlPage.writeStack(out, stack);
		out.beginArray();
		int listed = Math.min(group.size(), MAX_LISTED_THREADS);
		for (int i = 0; i < listed; i++) {
			ThreadCapture thread = group.threads().get(i);
			out.beginArray().value(thread.id()).value((thread.name() != null) ? thread.name() : "?");
			String facts = HtmlPage.textFields((fields) -> {
				ReportFields.writeVirtual(thread, fields);
				ReportFields.writeRequest(thread.request(), fields);
			});
			if (!facts.isEmpty()) {
				out.value(facts);
			}
			out.endArray();
		}
		out.endArray();
		out.value(group.size() - listed);
		String serving = HtmlPage.textFields((fields) -> {
			ReportFields.writeVirtualCount(group, fields);
			ReportFields.writeGroupRequests(group, fields);
		});
		if (!serving.isEmpty()) {
			out.value(serving);
		}
		out.endArray();
	}

}
