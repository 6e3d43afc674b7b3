package io.github.stacktrace;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of the design, checked on the compiled classes: the engine (the base package, {@code capture},
 * {@code hot}, {@code report}, {@code render}, {@code context}) needs nothing but the JDK; the report model needs
 * nothing of the rest, the request contexts nothing but the model; rendering and the model never reach into
 * capturing; adapters (endpoint, metrics, request recording) do not depend on each other; no package cycle.
 */
class PackageDependencyTests {

	private static final String BASE = "io.github.stacktrace";

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
		// The shared test helpers are a directory of classes, not a jar, when the whole build runs.
		.withImportOption((location) -> !location.contains("/io/github/stacktrace/test/"))
		.importPackages(BASE);

	@Test
	void everyPackageIsImported() {
		assertThat(classes.stream().map((javaClass) -> javaClass.getPackageName()).distinct())
			.containsExactlyInAnyOrder(BASE, BASE + ".capture", BASE + ".hot", BASE + ".report", BASE + ".render",
					BASE + ".context", BASE + ".stuck", BASE + ".actuate", BASE + ".metrics", BASE + ".recording",
					BASE + ".autoconfigure");
	}

	@Test
	void engineNeedsNeitherSpringNorMicrometerNorReactor() {
		check(noClasses().that()
			.resideInAnyPackage(BASE, BASE + ".capture", BASE + ".hot", BASE + ".report", BASE + ".render",
					BASE + ".context", BASE + ".stuck")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.micrometer..", "jakarta..", "reactor..", "org.slf4j..",
					BASE + ".actuate..",
					BASE + ".metrics..", BASE + ".recording..", BASE + ".autoconfigure.."));
	}

	@Test
	void requestContextsNeedOnlyTheReportModel() {
		check(noClasses().that()
			.resideInAPackage(BASE + ".context")
			.should()
			.dependOnClassesThat()
			.resideOutsideOfPackages(BASE + ".context", BASE + ".report", "java..", "org.jspecify.."));
	}

	@Test
	void reportModelNeedsNothingButTheJdk() {
		check(noClasses().that()
			.resideInAPackage(BASE + ".report")
			.should()
			.dependOnClassesThat()
			.resideOutsideOfPackages(BASE + ".report", "java..", "org.jspecify.."));
	}

	@Test
	void renderAndReportNeverReachIntoCapture() {
		check(noClasses().that()
			.resideInAnyPackage(BASE + ".render", BASE + ".report")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(BASE + ".capture", BASE + ".hot", BASE));
	}

	@Test
	void captureNeedsOnlyTheReportModel() {
		check(noClasses().that()
			.resideInAPackage(BASE + ".capture")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(BASE, BASE + ".render"));
	}

	@Test
	void hotThreadsDependOnNeitherTheServiceNorTheRenderersAndCaptureNotOnHotThreads() {
		check(noClasses().that()
			.resideInAPackage(BASE + ".hot")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(BASE, BASE + ".render"));
		check(noClasses().that()
			.resideInAPackage(BASE + ".capture")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(BASE + ".hot"));
	}

	@Test
	void adaptersDoNotDependOnEachOther() {
		check(noClasses().that().resideInAPackage(BASE + ".actuate").should().dependOnClassesThat()
			.resideInAnyPackage(BASE + ".metrics", BASE + ".recording", BASE + ".autoconfigure", "io.micrometer.."));
		check(noClasses().that().resideInAPackage(BASE + ".metrics").should().dependOnClassesThat()
			.resideInAnyPackage(BASE + ".actuate", BASE + ".recording", BASE + ".autoconfigure", "org.springframework.."));
		check(noClasses().that().resideInAPackage(BASE + ".recording").should().dependOnClassesThat()
			.resideInAnyPackage(BASE, BASE + ".capture", BASE + ".render", BASE + ".actuate", BASE + ".metrics",
					BASE + ".autoconfigure"));
	}

	@Test
	void packagesHaveNoCycle() {
		check(slices().matching(BASE + ".(*)..").should().beFreeOfCycles());
	}

	private static void check(ArchRule rule) {
		rule.check(classes);
	}

}
