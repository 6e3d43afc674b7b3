package io.github.stacktrace.capture;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Tells whether a thread sits in a blocking native call, from its state and its top frame.
 * <p>
 * The rule: the thread is {@code RUNNABLE} and its top frame is one of the JDK's native methods that enter a
 * blocking system call (socket, pipe and file reads and writes, accept, connect, poll, epoll, waiting for a child
 * process). The JDK has no public way to map a Java thread to its kernel task, so the kernel's own view
 * ({@code /proc/self/task/<tid>/syscall}) cannot be consulted per thread; the frame names the call precisely.
 */
final class BlockingCallDetector {

	private static final Map<String, String> SYSCALLS = Map.ofEntries(
			Map.entry("sun.nio.ch.FileDispatcherImpl.read0", "read"),
			Map.entry("sun.nio.ch.UnixFileDispatcherImpl.read0", "read"),
			Map.entry("sun.nio.ch.FileDispatcherImpl.readv0", "readv"),
			Map.entry("sun.nio.ch.UnixFileDispatcherImpl.readv0", "readv"),
			Map.entry("sun.nio.ch.FileDispatcherImpl.pread0", "pread64"),
			Map.entry("sun.nio.ch.UnixFileDispatcherImpl.pread0", "pread64"),
			Map.entry("sun.nio.ch.SocketDispatcher.read0", "read"),
			Map.entry("sun.nio.ch.SocketDispatcher.readv0", "readv"),
			Map.entry("sun.nio.ch.DatagramDispatcher.read0", "read"),
			Map.entry("sun.nio.ch.DatagramChannelImpl.receive0", "recvfrom"),
			Map.entry("java.io.FileInputStream.readBytes", "read"),
			Map.entry("java.io.FileInputStream.read0", "read"),
			Map.entry("java.io.RandomAccessFile.readBytes", "read"),
			Map.entry("java.io.RandomAccessFile.read0", "read"),
			Map.entry("java.net.SocketInputStream.socketRead0", "recvfrom"),
			Map.entry("sun.nio.ch.FileDispatcherImpl.write0", "write"),
			Map.entry("sun.nio.ch.UnixFileDispatcherImpl.write0", "write"),
			Map.entry("sun.nio.ch.SocketDispatcher.write0", "write"),
			Map.entry("java.io.FileOutputStream.writeBytes", "write"),
			Map.entry("sun.nio.ch.Net.poll", "poll"),
			Map.entry("sun.nio.ch.Net.pollConnect", "poll"),
			Map.entry("sun.nio.ch.PollSelectorImpl.poll", "poll"),
			Map.entry("sun.nio.fs.LinuxWatchService.poll", "poll"),
			Map.entry("sun.nio.ch.EPoll.wait", "epoll_wait"),
			Map.entry("sun.nio.ch.KQueue.poll", "kevent"),
			Map.entry("sun.nio.ch.Net.accept", "accept"),
			Map.entry("sun.nio.ch.ServerSocketChannelImpl.accept0", "accept"),
			Map.entry("sun.nio.ch.UnixDomainSockets.accept0", "accept"),
			Map.entry("java.net.PlainSocketImpl.socketAccept", "accept"),
			Map.entry("sun.nio.ch.Net.connect0", "connect"),
			Map.entry("sun.nio.ch.UnixDomainSockets.connect0", "connect"),
			Map.entry("java.lang.ProcessHandleImpl.waitForProcessExit0", "waitpid"),
			Map.entry("java.lang.ProcessImpl.waitForProcessExit", "waitpid"));

	private BlockingCallDetector() {
	}

	/**
	 * The blocking call the thread sits in.
	 * @param state the thread's state
	 * @param frames its stack, top frame first
	 * @return the system call's name, or {@code null} when the thread is not in a known blocking call
	 */
	static @Nullable String blockingSyscall(Thread.@Nullable State state, List<StackTraceElement> frames) {
		if (state != Thread.State.RUNNABLE || frames.isEmpty()) {
			return null;
		}
		StackTraceElement top = frames.get(0);
		if (!top.isNativeMethod()) {
			return null;
		}
		return SYSCALLS.get(top.getClassName() + "." + top.getMethodName());
	}

}
