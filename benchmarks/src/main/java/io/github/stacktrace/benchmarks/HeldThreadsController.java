package io.github.stacktrace.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark-only: holds requests to {@code /bench/held-request} (after {@code /bench/hold-requests}), or {@code n} tasks of the application's own executor ({@code applicationTaskExecutor}, one
 * virtual thread per task with {@code spring.threads.virtual.enabled=true}, recorded as the starter records every
 * Spring executor's task) parked on a gate until {@code /bench/release}. Thousands of held tasks reach the same
 * registry as held requests without thousands of open connections.
 */
@RestController
class HeldThreadsController {

	private final ObjectProvider<TaskExecutor> executor;

	private volatile CountDownLatch gate = new CountDownLatch(0);

	private final AtomicInteger heldRequests = new AtomicInteger();

	HeldThreadsController(@Qualifier("applicationTaskExecutor") ObjectProvider<TaskExecutor> executor) {
		this.executor = executor;
	}

	/**
	 * Starts {@code n} held tasks and answers once every one runs.
	 */
	@GetMapping("/bench/hold")
	synchronized String hold(@RequestParam int n) throws InterruptedException {
		CountDownLatch gate = new CountDownLatch(1);
		this.gate = gate;
		CountDownLatch running = new CountDownLatch(n);
		TaskExecutor executor = this.executor.getObject();
		for (int i = 0; i < n; i++) {
			executor.execute(() -> {
				running.countDown();
				try {
					gate.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}
		if (!running.await(2, TimeUnit.MINUTES)) {
			throw new IllegalStateException(running.getCount() + " of " + n + " tasks did not start");
		}
		return "held: " + n + "\nexecutor: " + executor.getClass().getName() + "\n";
	}

	/**
	 * Arms a new gate for the requests to {@code /bench/held-request} that follow.
	 */
	@GetMapping("/bench/hold-requests")
	synchronized String holdRequests() {
		this.gate = new CountDownLatch(1);
		this.heldRequests.set(0);
		return "armed\n";
	}

	/**
	 * A request held on the gate until {@code /bench/release}.
	 */
	@GetMapping("/bench/held-request")
	String heldRequest() throws InterruptedException {
		CountDownLatch gate = this.gate;
		this.heldRequests.incrementAndGet();
		try {
			return gate.await(10, TimeUnit.MINUTES) ? "released\n" : "timed out\n";
		}
		finally {
			this.heldRequests.decrementAndGet();
		}
	}

	/**
	 * How many requests are held now.
	 */
	@GetMapping("/bench/held-requests")
	String heldRequests() {
		return "held_requests: " + this.heldRequests.get() + "\n";
	}

	@GetMapping("/bench/release")
	String release() {
		this.gate.countDown();
		return "released\n";
	}

}
