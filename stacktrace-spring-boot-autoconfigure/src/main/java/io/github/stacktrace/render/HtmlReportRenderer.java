package io.github.stacktrace.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.stacktrace.report.DetailMode;
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
 * the same report plus the fixed page. Thread names are listed up to 8 per group. The
 * {@code grouped} flag changes nothing: the graph and the table always group.
 *
 * @since 0.1.0
 */
public final class HtmlReportRenderer implements ReportRenderer {

	private static final int MAX_LISTED_THREADS = 8;

	private static final String TEMPLATE_RESOURCE = "stacktrace-page.html";

	private static final Template TEMPLATE = Template.load();

	/**
	 * The {@code Content-Security-Policy} the page needs and nothing more: no source for anything but its own inline
	 * script and style, which are allowed by their SHA-256 hashes. The page carries it in a {@code <meta>} element too.
	 */
	public static final String CONTENT_SECURITY_POLICY = TEMPLATE.contentSecurityPolicy;

	@Override
	public ReportText render(StackTraceReport report, boolean grouped) {
		ReportText out = new ReportText();
		out.appendShared(TEMPLATE.beforeData);
		out.append(htmlSafe(data(report)));
		out.appendShared(TEMPLATE.afterData);
		return out;
	}

	/**
	 * The size of the page around the data: what every page costs whatever the report.
	 * @return the fixed part's length in characters
	 */
	public static int fixedLength() {
		return TEMPLATE.beforeData.length() + TEMPLATE.afterData.length();
	}

	// {"header":[[key,value]…],"summary":"…","frames":[text…],"kinds":"0 application, 1 framework, 2 JDK per frame",
	// "groups":[[count,status,state,[frame index, top first…],[[id,name]…],more]…]}
	private static String data(StackTraceReport report) {
		DetailMode mode = report.request().mode();
		StringBuilder json = new StringBuilder(4096);
		JsonWriter out = new JsonWriter(json).beginObject();
		out.name("header").beginArray();
		ReportText header = new ReportText();
		ReportFields.writeHeader(report, new TextHeaderLines(header, ""));
		for (String line : header.toString().split("\n")) {
			int colon = line.indexOf(": ");
			out.beginArray().value(line.substring(0, Math.max(colon, 0))).value(line.substring(colon + 2)).endArray();
		}
		out.endArray();
		ReportText summary = new ReportText();
		ReportFields.writeSummary(report.summary(), new TextSectionFields(summary));
		out.field("summary", summary.toString().trim());
		Map<String, Integer> frameIndex = new HashMap<>();
		StringBuilder kinds = new StringBuilder();
		StringBuilder frameText = new StringBuilder(128);
		out.name("frames").beginArray();
		List<StackGroup> groups = StackGroup.of(report);
		int[][] stacks = new int[groups.size()][];
		for (int g = 0; g < groups.size(); g++) {
			List<StackTraceElement> frames = groups.get(g).first().frames();
			stacks[g] = new int[frames.size()];
			for (int i = 0; i < frames.size(); i++) {
				frameText.setLength(0);
				FrameRenderer.appendFrame(frameText, frames.get(i), mode);
				String text = frameText.toString();
				Integer index = frameIndex.get(text);
				if (index == null) {
					index = frameIndex.size();
					frameIndex.put(text, index);
					out.value(text);
					kinds.append(PackageKind.of(frames.get(i).getClassName()).ordinal());
				}
				stacks[g][i] = index;
			}
		}
		out.endArray();
		out.field("kinds", kinds.toString());
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
		out.beginArray();
		for (int index : stack) {
			out.value(index);
		}
		out.endArray();
		out.beginArray();
		int listed = Math.min(group.size(), MAX_LISTED_THREADS);
		for (int i = 0; i < listed; i++) {
			ThreadCapture thread = group.threads().get(i);
			out.beginArray().value(thread.id()).value((thread.name() != null) ? thread.name() : "?").endArray();
		}
		out.endArray();
		out.value(group.size() - listed);
		out.endArray();
	}

	/**
	 * Escapes what could end the {@code <script>} element or start markup inside it, and the two line separators
	 * older scripts choke on. JSON strings are the only place these characters occur, and each escape is valid JSON.
	 */
	static String htmlSafe(String json) {
		StringBuilder out = null;
		for (int i = 0; i < json.length(); i++) {
			char c = json.charAt(i);
			String escape = switch (c) {
				case '<' -> "\\u003c";
				case '>' -> "\\u003e";
				case '&' -> "\\u0026";
				case '\u2028' -> "\\u2028";
				case '\u2029' -> "\\u2029";
				default -> null;
			};
			if (escape != null && out == null) {
				out = new StringBuilder(json.length() + 64).append(json, 0, i);
			}
			if (out != null) {
				if (escape != null) {
					out.append(escape);
				}
				else {
					out.append(c);
				}
			}
		}
		return (out != null) ? out.toString() : json;
	}

	/** Who wrote a frame's class, which the page shows as its colour. */
	enum PackageKind {

		APPLICATION, FRAMEWORK, JDK;

		private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

		private static final List<String> FRAMEWORK_PACKAGES = List.of("org.springframework.", "org.apache.",
				"io.micrometer.", "com.fasterxml.", "io.netty.", "reactor.", "ch.qos.", "org.slf4j.", "org.hibernate.",
				"org.eclipse.", "io.undertow.", "com.zaxxer.", "org.jboss.", "io.github.stacktrace.", "kotlin.",
				"kotlinx.", "scala.", "com.google.", "io.grpc.", "io.opentelemetry.", "org.junit.", "org.glassfish.");

		static PackageKind of(String className) {
			for (String prefix : JDK_PACKAGES) {
				if (className.startsWith(prefix)) {
					return JDK;
				}
			}
			for (String prefix : FRAMEWORK_PACKAGES) {
				if (className.startsWith(prefix)) {
					return FRAMEWORK;
				}
			}
			return APPLICATION;
		}

	}

	/** The page around the data, split once, with the policy its script and style need. */
	private static final class Template {

		private static final String DATA = "@DATA@";

		private static final String POLICY = "@CONTENT_SECURITY_POLICY@";

		private final String beforeData;

		private final String afterData;

		private final String contentSecurityPolicy;

		private Template(String page) {
			this.contentSecurityPolicy = "default-src 'none'; script-src " + hash(between(page, "<script>", "</script>"))
					+ "; style-src " + hash(between(page, "<style>", "</style>"))
					+ "; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
			String withPolicy = page.replace(POLICY, this.contentSecurityPolicy);
			int data = withPolicy.indexOf(DATA);
			this.beforeData = withPolicy.substring(0, data);
			this.afterData = withPolicy.substring(data + DATA.length());
		}

		static Template load() {
			try (InputStream in = HtmlReportRenderer.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
				if (in == null) {
					throw new IllegalStateException("missing " + TEMPLATE_RESOURCE);
				}
				return new Template(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private static String between(String page, String open, String close) {
			int start = page.indexOf(open) + open.length();
			return page.substring(start, page.indexOf(close, start));
		}

		private static String hash(String source) {
			try {
				byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
				return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
			}
		}

	}

}
