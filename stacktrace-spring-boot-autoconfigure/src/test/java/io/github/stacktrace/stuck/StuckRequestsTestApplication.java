package io.github.stacktrace.stuck;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import io.github.stacktrace.test.Gate;
import io.github.stacktrace.tracing.SimpleTracingConfiguration;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * An application whose requests and scheduled task a test holds on gates, past a stuck-request threshold or not, and
 * whose long polls wait without a thread. Traced by Micrometer Tracing's simple tracer.
 */
@SpringBootApplication
@Import(SimpleTracingConfiguration.class)
@EnableScheduling
class StuckRequestsTestApplication {

	@Bean
	Gates gates() {
		return new Gates();
	}

	/**
	 * Where a test holds requests, a Callable or the scheduled task, or keeps a long poll's result.
	 */
	static final class Gates {

		final AtomicReference<@Nullable Gate> held = new AtomicReference<>();

		final AtomicReference<@Nullable Gate> callable = new AtomicReference<>();

		final AtomicReference<@Nullable Gate> scheduled = new AtomicReference<>();

		final AtomicReference<@Nullable DeferredResult<String>> poll = new AtomicReference<>();

		final AtomicReference<@Nullable Gate> beforeMapping = new AtomicReference<>();

	}

	@RestController
	static class HeldController {

		private final Gates gates;

		HeldController(Gates gates) {
			this.gates = gates;
		}

		@GetMapping("/held/{id}")
		String held(@PathVariable String id) {
			Gate.pass(this.gates.held);
			return "held " + id;
		}

		@GetMapping("/quick")
		String quick() {
			return "quick";
		}

		@GetMapping("/callable/{id}")
		Callable<String> callable(@PathVariable String id) {
			return () -> {
				Gate.pass(this.gates.callable);
				return "callable " + id;
			};
		}

		@GetMapping("/poll/{id}")
		DeferredResult<String> poll(@PathVariable String id) {
			DeferredResult<String> result = new DeferredResult<>(30_000L);
			this.gates.poll.set(result);
			return result;
		}

	}

	static class ScheduledJobs {

		private final Gates gates;

		ScheduledJobs(Gates gates) {
			this.gates = gates;
		}

		@Scheduled(fixedDelay = 20)
		void reconcile() {
			Gate.pass(this.gates.scheduled);
		}

	}

	/** Holds the endpoint's requests before their handler is mapped, as a slow authentication filter would. */
	@Bean
	Filter slowAuthentication(Gates gates) {
		return (request, response, chain) -> {
			if (((HttpServletRequest) request).getRequestURI().startsWith("/actuator/stacktrace")) {
				Gate.pass(gates.beforeMapping);
			}
			chain.doFilter(request, response);
		};
	}

	@Bean
	ScheduledJobs scheduledJobs(Gates gates) {
		return new ScheduledJobs(gates);
	}

}
