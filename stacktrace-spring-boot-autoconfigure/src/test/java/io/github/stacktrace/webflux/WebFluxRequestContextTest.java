package io.github.stacktrace.webflux;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Starts {@link WebFluxTestApplication} as a reactive application on a random port; the test class chooses Reactor's
 * context propagation mode with {@code spring.reactor.context-propagation}. The servlet stack is on the test class path
 * too, so the application type is set rather than deduced. The log of each error answered on purpose is off:
 * thousands of them would only slow the tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = WebFluxTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive",
				"management.endpoints.web.exposure.include=stacktrace",
				"logging.level.org.springframework.boot.webflux.autoconfigure.error=off",
				"logging.level.org.springframework.web.HttpLogging=off" })
@interface WebFluxRequestContextTest {

}
