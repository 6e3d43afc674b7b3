package io.github.stacktrace.compat;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A plain Boot 3.5 web application: the starter, Spring MVC and the Prometheus registry, nothing else.
 */
@SpringBootApplication
public class Boot35SmokeApplication {

}
