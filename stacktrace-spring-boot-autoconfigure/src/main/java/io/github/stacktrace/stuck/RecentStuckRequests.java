package io.github.stacktrace.stuck;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.github.stacktrace.report.StuckRequest;

/** The stuck requests that ended last, the newest first, kept within a count and an approximate size. */
final class RecentStuckRequests {

	private final int maxCount;

	private final long maxChars;

	private final ArrayDeque<StuckRequest> recent = new ArrayDeque<>();

	private long chars;

	RecentStuckRequests(int maxCount, long maxChars) {
		this.maxCount = maxCount;
		this.maxChars = maxChars;
	}

	void remember(StuckRequest ended) {
		if (this.maxCount == 0) {
			return;
		}
		this.recent.addFirst(ended);
		this.chars += approximateChars(ended);
		while (this.recent.size() > this.maxCount || (this.chars > this.maxChars && this.recent.size() > 1)) {
			this.chars -= approximateChars(this.recent.removeLast());
		}
	}

	List<StuckRequest> list() {
		return new ArrayList<>(this.recent);
	}

	private static long approximateChars(StuckRequest request) {
		long chars = 256 + request.request().route().length();
		for (StackTraceElement frame : request.thread().frames()) {
			String file = frame.getFileName();
			chars += frame.getClassName().length() + frame.getMethodName().length()
					+ ((file != null) ? file.length() : 0) + 16;
		}
		return chars;
	}

}
