package io.github.stacktrace.autoconfigure;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.stacktrace.actuate.StackTraceEndpointWebExtension;
import io.github.stacktrace.report.CaptureStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the reference tables of {@code docs/} in step with the code: the properties of the configuration metadata,
 * the query parameters the endpoint's operations take, the HTTP statuses its web extension answers and the thread
 * statuses of a report. A failure names what is missing and the page to add it to.
 */
class DocumentationTests {

	/** The repository's docs, from this module's directory (where Maven runs the tests). */
	private static final Path DOCS = Path.of("..", "docs");

	private static final Path WEB_EXTENSION_SOURCE = Path
		.of("src/main/java/io/github/stacktrace/actuate/StackTraceEndpointWebExtension.java");

	private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

	private static final Pattern STATUS_CONSTANT = Pattern.compile("\\bSTATUS_[A-Z_]+\\b");

	@Test
	void configurationPageListsEveryPropertyOfTheMetadataWithItsDefault() throws Exception {
		Map<String, String> metadata = metadataDefaults();
		assertThat(metadata).as("generated configuration metadata").isNotEmpty();
		Map<String, String> documented = new LinkedHashMap<>();
		for (List<String> row : table("configuration.md", "| property |")) {
			documented.put(onlyCodeSpan(row.get(0)), row.get(1).strip());
		}
		for (Map.Entry<String, String> property : metadata.entrySet()) {
			assertThat(documented)
				.as("property %s (default %s) is missing from the table of docs/configuration.md: add a row for it",
						property.getKey(), property.getValue())
				.containsKey(property.getKey());
			assertThat(documented.get(property.getKey()))
				.as("default of %s in docs/configuration.md (the metadata says %s)", property.getKey(),
						property.getValue())
				.isEqualTo((property.getValue() != null) ? "`" + property.getValue() + "`" : "—");
		}
		assertThat(documented.keySet())
			.as("docs/configuration.md lists properties the configuration metadata does not have: remove them")
			.isSubsetOf(metadata.keySet());
	}

	@Test
	void endpointPageListsExactlyTheParametersOfTheStackTraceOperation() throws Exception {
		assertSameNames(documentedParameters("endpoint.md"), operationParameters("stackTrace"),
				"parameter table of docs/endpoint.md (## Parameters)", "StackTraceEndpointWebExtension#stackTrace");
	}

	@Test
	void hotThreadsPageListsExactlyTheParametersOfTheHotThreadsOperation() throws Exception {
		assertSameNames(documentedParameters("hot-threads.md"), operationParameters("hotThreads"),
				"parameter table of docs/hot-threads.md (## Parameters)", "StackTraceEndpointWebExtension#hotThreads");
	}

	@Test
	void endpointPageListsExactlyTheHttpStatusesTheWebExtensionAnswers() throws Exception {
		Set<String> documented = new TreeSet<>();
		for (List<String> row : table("endpoint.md", "| HTTP status |")) {
			documented.add(onlyCodeSpan(row.get(0)));
		}
		assertSameNames(documented, webExtensionStatuses(),
				"HTTP status table of docs/endpoint.md (## HTTP statuses and errors)", WEB_EXTENSION_SOURCE.toString());
	}

	@Test
	void endpointPageListsExactlyTheThreadStatuses() throws Exception {
		Set<String> documented = new TreeSet<>();
		for (List<String> row : table("endpoint.md", "| status |")) {
			documented.add(onlyCodeSpan(row.get(0)));
		}
		Set<String> statuses = Arrays.stream(CaptureStatus.values())
			.map((status) -> status.name().toLowerCase(Locale.ROOT))
			.collect(Collectors.toCollection(TreeSet::new));
		assertSameNames(documented, statuses, "thread status table of docs/endpoint.md (## Thread statuses)",
				"CaptureStatus");
	}

	private static void assertSameNames(Set<String> documented, Set<String> inCode, String table, String code) {
		Set<String> missing = new TreeSet<>(inCode);
		missing.removeAll(documented);
		Set<String> unknown = new TreeSet<>(documented);
		unknown.removeAll(inCode);
		assertThat(missing).as("%s lacks what %s has: add a row for each of %s", table, code, missing).isEmpty();
		assertThat(unknown).as("%s lists what %s does not have: remove %s", table, code, unknown).isEmpty();
	}

	/** Every property of this module's generated metadata, with its default as text ({@code null}: none). */
	private static Map<String, String> metadataDefaults() throws IOException, URISyntaxException {
		Path classes = Path.of(StackTraceProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path metadata = classes.resolve("META-INF/spring-configuration-metadata.json");
		assertThat(metadata).as("configuration metadata generated by the build").exists();
		JsonNode root = JsonMapper.builder().build().readTree(Files.readString(metadata));
		Map<String, String> defaults = new LinkedHashMap<>();
		for (JsonNode property : root.get("properties")) {
			JsonNode value = property.get("defaultValue");
			defaults.put(property.get("name").asString(),
					(value == null || value.isNull()) ? null : value.isString() ? value.asString() : value.toString());
		}
		return defaults;
	}

	/** The query parameters of one read operation: what Actuator maps from the query string. */
	private static Set<String> operationParameters(String operation) {
		Method method = Arrays.stream(StackTraceEndpointWebExtension.class.getMethods())
			.filter((candidate) -> candidate.getName().equals(operation)
					&& candidate.isAnnotationPresent(ReadOperation.class))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no read operation " + operation));
		Set<String> names = new TreeSet<>();
		for (Parameter parameter : method.getParameters()) {
			if (!parameter.isAnnotationPresent(Selector.class)
					&& !Producible.class.isAssignableFrom(parameter.getType())) {
				assertThat(parameter.isNamePresent()).as("compiled with -parameters").isTrue();
				names.add(parameter.getName());
			}
		}
		return names;
	}

	private static Set<String> documentedParameters(String page) throws IOException {
		Set<String> names = new TreeSet<>();
		for (List<String> row : table(page, "| parameter |")) {
			Matcher code = CODE_SPAN.matcher(row.get(0));
			while (code.find()) {
				names.add(code.group(1));
			}
		}
		return names;
	}

	/**
	 * The statuses the web extension's source names ({@code STATUS_…} constants, its own or
	 * {@link WebEndpointResponse}'s), as numbers: a new status in the code is a new constant there.
	 */
	private static Set<String> webExtensionStatuses() throws Exception {
		String source = Files.readString(WEB_EXTENSION_SOURCE);
		Set<String> statuses = new TreeSet<>();
		Matcher constant = STATUS_CONSTANT.matcher(source);
		while (constant.find()) {
			statuses.add(String.valueOf(statusValue(constant.group())));
		}
		assertThat(statuses).as("statuses named in %s", WEB_EXTENSION_SOURCE).isNotEmpty();
		return statuses;
	}

	private static int statusValue(String name) throws ReflectiveOperationException {
		try {
			return WebEndpointResponse.class.getField(name).getInt(null);
		}
		catch (NoSuchFieldException ex) {
			Field own = StackTraceEndpointWebExtension.class.getDeclaredField(name);
			own.setAccessible(true);
			return own.getInt(null);
		}
	}

	/** The body rows of the first table of a page whose header row starts with the given text. */
	private static List<List<String>> table(String page, String headerStart) throws IOException {
		List<String> lines = Files.readAllLines(DOCS.resolve(page));
		int header = -1;
		for (int i = 0; i < lines.size() && header < 0; i++) {
			if (lines.get(i).startsWith(headerStart)) {
				header = i;
			}
		}
		assertThat(header).as("a table starting with \"%s\" in docs/%s", headerStart, page).isNotNegative();
		List<List<String>> rows = new ArrayList<>();
		for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
			rows.add(cells(lines.get(i)));
		}
		return rows;
	}

	/** The cells of a table row; a {@code |} inside a code span does not split it. */
	private static List<String> cells(String row) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean code = false;
		for (int i = 1; i < row.length(); i++) {
			char c = row.charAt(i);
			if (c == '`') {
				code = !code;
			}
			if (c == '|' && !code) {
				cells.add(cell.toString().strip());
				cell.setLength(0);
			}
			else {
				cell.append(c);
			}
		}
		return cells;
	}

	private static String onlyCodeSpan(String cell) {
		Set<String> spans = new LinkedHashSet<>();
		Matcher code = CODE_SPAN.matcher(cell);
		while (code.find()) {
			spans.add(code.group(1));
		}
		assertThat(spans).as("one `code` name in the first cell of \"%s\"", cell).hasSize(1);
		return spans.iterator().next();
	}

}
