package io.github.stacktrace.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that give the sample something to do while its stacks are captured.
 */
@RestController
class DemoController {

	private static final long MAX_BUSY_MILLIS = 60_000;

	private final DemoWorkload workload;

	private final DemoDeadlock deadlock;

	DemoController(DemoWorkload workload, DemoDeadlock deadlock) {
		this.workload = workload;
		this.deadlock = deadlock;
	}

	@GetMapping("/demo/busy")
	String busy(@RequestParam(defaultValue = "2000") long millis) {
		long bounded = Math.max(1, Math.min(millis, MAX_BUSY_MILLIS));
		return "burnt " + bounded + " ms, checksum " + this.workload.burnCpu(bounded) + "\n";
	}

	/**
	 * Waits like a request blocked on a slow downstream call: many of them at once share one stack, which
	 * {@code group=true} folds into one section.
	 */
	@GetMapping("/demo/wait")
	String waitFor(@RequestParam(defaultValue = "2000") long millis) throws InterruptedException {
		long bounded = Math.max(1, Math.min(millis, MAX_BUSY_MILLIS));
		Thread.sleep(bounded);
		return "waited " + bounded + " ms\n";
	}

	@GetMapping("/demo/deadlock")
	String deadlock() {
		StringBuilder out = new StringBuilder("deadlocked threads:");
		for (Thread thread : this.deadlock.start()) {
			out.append(' ').append(thread.getId()).append(" (").append(thread.getName()).append(')');
		}
		return out.append('\n').toString();
	}

}
