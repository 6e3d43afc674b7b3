package io.github.stacktrace.context;

import io.github.stacktrace.report.RequestContext;

/**
 * Sees one thread that serves a request or runs a recorded task at the moment the registry is walked: the one view of
 * the tracked threads that both the captures of virtual threads and the stuck-request checker read.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ServingThreadVisitor {

	/**
	 * Called once per serving thread. The thread is strongly held only for the call: keep its id, not the thread.
	 * @param thread the thread, alive when its slot was read
	 * @param threadId its Java thread id
	 * @param virtual whether it is a virtual thread
	 * @param context what it serves, read consistently
	 */
	void visit(Thread thread, long threadId, boolean virtual, RequestContext context);

}
