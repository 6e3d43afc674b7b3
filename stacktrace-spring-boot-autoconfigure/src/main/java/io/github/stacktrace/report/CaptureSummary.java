package io.github.stacktrace.report;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of a report's thread statuses.
 *
 * @param captured threads whose stack was captured
 * @param skipped threads not captured: skipped, exited or failed
 * @param timedOut threads whose capture timed out
 * @param exited threads that did not exist or died during the capture (part of {@code skipped})
 * @param errors threads the JVM failed to capture (part of {@code skipped})
 * @param virtual virtual threads, whatever their status (counted in the others too)
 * @since 0.1.0
 */
public record CaptureSummary(int captured, int skipped, int timedOut, int exited, int errors, int virtual) {

	/**
	 * Counts without virtual threads.
	 * @param captured threads whose stack was captured
	 * @param skipped threads not captured: skipped, exited or failed
	 * @param timedOut threads whose capture timed out
	 * @param exited threads that did not exist or died during the capture (part of {@code skipped})
	 * @param errors threads the JVM failed to capture (part of {@code skipped})
	 */
	public CaptureSummary(int captured, int skipped, int timedOut, int exited, int errors) {
		this(captured, skipped, timedOut, exited, errors, 0);
	}

	/**
	 * Counts the statuses of the given captures.
	 * @param threads the captures
	 * @return the summary
	 */
	public static CaptureSummary of(List<ThreadCapture> threads) {
		int captured = 0;
		int skipped = 0;
		int timedOut = 0;
		int exited = 0;
		int errors = 0;
		int virtual = 0;
		for (ThreadCapture thread : threads) {
			if (thread.isVirtual()) {
				virtual++;
			}
			switch (thread.status()) {
				case OK, OK_CURRENT_THREAD -> captured++;
				case TIMEOUT -> timedOut++;
				case SKIPPED_BLOCKING_SYSCALL -> skipped++;
				case THREAD_EXITED -> {
					skipped++;
					exited++;
				}
				case CAPTURE_ERROR -> {
					skipped++;
					errors++;
				}
			}
		}
		return new CaptureSummary(captured, skipped, timedOut, exited, errors, virtual);
	}

	/**
	 * How many threads the summary covers.
	 * @return captured + skipped + timed out
	 */
	public int total() {
		return this.captured + this.skipped + this.timedOut;
	}

	/**
	 * Counts the given captures per status.
	 * @param threads the captures
	 * @return a count for every status present
	 */
	public static Map<CaptureStatus, Integer> countByStatus(List<ThreadCapture> threads) {
		Map<CaptureStatus, Integer> counts = new EnumMap<>(CaptureStatus.class);
		for (ThreadCapture thread : threads) {
			counts.merge(thread.status(), 1, Integer::sum);
		}
		return counts;
	}

}
