package io.github.stacktrace.test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A program some tests run as an extra check beside their Java ones ({@code jq}, a headless Chromium): used where it
 * is installed, skipped with the reason where it is not, and required when the environment variable {@code CI} is set,
 * so that a build server cannot skip it unnoticed. An environment variable naming the executable wins over the usual
 * places; naming one that does not exist makes the tool absent, which is how the absent path is tried on a machine
 * that has the tool.
 */
public final class ExternalTool {

	private static final List<String> CHROMIUM_CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
			"/usr/bin/google-chrome", "/usr/bin/google-chrome-stable");

	private final String name;

	private final @Nullable Path executable;

	private final boolean required;

	private final String missing;

	private ExternalTool(String name, @Nullable Path executable, boolean required, String missing) {
		this.name = name;
		this.executable = executable;
		this.required = required;
		this.missing = missing;
	}

	/**
	 * {@code jq}: {@code JQ_BIN} when set, else {@code jq} on the {@code PATH}.
	 * @return the tool, present or not
	 */
	public static ExternalTool jq() {
		return jq(System.getenv());
	}

	static ExternalTool jq(Map<String, String> environment) {
		List<Path> candidates = new ArrayList<>();
		String path = environment.getOrDefault("PATH", "");
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				candidates.add(Path.of(directory, "jq"));
			}
		}
		return locate("jq", "JQ_BIN", "jq on the PATH", candidates, environment, "install jq to run this extra check");
	}

	/**
	 * A headless-capable Chromium: {@code CHROMIUM_BIN} when set, else the first of the usual Debian paths.
	 * @return the tool, present or not
	 */
	public static ExternalTool chromium() {
		return chromium(System.getenv());
	}

	static ExternalTool chromium(Map<String, String> environment) {
		return locate("Chromium", "CHROMIUM_BIN", "/usr/bin/chromium, chromium-browser, google-chrome",
				CHROMIUM_CANDIDATES.stream().map(Path::of).toList(), environment,
				"install Debian's chromium to run the HTML page's browser tests");
	}

	private static ExternalTool locate(String name, String variable, String usualPlaces, List<Path> candidates,
			Map<String, String> environment, String install) {
		boolean required = environment.get("CI") != null;
		String configured = environment.get(variable);
		if (configured != null && !configured.isBlank()) {
			Path executable = Path.of(configured);
			return new ExternalTool(name, Files.isExecutable(executable) ? executable : null, required,
					"no " + name + " found (" + variable + "=" + configured + " is not executable); " + install);
		}
		Path found = candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
		return new ExternalTool(name, found, required,
				"no " + name + " found (looked at " + variable + ", else " + usualPlaces + "); " + install);
	}

	/**
	 * Whether the program was found.
	 * @return whether it can run
	 */
	public boolean isPresent() {
		return this.executable != null;
	}

	/**
	 * Whether a missing program fails the tests rather than skipping them: {@code CI} is set.
	 * @return whether it is required
	 */
	public boolean isRequired() {
		return this.required;
	}

	/**
	 * Why the program cannot run: where it was looked for and what to install.
	 * @return one line
	 */
	public String missingReason() {
		return this.missing;
	}

	/**
	 * Fails the calling test when the program is missing and required; returns quietly otherwise.
	 */
	public void failIfRequiredAndMissing() {
		if (this.executable == null && this.required) {
			Assertions.fail(this.missing + ": CI is set, so this check must run");
		}
	}

	/**
	 * For a test that only the program can do: fails it when the program is missing under {@code CI}, skips it (a
	 * JUnit assumption, with the reason) when it is missing elsewhere.
	 * @return the executable
	 */
	public Path assumePresent() {
		failIfRequiredAndMissing();
		Assumptions.assumeTrue(this.executable != null, this.missing);
		return this.executable;
	}

	/**
	 * Runs the program to its end, its standard error merged into its output.
	 * @param arguments the arguments after the executable
	 * @return the exit code and the output
	 * @throws IOException when the program cannot be started or read
	 * @throws InterruptedException when interrupted while waiting for it
	 */
	public Run run(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(assumePresent().toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		return new Run(process.waitFor(), output);
	}

	@Override
	public String toString() {
		return this.name + ((this.executable != null) ? " at " + this.executable : " (missing)");
	}

	/**
	 * How a run of the program ended.
	 * @param exitCode its exit code
	 * @param output its standard output and error
	 */
	public record Run(int exitCode, String output) {
	}

}
