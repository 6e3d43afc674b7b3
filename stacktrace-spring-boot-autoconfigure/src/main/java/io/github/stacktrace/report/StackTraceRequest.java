package io.github.stacktrace.report;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One validated request for thread stacks.
 *
 * @param threadIds the Java thread ids to capture, in the order asked for, or {@code null} for every live thread
 * @param mode the frame detail
 * @param timeoutPerThread the most one thread's capture may take
 * @param skipBlockingSyscalls whether threads blocked in a blocking native call are skipped
 * @param filter which live threads to keep, by state and name; intersected with {@code threadIds}
 * @param virtualThreads whether virtual threads are covered, or only they
 * @since 0.1.0
 */
public record StackTraceRequest(@Nullable List<Long> threadIds, DetailMode mode, Duration timeoutPerThread,
		boolean skipBlockingSyscalls, ThreadFilter filter, VirtualThreadSelection virtualThreads) {

	/**
	 * A request that covers virtual threads too.
	 * @param threadIds the Java thread ids to capture, in the order asked for, or {@code null} for every live thread
	 * @param mode the frame detail
	 * @param timeoutPerThread the most one thread's capture may take
	 * @param skipBlockingSyscalls whether threads blocked in a blocking native call are skipped
	 * @param filter which live threads to keep, by state and name; intersected with {@code threadIds}
	 */
	public StackTraceRequest(@Nullable List<Long> threadIds, DetailMode mode, Duration timeoutPerThread,
			boolean skipBlockingSyscalls, ThreadFilter filter) {
		this(threadIds, mode, timeoutPerThread, skipBlockingSyscalls, filter, VirtualThreadSelection.INCLUDE);
	}

	/**
	 * A request without a filter.
	 * @param threadIds the Java thread ids to capture, or {@code null} for every live thread
	 * @param mode the frame detail
	 * @param timeoutPerThread the most one thread's capture may take
	 * @param skipBlockingSyscalls whether threads blocked in a blocking native call are skipped
	 */
	public StackTraceRequest(@Nullable List<Long> threadIds, DetailMode mode, Duration timeoutPerThread,
			boolean skipBlockingSyscalls) {
		this(threadIds, mode, timeoutPerThread, skipBlockingSyscalls, ThreadFilter.NONE);
	}

	/**
	 * Creates a request.
	 * @param threadIds the Java thread ids to capture, in the order asked for, or {@code null} for every live thread
	 * @param mode the frame detail
	 * @param timeoutPerThread the most one thread's capture may take
	 * @param skipBlockingSyscalls whether threads blocked in a blocking native call are skipped
	 * @param filter which live threads to keep, by state and name; intersected with {@code threadIds}
	 * @param virtualThreads whether virtual threads are covered, or only they
	 * @throws IllegalArgumentException if {@code timeoutPerThread} is not positive
	 */
	public StackTraceRequest {
		Objects.requireNonNull(filter, "filter");
		Objects.requireNonNull(virtualThreads, "virtualThreads");
		threadIds = (threadIds != null) ? List.copyOf(threadIds) : null;
		Objects.requireNonNull(mode, "mode");
		Objects.requireNonNull(timeoutPerThread, "timeoutPerThread");
		if (timeoutPerThread.isNegative() || timeoutPerThread.isZero()) {
			throw new IllegalArgumentException("timeoutPerThread must be positive");
		}
	}

	/**
	 * A request for every live thread in FAST mode.
	 * @param timeoutPerThread the most one thread's capture may take
	 * @return the request
	 */
	public static StackTraceRequest allThreads(Duration timeoutPerThread) {
		return new StackTraceRequest(null, DetailMode.FAST, timeoutPerThread, false);
	}

	/**
	 * Whether the request names its threads rather than asking for all of them.
	 * @return {@code true} when thread ids were given
	 */
	public boolean isSelective() {
		return this.threadIds != null;
	}

	/**
	 * A copy of this request with another detail mode.
	 * @param mode the detail mode
	 * @return the new request
	 */
	public StackTraceRequest withMode(DetailMode mode) {
		return new StackTraceRequest(this.threadIds, mode, this.timeoutPerThread, this.skipBlockingSyscalls, this.filter,
				this.virtualThreads);
	}

	/**
	 * A copy of this request that skips threads in blocking native calls, or not.
	 * @param skip whether to skip them
	 * @return the new request
	 */
	public StackTraceRequest withSkipBlockingSyscalls(boolean skip) {
		return new StackTraceRequest(this.threadIds, this.mode, this.timeoutPerThread, skip, this.filter,
				this.virtualThreads);
	}

	/**
	 * A copy of this request with a thread filter.
	 * @param filter the filter
	 * @return the new request
	 */
	public StackTraceRequest withFilter(ThreadFilter filter) {
		return new StackTraceRequest(this.threadIds, this.mode, this.timeoutPerThread, this.skipBlockingSyscalls,
				filter, this.virtualThreads);
	}

	/**
	 * A copy of this request for the given thread ids.
	 * @param ids the ids, in the order asked for
	 * @return the new request
	 */
	public StackTraceRequest withThreadIds(List<Long> ids) {
		return new StackTraceRequest(ids, this.mode, this.timeoutPerThread, this.skipBlockingSyscalls, this.filter,
				this.virtualThreads);
	}

	/**
	 * A copy of this request that covers virtual threads as given.
	 * @param selection whether virtual threads are covered, or only they
	 * @return the new request
	 */
	public StackTraceRequest withVirtualThreads(VirtualThreadSelection selection) {
		return new StackTraceRequest(this.threadIds, this.mode, this.timeoutPerThread, this.skipBlockingSyscalls,
				this.filter, selection);
	}

}
