package io.github.stacktrace.report;

import java.util.List;

/**
 * Snapshots of one thread that showed the same stack.
 *
 * @param count how many snapshots showed it
 * @param frames the stack, top frame first
 * @since 0.1.0
 */
public record SnapshotGroup(int count, List<StackTraceElement> frames) {

	/**
	 * Creates a group.
	 * @param count how many snapshots showed the stack
	 * @param frames the stack, top frame first
	 */
	public SnapshotGroup {
		frames = List.copyOf(frames);
	}

}
