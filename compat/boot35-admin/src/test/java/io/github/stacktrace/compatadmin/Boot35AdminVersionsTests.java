package io.github.stacktrace.compatadmin;

import java.util.List;

import de.codecentric.boot.admin.server.config.EnableAdminServer;
import de.codecentric.boot.admin.server.ui.config.AdminServerUiProperties;
import de.codecentric.boot.admin.server.ui.extensions.UiExtension;
import de.codecentric.boot.admin.server.ui.extensions.UiExtensionsScanner;
import de.codecentric.boot.admin.server.ui.extensions.UiRoutesScanner;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the extension's browser tests, run here unchanged, run against: Spring Boot 3.5 and Spring Boot Admin 3.5, server
 * and UI, whose own scanners find the extension's files and its route. Were the parent or a version changed, the browser
 * tests would still pass, on the wrong versions; these would not.
 */
class Boot35AdminVersionsTests {

	@Test
	void runsOnSpringBoot35() {
		assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
	}

	@Test
	void runsOnSpringBootAdmin35ServerAndUi() {
		assertThat(EnableAdminServer.class.getPackage().getImplementationVersion()).startsWith("3.5.");
		assertThat(UiExtensionsScanner.class.getPackage().getImplementationVersion()).startsWith("3.5.");
	}

	@Test
	void springBootAdmin35FindsTheExtensionsScriptStyleAndRoute() throws Exception {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		String[] locations = new AdminServerUiProperties().getExtensionResourceLocations();
		List<String> files = new UiExtensionsScanner(resolver).scan(locations)
			.getExtensions()
			.stream()
			.map(UiExtension::getResourcePath)
			.toList();
		assertThat(files).contains("stacktrace/stacktrace.js", "stacktrace/stacktrace.css");
		assertThat(new UiRoutesScanner(resolver).scan(locations)).contains("/stacktrace-fleet/**");
	}

}
