package io.github.stacktrace.autoconfigure;

import io.github.stacktrace.report.StuckRequest;
import io.github.stacktrace.stuck.StuckRequestChecker;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code stuckRequests} health contributor: {@code UP} with how many requests are stuck and the oldest's route
 * and elapsed time while fewer than a minimum are, then a chosen status ({@code DOWN} unless configured). It reads
 * what the checker last found and takes no stack.
 *
 * @since 0.1.0
 */
public class StuckRequestsHealthIndicator extends AbstractHealthIndicator {

	private final StuckRequestChecker checker;

	private final int minCount;

	private final Status status;

	/**
	 * Creates the contributor.
	 * @param checker the stuck-request checker
	 * @param minCount how many stuck requests turn the status
	 * @param status the status from then on
	 */
	public StuckRequestsHealthIndicator(StuckRequestChecker checker, int minCount, Status status) {
		super("Stuck-request health check failed");
		this.checker = checker;
		this.minCount = minCount;
		this.status = status;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		int stuck = this.checker.stuckCount();
		builder.status((stuck >= this.minCount) ? this.status : Status.UP);
		builder.withDetail("stuck", stuck).withDetail("minCount", this.minCount);
		StuckRequest oldest = this.checker.oldest();
		if (oldest != null) {
			builder.withDetail("oldestRequest", oldest.request().description());
			builder.withDetail("oldestStartedMsAgo",
					(System.nanoTime() - oldest.request().startedNanos()) / 1_000_000);
		}
	}

}
