package io.github.stacktrace.admin;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.jayway.jsonpath.JsonPath;
import de.codecentric.boot.admin.server.config.EnableAdminServer;
import io.github.stacktrace.test.Gate;
import io.github.stacktrace.test.HttpTestClient;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.awaitility.Awaitility.await;

/**
 * A real Spring Boot Admin server with the extension on its class path, and real Boot applications with the
 * stacktrace starter registered with it over its HTTP API ({@code POST /instances}), each on a random loopback port,
 * all in the test's JVM. Compiled against Spring Boot Admin 4.0 here and 3.5 in {@code compat/boot35-admin}.
 */
final class AdminServerFixture implements AutoCloseable {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final ConfigurableApplicationContext server;

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	final HttpTestClient admin;

	private AdminServerFixture(ConfigurableApplicationContext server) {
		this.server = server;
		this.admin = HttpTestClient.local(port(server));
	}

	static AdminServerFixture start() {
		return new AdminServerFixture(new SpringApplicationBuilder(AdminServerApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.application.name=admin-server",
					"spring.boot.admin.ui.enable-toasts=false", "spring.thymeleaf.check-template-location=false",
					// The UI's event stream stays open: a graceful shutdown would wait for it.
					"server.shutdown=immediate",
					// A status poll that meets the closing server's own client is logged with its stack trace.
					"logging.level.de.codecentric.boot.admin.server.services.StatusUpdater=WARN")
			.run());
	}

	int port() {
		return port(this.server);
	}

	/**
	 * Starts an application with the starter.
	 * @param name its {@code spring.application.name}
	 * @param exposed the actuator endpoints it exposes over HTTP
	 * @return the running application
	 */
	RunningInstance startInstance(String name, String exposed) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(InstanceApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.application.name=" + name,
					"management.endpoints.web.exposure.include=" + exposed, "spring.thymeleaf.check-template-location=false",
					"server.shutdown=immediate")
			.run();
		this.instances.add(context);
		return new RunningInstance(context, port(context));
	}

	/**
	 * Registers an instance as the Spring Boot Admin client would, and waits until the server has read its endpoints.
	 * @param name the application's name
	 * @param port the instance's port
	 * @param managementPath the actuator's base path on that port
	 * @param stackTraceExposed whether the server must see the stacktrace endpoint before this returns
	 * @return the instance id the server gave it
	 */
	String register(String name, int port, String managementPath, boolean stackTraceExposed) throws Exception {
		String base = "http://127.0.0.1:" + port;
		String body = "{\"name\":\"" + name + "\",\"managementUrl\":\"" + base + managementPath + "\",\"healthUrl\":\""
				+ base + managementPath + "/health\",\"serviceUrl\":\"" + base + "/\"}";
		HttpResponse<String> response = this.admin.send(this.admin.request("/instances")
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
		if (response.statusCode() != 201) {
			throw new IllegalStateException("registration failed: " + response.statusCode() + " " + response.body());
		}
		String id = JsonPath.read(response.body(), "$.id");
		await().atMost(PATIENCE).until(() -> {
			String instance = this.admin.get("/instances/" + id, "application/json").body();
			List<String> endpoints = JsonPath.read(instance, "$.endpoints[*].id");
			return endpoints.contains("health") && endpoints.contains("stacktrace") == stackTraceExposed;
		});
		return id;
	}

	@Override
	public void close() {
		// The server first: closing an application also disposes the JVM's shared Reactor Netty resources, which the
		// server's client would still be polling with.
		this.server.close();
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "-1"));
	}

	record RunningInstance(ConfigurableApplicationContext context, int port) {

		AtomicReference<Gate> holdGate() {
			return this.context.getBean(HoldController.class).gate;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAdminServer
	static class AdminServerApplication {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class InstanceApplication {

		@Bean
		HoldController holdController() {
			return new HoldController();
		}

		@Bean
		BusyActuator busyActuator() {
			return new BusyActuator();
		}

	}

	/** A request the test holds open, to see it among the stacks with its elapsed time. */
	@RestController
	static class HoldController {

		final AtomicReference<Gate> gate = new AtomicReference<>();

		@GetMapping("/hold")
		String hold() {
			Gate.pass(this.gate);
			return "released\n";
		}

	}

	/**
	 * An actuator as Spring Boot Admin sees it, whose stacktrace endpoint always answers as while a capture runs:
	 * {@code 503} with {@code Retry-After}.
	 */
	@RestController
	static class BusyActuator {

		@GetMapping(path = "/busy-actuator", produces = "application/vnd.spring-boot.actuator.v3+json")
		Map<String, Object> links(jakarta.servlet.http.HttpServletRequest request) {
			String base = request.getRequestURL().toString();
			return Map.of("_links", Map.of("self", link(base), "health", link(base + "/health"), "stacktrace",
					link(base + "/stacktrace")));
		}

		@GetMapping(path = "/busy-actuator/health", produces = MediaType.APPLICATION_JSON_VALUE)
		Map<String, Object> health() {
			return Map.of("status", "UP");
		}

		@GetMapping("/busy-actuator/stacktrace")
		ResponseEntity<String> stackTrace() {
			return ResponseEntity.status(503)
				.header("Retry-After", "7")
				.contentType(MediaType.TEXT_PLAIN)
				.body("too many stack trace reports in flight");
		}

		private static Map<String, Object> link(String href) {
			return Map.of("href", href, "templated", false);
		}

	}

}
