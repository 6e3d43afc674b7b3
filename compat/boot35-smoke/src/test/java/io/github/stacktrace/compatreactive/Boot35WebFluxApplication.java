package io.github.stacktrace.compatreactive;

import java.util.concurrent.atomic.AtomicReference;

import io.github.stacktrace.test.Gate;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Boot 3.5 WebFlux application with one handler a test can hold (its controller is found by
 * component scanning). It lives outside {@code io.github.stacktrace.compat}, so that the servlet smoke application there
 * does not scan it.
 */
@SpringBootApplication
public class Boot35WebFluxApplication {

	@RestController
	static class HeldController {

		final AtomicReference<Gate> held = new AtomicReference<>();

		/** Blocks the thread that runs the request while a test holds it, as a handler that should not block does. */
		@GetMapping("/held/{id}")
		Mono<String> held(@PathVariable String id) {
			Gate.pass(this.held);
			return Mono.just("held " + id + "\n");
		}

	}

}
