package io.github.stacktrace.compat41;

import java.util.concurrent.atomic.AtomicReference;

import io.github.stacktrace.test.Gate;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A plain Boot 4.1 web application: the starter and Spring MVC, with one handler a test can hold (its controller is
 * found by component scanning).
 */
@SpringBootApplication
public class Boot41SmokeApplication {

	@RestController
	static class HeldController {

		final AtomicReference<Gate> held = new AtomicReference<>();

		/** Waits while a test holds it, so that the thread serving the request can be captured. */
		@GetMapping("/held/{id}")
		String held(@PathVariable String id) {
			Gate.pass(this.held);
			return "held " + id + "\n";
		}

	}

}
