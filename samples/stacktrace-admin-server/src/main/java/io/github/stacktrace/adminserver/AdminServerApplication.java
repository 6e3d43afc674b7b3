package io.github.stacktrace.adminserver;

import de.codecentric.boot.admin.server.config.EnableAdminServer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot Admin server with the stacktrace extension on its class path: each registered instance that exposes
 * {@code stacktrace} gets a "Stack traces" view, and the "Stack traces" page compares the instances of one
 * application. A local sample: it has no security of its own.
 */
@SpringBootApplication
@EnableAdminServer
public class AdminServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(AdminServerApplication.class, args);
	}

}
