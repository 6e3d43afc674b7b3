package io.github.stacktrace.recording;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.stacktrace.test.Gate;
import io.github.stacktrace.tracing.SimpleTracingConfiguration;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * An application whose requests end in every way a request can end, and whose requests, scheduled task and
 * {@code @Async} method can be held
 * while a test captures the threads serving them. Traced by Micrometer Tracing's simple tracer, which the
 * observation of each request puts in scope.
 */
@SpringBootApplication
@Import(SimpleTracingConfiguration.class)
@EnableScheduling
@EnableAsync
class RequestContextTestApplication {

	@Bean
	Gates gates() {
		return new Gates();
	}

	/**
	 * Where a test holds a request or the scheduled task, and counts how requests ended.
	 */
	static final class Gates {

		final AtomicReference<@Nullable Gate> order = new AtomicReference<>();

		final AtomicReference<@Nullable Gate> scheduled = new AtomicReference<>();

		final AtomicReference<@Nullable Gate> async = new AtomicReference<>();

		final AtomicReference<@Nullable Gate> named = new AtomicReference<>();

		final AtomicReference<String> threadName = new AtomicReference<>("named");

		final AtomicInteger aborted = new AtomicInteger();

		final AtomicInteger timedOut = new AtomicInteger();

	}

	@RestController
	static class OrdersController {

		private final Gates gates;

		OrdersController(Gates gates) {
			this.gates = gates;
		}

		@GetMapping("/orders/{id}")
		String order(@PathVariable String id) {
			Gate.pass(this.gates.order);
			return "order\n";
		}

		@GetMapping("/named/{id}")
		String named(@PathVariable String id) {
			Thread thread = Thread.currentThread();
			String name = thread.getName();
			thread.setName(this.gates.threadName.get());
			try {
				Gate.pass(this.gates.named);
			}
			finally {
				thread.setName(name);
			}
			return "named\n";
		}

		@GetMapping("/callable/{id}")
		Callable<String> callable(@PathVariable String id) {
			return () -> {
				Gate.pass(this.gates.order);
				return "called\n";
			};
		}

		@GetMapping("/leak/ok")
		String ok() {
			return "ok\n";
		}

		@GetMapping("/leak/fail")
		String fail() {
			throw new IllegalStateException("failing on purpose");
		}

		@GetMapping("/leak/callable")
		Callable<String> quickCallable() {
			return () -> "called\n";
		}

		@GetMapping("/leak/timeout")
		DeferredResult<String> timeout() {
			DeferredResult<String> result = new DeferredResult<>(1L);
			result.onTimeout(this.gates.timedOut::incrementAndGet);
			return result;
		}

		@GetMapping("/leak/abort")
		void abort(HttpServletResponse response) throws IOException {
			OutputStream body = response.getOutputStream();
			byte[] chunk = new byte[8192];
			try {
				// The client reads the first chunk and resets the connection: a later write fails.
				for (int i = 0; i < 100_000; i++) {
					body.write(chunk);
					body.flush();
				}
			}
			catch (IOException ex) {
				this.gates.aborted.incrementAndGet();
				throw ex;
			}
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

	@Bean
	ScheduledJobs scheduledJobs(Gates gates) {
		return new ScheduledJobs(gates);
	}

	static class AsyncJobs {

		private final Gates gates;

		AsyncJobs(Gates gates) {
			this.gates = gates;
		}

		@Async
		public void export() {
			Gate.pass(this.gates.async);
		}

		/**
		 * Enters a monitor, where a test holds it to keep this task blocked.
		 * @param monitor the monitor
		 * @param entering counted down just before the task asks for it
		 */
		@Async
		public void enter(Object monitor, CountDownLatch entering) {
			entering.countDown();
			synchronized (monitor) {
				this.gates.aborted.get();
			}
		}

	}

	@Bean
	AsyncJobs asyncJobs(Gates gates) {
		return new AsyncJobs(gates);
	}

}
