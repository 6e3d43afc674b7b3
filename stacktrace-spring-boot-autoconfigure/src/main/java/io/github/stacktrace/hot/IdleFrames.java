package io.github.stacktrace.hot;

import java.util.List;
import java.util.Set;

/**
 * The frames that mark a thread as idle: waiting for work in a pool, for a connection, for readiness, for a reference
 * to process. A snapshot is idle when any of its frames is one of them, or when it has no Java frame at all (the
 * JVM's signal and notification threads).
 */
final class IdleFrames {

	/** Idle wherever the class is: every pool named {@code ThreadPoolExecutor} (the JDK's, Tomcat's) waits there. */
	private static final Set<String> IDLE_METHODS_OF_ANY_POOL = Set.of("ThreadPoolExecutor.getTask");

	/** {@code class.method} of the frames that mean "waiting for something to do". */
	private static final Set<String> IDLE_FRAMES = Set.of(
			// ForkJoinPool workers (and virtual thread carriers) with no task.
			"java.util.concurrent.ForkJoinPool.awaitWork",
			// Selectors (NIO, Tomcat pollers, Netty's JDK transport), server sockets accepting.
			"sun.nio.ch.SelectorImpl.select", "sun.nio.ch.SelectorImpl.lockAndDoSelect",
			"sun.nio.ch.ServerSocketChannelImpl.accept", "sun.nio.ch.NioSocketImpl.accept",
			"java.net.ServerSocket.accept", "io.netty.channel.epoll.Native.epollWait",
			"io.netty.channel.nio.NioEventLoop.select",
			// Hand-offs a pool or an executor waits on.
			"java.util.concurrent.LinkedTransferQueue.take", "java.util.concurrent.LinkedTransferQueue.poll",
			"java.util.concurrent.SynchronousQueue.take", "java.util.concurrent.SynchronousQueue.poll",
			// The JDK's own housekeeping threads: references, cleaners, timers.
			"java.lang.ref.Reference.waitForReferencePendingList", "java.lang.ref.ReferenceQueue.remove",
			"java.util.TimerThread.mainLoop",
			// Java 25's virtual-thread housekeeping: the scheduler's timer loop and the unblocker thread, parked
			// between the sleeps and monitor releases they hand back to the carriers.
			"java.util.concurrent.DelayScheduler.loop", "java.lang.VirtualThread.takeVirtualThreadListToUnblock");

	private IdleFrames() {
	}

	/**
	 * Whether a snapshot shows a thread waiting for work.
	 * @param frames the snapshot's stack, top frame first
	 * @return {@code true} when a frame is a known idle frame, or there is no frame
	 */
	static boolean isIdle(List<StackTraceElement> frames) {
		if (frames.isEmpty()) {
			return true;
		}
		for (StackTraceElement frame : frames) {
			String className = frame.getClassName();
			String method = className + "." + frame.getMethodName();
			if (IDLE_FRAMES.contains(method)) {
				return true;
			}
			int simple = className.lastIndexOf('.');
			if (IDLE_METHODS_OF_ANY_POOL.contains(className.substring(simple + 1) + "." + frame.getMethodName())) {
				return true;
			}
		}
		return false;
	}

}
