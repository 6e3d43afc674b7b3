package io.github.stacktrace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link VirtualThreadDumpPolicy}.
 */
class VirtualThreadDumpPolicyTests {

	@Test
	void autoTakesTheDumpOnJava21To24Only() {
		assertThat(VirtualThreadDumpPolicy.AUTO.allowsOn(21)).isTrue();
		assertThat(VirtualThreadDumpPolicy.AUTO.allowsOn(24)).isTrue();
		assertThat(VirtualThreadDumpPolicy.AUTO.allowsOn(25)).isFalse();
		assertThat(VirtualThreadDumpPolicy.AUTO.allowsOn(26)).isFalse();
	}

	@Test
	void alwaysAndNeverIgnoreTheRelease() {
		assertThat(VirtualThreadDumpPolicy.ALWAYS.allowsOn(25)).isTrue();
		assertThat(VirtualThreadDumpPolicy.ALWAYS.allowsOn(21)).isTrue();
		assertThat(VirtualThreadDumpPolicy.NEVER.allowsOn(21)).isFalse();
		assertThat(VirtualThreadDumpPolicy.NEVER.allowsOn(25)).isFalse();
	}

	@Test
	void defaultSettingsUseAuto() {
		assertThat(StackTraceSettings.DEFAULTS.virtualThreadDump()).isEqualTo(VirtualThreadDumpPolicy.AUTO);
	}

}
