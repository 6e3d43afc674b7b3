package io.github.stacktrace.recording;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Starts {@link RequestContextTestApplication} on a random port, once for every test of request contexts. The
 * container's log of each exception thrown on purpose is off: thousands of them would only slow the tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = RequestContextTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=stacktrace",
				"logging.level.org.apache.catalina.core=off" })
@interface RequestContextTest {

}
