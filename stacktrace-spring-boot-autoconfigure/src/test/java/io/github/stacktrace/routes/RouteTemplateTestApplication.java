package io.github.stacktrace.routes;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.stacktrace.test.Gate;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * An MVC application with a URL handler mapping that has a default handler, which Spring gives the request's own
 * lookup path as its "best-matching pattern", next to registered patterns and an annotated controller. Every handler
 * can be held while a test captures the thread serving it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RouteTemplateTestApplication.OrdersController.class)
class RouteTemplateTestApplication {

	@Bean
	AtomicReference<Gate> held() {
		return new AtomicReference<>();
	}

	// After the annotated controllers and the actuator, before Boot's static resources (/**).
	@Bean
	SimpleUrlHandlerMapping gatedUrls(AtomicReference<Gate> held) {
		HttpRequestHandler handler = (request, response) -> {
			Gate.pass(held);
			response.setContentType("text/plain");
			response.getWriter().write("ok\n");
		};
		SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(
				Map.of("/files/**", handler, "/literal/path", handler), Ordered.LOWEST_PRECEDENCE - 2);
		mapping.setDefaultHandler(handler);
		return mapping;
	}

	@RestController
	static class OrdersController {

		private final AtomicReference<Gate> held;

		OrdersController(AtomicReference<Gate> held) {
			this.held = held;
		}

		@GetMapping("/orders/{id}")
		String order(@PathVariable String id) {
			Gate.pass(this.held);
			return "order\n";
		}

	}

}
