package io.github.stacktrace.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.github.stacktrace.report.DetailMode;

/**
 * The one HTML page both HTML renderers fill, the dump's and the hot threads': its fixed markup, style and script (a
 * classpath resource) around a JSON data document, the policy that allows them by hash, and the parts of the data
 * both reports share: the header facts as pairs, and each distinct frame sent once with its package kind.
 * <p>
 * The data goes inside {@code <script type="application/json">} with {@code <}, {@code >}, {@code &}, U+2028 and
 * U+2029 escaped, so no thread name or frame can end the element or be read as markup.
 */
final class HtmlPage {

	private static final String TEMPLATE_RESOURCE = "stacktrace-page.html";

	private static final Template TEMPLATE = Template.load();

	/** The policy the page needs: see {@link HtmlReportRenderer#CONTENT_SECURITY_POLICY}. */
	static final String CONTENT_SECURITY_POLICY = TEMPLATE.contentSecurityPolicy;

	private HtmlPage() {
	}

	/**
	 * The page around the given data.
	 * @param json the data document
	 * @return the page
	 */
	static ReportText render(String json) {
		ReportText out = new ReportText();
		out.appendShared(TEMPLATE.beforeData);
		out.append(htmlSafe(json));
		out.appendShared(TEMPLATE.afterData);
		return out;
	}

	/**
	 * The size of the page around the data.
	 * @return the fixed part's length in characters
	 */
	static int fixedLength() {
		return TEMPLATE.beforeData.length() + TEMPLATE.afterData.length();
	}

	/**
	 * Writes {@code "header": [[key, value]…]}: the header facts as the text report writes them.
	 * @param out where to write
	 * @param header writes the facts to the writer it is given
	 */
	static void writeHeader(JsonWriter out, Consumer<ReportFields.HeaderWriter> header) {
		out.name("header").beginArray();
		ReportText text = new ReportText();
		header.accept(new TextHeaderLines(text, ""));
		for (String line : text.toString().split("\n")) {
			int colon = line.indexOf(": ");
			out.beginArray().value(line.substring(0, Math.max(colon, 0))).value(line.substring(colon + 2)).endArray();
		}
		out.endArray();
	}

	/**
	 * Named fields as the text report's section line writes them ({@code request="GET /orders/{id}" elapsed_ms=12}),
	 * for a cell of the page: the same fields, escaped the same way, as the text report shows.
	 * @param fields writes the fields to the writer it is given
	 * @return the fields, separated by spaces, or the empty string when none was written
	 */
	static String textFields(Consumer<FieldWriter> fields) {
		ReportText text = new ReportText();
		fields.accept(new TextSectionFields(text));
		// Each field is written after a space.
		return (text.length() > 0) ? text.toString().substring(1) : "";
	}

	/**
	 * Writes a stack as an array of frame numbers, top frame first.
	 * @param out where to write
	 * @param stack the frame numbers
	 */
	static void writeStack(JsonWriter out, int[] stack) {
		out.beginArray();
		for (int number : stack) {
			out.value(number);
		}
		out.endArray();
	}

	/** Each distinct frame of a page, numbered in the order first seen, with its package kind. */
	static final class Frames {

		private final DetailMode mode;

		private final Map<String, Integer> index = new HashMap<>();

		private final List<String> texts = new ArrayList<>();

		private final StringBuilder kinds = new StringBuilder();

		private final StringBuilder frameText = new StringBuilder(128);

		Frames(DetailMode mode) {
			this.mode = mode;
		}

		/**
		 * Numbers the frames of a stack, adding the ones not seen yet.
		 * @param frames the stack, top frame first
		 * @return the frames' numbers, top frame first
		 */
		int[] indexOf(List<StackTraceElement> frames) {
			int[] stack = new int[frames.size()];
			for (int i = 0; i < frames.size(); i++) {
				this.frameText.setLength(0);
				FrameRenderer.appendFrame(this.frameText, frames.get(i), this.mode);
				String text = this.frameText.toString();
				Integer number = this.index.get(text);
				if (number == null) {
					number = this.texts.size();
					this.index.put(text, number);
					this.texts.add(text);
					this.kinds.append(PackageKind.of(frames.get(i).getClassName()).ordinal());
				}
				stack[i] = number;
			}
			return stack;
		}

		/**
		 * The text of a numbered frame.
		 * @param number the frame's number
		 * @return its text
		 */
		String text(int number) {
			return this.texts.get(number);
		}

		/**
		 * Writes {@code "frames": [text…]} and {@code "kinds": "0 application, 1 framework, 2 JDK per frame"}.
		 * @param out where to write
		 */
		void write(JsonWriter out) {
			out.name("frames").beginArray();
			for (String text : this.texts) {
				out.value(text);
			}
			out.endArray();
			out.field("kinds", this.kinds.toString());
		}

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

		private static final List<String> JDK_PACKAGES = List.of("java.", "jdk.", "sun.", "com.sun.");

		// javax.* is both: the JDK's own (javax.management, javax.net.ssl) and Java EE's (javax.servlet). The runtime
		// image says which are the JDK's.
		private static final Set<String> JDK_JAVAX_PACKAGES = ModuleFinder.ofSystem()
			.findAll()
			.stream()
			.flatMap((module) -> module.descriptor().packages().stream())
			.filter((name) -> name.startsWith("javax."))
			.collect(Collectors.toUnmodifiableSet());

		// Libraries an application runs on: servlet containers, web stacks, serialisation, persistence, drivers,
		// observability, languages. Anything else is the application's.
		private static final List<String> FRAMEWORK_PACKAGES = List.of("javax.", "jakarta.", "org.springframework.",
				"org.apache.", "org.eclipse.", "io.undertow.", "org.glassfish.", "org.jboss.", "io.netty.", "reactor.",
				"org.reactivestreams.", "io.reactivex.", "io.vertx.", "com.fasterxml.", "tools.jackson.",
				"com.google.", "org.yaml.", "org.hibernate.", "org.mybatis.", "org.jooq.", "org.flywaydb.",
				"liquibase.", "com.zaxxer.", "com.mysql.", "org.mariadb.", "org.postgresql.", "oracle.jdbc.",
				"org.h2.", "org.hsqldb.", "io.r2dbc.", "com.mongodb.", "org.mongodb.", "io.lettuce.",
				"redis.clients.", "com.datastax.", "com.hazelcast.", "com.github.benmanes.caffeine.", "org.ehcache.",
				"org.quartz.", "io.micrometer.", "io.opentelemetry.", "io.prometheus.", "brave.", "zipkin2.",
				"ch.qos.", "org.slf4j.", "io.grpc.", "feign.", "io.github.resilience4j.", "org.aspectj.",
				"net.bytebuddy.", "org.thymeleaf.", "io.github.stacktrace.", "kotlin.", "kotlinx.", "scala.",
				"groovy.", "org.codehaus.groovy.", "org.junit.");

		static PackageKind of(String className) {
			if (startsWithAny(className, JDK_PACKAGES)) {
				return JDK;
			}
			if (className.startsWith("javax.")) {
				int dot = className.lastIndexOf('.');
				return JDK_JAVAX_PACKAGES.contains(className.substring(0, dot)) ? JDK : FRAMEWORK;
			}
			return startsWithAny(className, FRAMEWORK_PACKAGES) ? FRAMEWORK : APPLICATION;
		}

		private static boolean startsWithAny(String className, List<String> prefixes) {
			for (String prefix : prefixes) {
				if (className.startsWith(prefix)) {
					return true;
				}
			}
			return false;
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
			try (InputStream in = HtmlPage.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
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
