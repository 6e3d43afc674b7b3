package io.github.stacktrace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the package rule of the design with a plain scan of the sources: the engine imports the JDK only, and the
 * adapters around it do not depend on each other or on the wiring.
 */
class EngineDependencyTests {

	private static final Path BASE = Path.of("src/main/java/io/github/stacktrace");

	@Test
	void engineImportsNeitherSpringNorMicrometer() throws IOException {
		List<Path> engine = javaFiles(BASE);
		assertThat(engine).hasSizeGreaterThan(10)
			.contains(BASE.resolve("StackTraceCaptureService.java"), BASE.resolve("FrameRenderCache.java"));
		for (Path file : engine) {
			assertThat(imports(file)).as(file.toString())
				.noneMatch((imported) -> imported.startsWith("org.springframework")
						|| imported.startsWith("io.micrometer"));
			assertThat(Files.readString(file)).as(file.toString())
				.doesNotContain("org.springframework.", "io.micrometer.");
		}
	}

	@Test
	void engineImportsNoneOfItsAdapters() throws IOException {
		for (Path file : javaFiles(BASE)) {
			assertThat(imports(file)).as(file.toString())
				.noneMatch((imported) -> imported.startsWith("io.github.stacktrace.actuate")
						|| imported.startsWith("io.github.stacktrace.metrics")
						|| imported.startsWith("io.github.stacktrace.autoconfigure"));
		}
	}

	@Test
	void actuateImportsNeitherMetricsNorAutoconfigure() throws IOException {
		List<Path> actuate = javaFiles(BASE.resolve("actuate"));
		assertThat(actuate).isNotEmpty();
		assertNoImports(actuate, "io.github.stacktrace.metrics", "io.github.stacktrace.autoconfigure",
				"io.micrometer");
	}

	@Test
	void metricsImportsNeitherActuateNorAutoconfigure() throws IOException {
		// The metrics package may not exist yet; whatever exists of it must follow the rule.
		List<Path> metrics = javaFiles(BASE.resolve("metrics"));
		assertNoImports(metrics, "io.github.stacktrace.actuate", "io.github.stacktrace.autoconfigure",
				"org.springframework");
		assertThat(javaFiles(BASE.resolve("autoconfigure"))).isNotEmpty();
	}

	@Test
	void importsAreReadFromTheSource() {
		assertThat(imports("package a;\n\nimport java.util.List;\nimport static org.springframework.x.Y.z;\n"
				+ "import  io.micrometer.core.Meter ;\nclass A { String s = \"import org.springframework.Q;\"; }\n"))
			.containsExactly("java.util.List", "org.springframework.x.Y.z", "io.micrometer.core.Meter");
	}

	private static void assertNoImports(List<Path> files, String... forbidden) throws IOException {
		for (Path file : files) {
			for (String imported : imports(file)) {
				for (String prefix : forbidden) {
					assertThat(imported).as("%s imports %s", file, imported).doesNotStartWith(prefix);
				}
			}
		}
	}

	private static List<Path> javaFiles(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.toString().endsWith(".java") && Files.isRegularFile(file)).sorted()
				.toList();
		}
	}

	private static List<String> imports(Path file) throws IOException {
		return imports(Files.readString(file));
	}

	private static List<String> imports(String source) {
		List<String> imports = new ArrayList<>();
		for (String line : source.lines().toList()) {
			String trimmed = line.strip();
			if (!trimmed.startsWith("import ")) {
				continue;
			}
			String imported = trimmed.substring("import ".length()).strip();
			if (imported.startsWith("static ")) {
				imported = imported.substring("static ".length()).strip();
			}
			imports.add(imported.replace(";", "").strip());
		}
		return imports;
	}

}
