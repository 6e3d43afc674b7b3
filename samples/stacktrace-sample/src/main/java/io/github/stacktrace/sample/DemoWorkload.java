package io.github.stacktrace.sample;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A little real work, so a capture shows running application stacks: CPU burnt on request in
 * {@link #burnCpu(long)}, and a scheduled task that wakes every few seconds.
 */
@Component
public class DemoWorkload {

	private final AtomicLong checksum = new AtomicLong();

	/**
	 * Keeps the calling thread busy for about the given time.
	 * @param millis how long to burn
	 * @return a value derived from the work, so it cannot be optimised away
	 */
	public long burnCpu(long millis) {
		long deadline = System.nanoTime() + millis * 1_000_000;
		long value = 17;
		while (System.nanoTime() < deadline) {
			for (int i = 0; i < 10_000; i++) {
				value = value * 31 + (value >>> 7) + i;
			}
		}
		this.checksum.addAndGet(value);
		return value;
	}

	@Scheduled(fixedDelay = 5000)
	void refreshInventory() {
		burnCpu(20);
	}

}
