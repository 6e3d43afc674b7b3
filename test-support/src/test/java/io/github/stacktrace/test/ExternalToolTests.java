package io.github.stacktrace.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Finding an external program, and what a test that needs one does without it: skip, or fail under {@code CI}. The
 * environment is passed in, so that the machine's own programs do not matter.
 */
class ExternalToolTests {

	@TempDir
	Path directory;

	@Test
	void jqIsFoundOnThePath() throws Exception {
		Path jq = executable(this.directory.resolve("bin").resolve("jq"));
		ExternalTool tool = ExternalTool.jq(Map.of("PATH", "/nonexistent:" + jq.getParent()));
		assertThat(tool.isPresent()).isTrue();
		assertThat(tool.assumePresent()).isEqualTo(jq);
	}

	@Test
	void jqBinWinsOverThePath() throws Exception {
		Path onPath = executable(this.directory.resolve("bin").resolve("jq"));
		Path configured = executable(this.directory.resolve("other-jq"));
		ExternalTool tool = ExternalTool.jq(Map.of("PATH", onPath.getParent().toString(), "JQ_BIN",
				configured.toString()));
		assertThat(tool.assumePresent()).isEqualTo(configured);
	}

	@Test
	void missingToolSkipsTheTestSayingWhyWhenCiIsNotSet() {
		ExternalTool tool = ExternalTool.jq(Map.of("PATH", this.directory.toString()));
		assertThat(tool.isPresent()).isFalse();
		assertThat(tool.isRequired()).isFalse();
		assertThatNoException().isThrownBy(tool::failIfRequiredAndMissing);
		assertThatExceptionOfType(TestAbortedException.class).isThrownBy(tool::assumePresent)
			.withMessageContaining("no jq found (looked at JQ_BIN, else jq on the PATH); install jq");
	}

	@Test
	void missingToolFailsTheTestWhenCiIsSet() {
		ExternalTool tool = ExternalTool.jq(Map.of("PATH", this.directory.toString(), "CI", "true"));
		assertThat(tool.isRequired()).isTrue();
		assertThatExceptionOfType(AssertionFailedError.class).isThrownBy(tool::failIfRequiredAndMissing)
			.withMessageEndingWith("CI is set, so this check must run");
		assertThatExceptionOfType(AssertionFailedError.class).isThrownBy(tool::assumePresent);
		assertThatExceptionOfType(AssertionFailedError.class).isThrownBy(() -> tool.run("."));
	}

	@Test
	void configuredPathThatIsNotExecutableMakesTheToolMissingWhateverThePathHolds() throws Exception {
		Path onPath = executable(this.directory.resolve("bin").resolve("jq"));
		ExternalTool tool = ExternalTool.jq(Map.of("PATH", onPath.getParent().toString(), "JQ_BIN", "/nonexistent/jq"));
		assertThat(tool.isPresent()).isFalse();
		assertThat(tool.missingReason()).startsWith("no jq found (JQ_BIN=/nonexistent/jq is not executable)");
		ExternalTool chromium = ExternalTool.chromium(Map.of("CHROMIUM_BIN", "/nonexistent/chromium", "CI", "1"));
		assertThat(chromium.isPresent()).isFalse();
		assertThatExceptionOfType(AssertionFailedError.class).isThrownBy(chromium::failIfRequiredAndMissing)
			.withMessageStartingWith("no Chromium found (CHROMIUM_BIN=/nonexistent/chromium is not executable)");
	}

	@Test
	void runReturnsTheExitCodeAndTheOutput() throws Exception {
		Path script = this.directory.resolve("jq");
		Files.writeString(script, "#!/bin/sh\necho \"args: $*\"\necho oops >&2\nexit 3\n");
		executable(script);
		ExternalTool.Run run = ExternalTool.jq(Map.of("JQ_BIN", script.toString())).run("-e", ".a");
		assertThat(run.exitCode()).isEqualTo(3);
		assertThat(run.output()).isEqualTo("args: -e .a\noops\n");
	}

	private static Path executable(Path file) throws Exception {
		Files.createDirectories(file.getParent());
		if (!Files.exists(file)) {
			Files.writeString(file, "#!/bin/sh\n");
		}
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
		return file;
	}

}
