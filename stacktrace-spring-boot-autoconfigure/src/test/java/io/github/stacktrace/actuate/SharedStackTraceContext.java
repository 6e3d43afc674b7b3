package io.github.stacktrace.actuate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Starts {@link StackTraceTestApplication} on a random port with the property set the endpoint's HTTP and JMX tests
 * share, so that Spring's test context cache starts it once for all of them. A test that needs a property the others
 * must not run with declares its own {@code @SpringBootTest} instead.
 * <ul>
 * <li>The endpoint is exposed over HTTP and over JMX: the JMX tests read the MBean, the HTTP tests do not look at
 * JMX. Only this context may enable JMX, since a second one would register a second endpoint MBean.</li>
 * <li>{@code stacktrace.max-thread-ids=16}: the cap tests send 16 and 17 ids; no other test sends more than 12.</li>
 * <li>{@code stacktrace.in-flight.max-reports=32}: the concurrency tests send 16 requests at once and expect each to
 * be answered by the single-flight rule, a report or a 409, not to be refused by the bound on reports being sent,
 * which the slow client tests cover with a bound of their own.</li>
 * </ul>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = StackTraceTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=stacktrace", "spring.jmx.enabled=true",
				"management.endpoints.jmx.exposure.include=stacktrace", "stacktrace.max-thread-ids=16",
				"stacktrace.in-flight.max-reports=32" })
@interface SharedStackTraceContext {

}
