package io.github.stacktrace.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.test.ExternalTool;
import io.github.stacktrace.test.StrictJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every renderer, grouped or not, against the golden files: the bytes a fixed report renders to are part of the
 * contract. Run with {@code -Dgolden.update=true} to rewrite the files after an intended change, and review the diff.
 */
class GoldenReportTests {

	private static final Path GOLDEN = Path.of("src/test/resources/golden");

	static List<Arguments> renderings() {
		List<Arguments> renderings = new ArrayList<>();
		for (GoldenReports.Variant variant : GoldenReports.Variant.values()) {
			for (String rendering : List.of("text", "text-grouped", "json", "json-grouped", "folded", "jstack")) {
				renderings.add(Arguments.of(variant, rendering));
			}
		}
		return renderings;
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("renderings")
	void renderingMatchesGoldenFile(GoldenReports.Variant variant, String rendering) throws IOException {
		StackTraceReport report = GoldenReports.report(variant);
		String rendered = render(report, rendering, new FrameRenderCache(1024, 4_000_000));
		// The cache changes nothing: a disabled cache renders the same bytes.
		assertThat(render(report, rendering, new FrameRenderCache(0, 0))).isEqualTo(rendered);
		Path file = GOLDEN.resolve(variant.fileStem() + "." + rendering + (rendering.startsWith("json") ? ".json"
				: ".txt"));
		if (Boolean.getBoolean("golden.update")) {
			Files.writeString(file, rendered, StandardCharsets.UTF_8);
		}
		assertThat(rendered).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("jsonFiles")
	void goldenJsonIsStrictJson(Path file) throws IOException {
		// Strict refuses what lenient parsers let through, such as an escaped half surrogate pair.
		Map<?, ?> report = (Map<?, ?>) StrictJson.parse(Files.readAllBytes(file));
		assertThat(((Map<?, ?>) report.get("summary")).get("captured")).isInstanceOf(Long.class);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("jsonFiles")
	void goldenJsonIsAcceptedByJq(Path file) throws Exception {
		// An independent strict reader as an extra check: skipped without jq, required under CI.
		ExternalTool.Run jq = ExternalTool.jq().run("-e", ".summary.captured", file.toString());
		assertThat(jq.exitCode()).as("jq on %s: %s", file, jq.output()).isZero();
	}

	static List<Path> jsonFiles() throws IOException {
		try (Stream<Path> files = Files.list(GOLDEN)) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
		}
	}

	private static String render(StackTraceReport report, String rendering, FrameRenderCache cache)
			throws IOException {
		return switch (rendering) {
			case "text" -> streamed(new TextReportRenderer(cache).render(report, false));
			case "text-grouped" -> streamed(new TextReportRenderer(cache).render(report, true));
			case "json" -> streamed(new JsonReportRenderer(cache).render(report, false));
			case "json-grouped" -> streamed(new JsonReportRenderer(cache).render(report, true));
			case "folded" -> streamed(new FoldedReportRenderer(cache).render(report, false));
			case "jstack" -> streamed(new JstackReportRenderer(cache).render(report, false));
			default -> throw new IllegalArgumentException(rendering);
		};
	}

	private static String streamed(ReportText text) throws IOException {
		String joined = text.toString();
		try (InputStream stream = text.openUtf8Stream()) {
			assertThat(new String(stream.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(joined);
		}
		return joined;
	}

}
