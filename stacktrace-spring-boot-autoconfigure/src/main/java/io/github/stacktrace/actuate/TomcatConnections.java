package io.github.stacktrace.actuate;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.Channel;
import java.util.function.BooleanSupplier;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Tomcat request's connection without blocking, to tell whether its client closed it, and ends it from another
 * thread: the servlet API has neither call. Tomcat's own check for available input ({@code ActionCode.AVAILABLE} with
 * a read allowed, what its non-blocking input uses) reads whatever the connection holds into the request's buffer,
 * where the next request on the connection finds it, and reports end of stream or a reset as input available. For a
 * request without a body nothing else can be there but a pipelined request's bytes, which a second reading no longer
 * reports.
 * <p>
 * A thread blocked in a write to a client that reads nothing waits for Tomcat's poller to say the connection can take
 * more, or for Tomcat's own write timeout; an interrupt only makes it wait again. Closing the connection's channel
 * alone does not wake it either: a closed channel's selection key is cancelled and the poller reports nothing more. So
 * the channel is closed, which sends what the connection already holds and then its end, and the waiting thread is
 * woken on the lock it waits on: its next write fails at once with an {@code IOException}, which ends the response as
 * a client that went away does. That is done only for HTTP/1.1 over Tomcat's NIO connector (its default): on HTTP/2
 * the connection carries other requests, and the NIO2 connector waits in another way.
 * <p>
 * Found by reflection, since the request object hides Tomcat's own: with another container, or a Tomcat that no
 * longer has these members, there is no check and the client is not watched, and no connection is ended.
 */
final class TomcatConnections {

	private static final Log logger = LogFactory.getLog(TomcatConnections.class);

	private static final String FACADE = "org.apache.catalina.connector.RequestFacade";

	private static final String HTTP11_PROCESSOR = "org.apache.coyote.http11.Http11Processor";

	private static final String NIO_SOCKET_WRAPPER = "org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper";

	private static volatile @Nullable Members members;

	private static volatile boolean unavailable;

	private static volatile @Nullable ClosingMembers closingMembers;

	private static volatile boolean closingUnavailable;

	private TomcatConnections() {
	}

	/**
	 * A check of the request's connection, or {@code null} when it is not a Tomcat request whose connection can be
	 * read. Call it only while the request is being served and its thread is not reading or writing.
	 * @param request the request, possibly wrapped
	 * @return {@code true} from the check while the connection reads end of stream, fails, or holds bytes
	 */
	static @Nullable BooleanSupplier closedCheck(ServletRequest request) {
		ServletRequest unwrapped = tomcatFacade(request);
		if (unavailable || unwrapped == null) {
			return null;
		}
		Members found = members(unwrapped.getClass());
		if (found == null) {
			return null;
		}
		try {
			Object coyoteRequest = found.coyoteRequest(unwrapped);
			return () -> found.readsInput(coyoteRequest);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("Cannot read the connection of a Tomcat request; clients that go away are not watched", ex);
			unavailable = true;
			return null;
		}
	}

	/**
	 * How to end the request's connection from another thread, waking the thread blocked writing its answer, or
	 * {@code null} when it is not a Tomcat HTTP/1.1 request over the NIO connector. Call it while the request is being
	 * served; run what it returns only while that request's answer is still being written.
	 * @param request the request, possibly wrapped
	 * @return the action that ends the connection
	 */
	static @Nullable Runnable closer(ServletRequest request) {
		ServletRequest unwrapped = tomcatFacade(request);
		if (closingUnavailable || unwrapped == null) {
			return null;
		}
		ClosingMembers found = closingMembers(unwrapped.getClass());
		if (found == null) {
			return null;
		}
		try {
			return found.closer(unwrapped);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("Cannot reach the connection of a Tomcat request; abandoned reports keep their thread"
					+ " until Tomcat's write timeout", ex);
			closingUnavailable = true;
			return null;
		}
	}

	private static @Nullable ClosingMembers closingMembers(Class<?> facade) {
		ClosingMembers found = closingMembers;
		if (found != null && found.coyote().facade() == facade) {
			return found;
		}
		try {
			CoyoteRequests coyote = CoyoteRequests.of(facade);
			ClassLoader loader = coyote.type().getClassLoader();
			Field hook = accessible(coyote.type().getDeclaredField("hook"));
			Field socketWrapper = accessible(Class.forName("org.apache.coyote.AbstractProcessor", false, loader)
				.getDeclaredField("socketWrapper"));
			Method getSocket = Class.forName("org.apache.tomcat.util.net.SocketWrapperBase", false, loader)
				.getMethod("getSocket");
			Method getIOChannel = Class.forName("org.apache.tomcat.util.net.NioChannel", false, loader)
				.getMethod("getIOChannel");
			Class<?> nioWrapper = Class.forName(NIO_SOCKET_WRAPPER, false, loader);
			Field writeLock = accessible(nioWrapper.getDeclaredField("writeLock"));
			found = new ClosingMembers(coyote, hook, socketWrapper, getSocket, getIOChannel, nioWrapper, writeLock);
			closingMembers = found;
			return found;
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			logger.debug("Tomcat's connection members are not found; abandoned reports keep their thread until"
					+ " Tomcat's write timeout", ex);
			closingUnavailable = true;
			return null;
		}
	}

	// The request Tomcat made, below any wrappers, or null when Tomcat did not make it.
	private static @Nullable ServletRequest tomcatFacade(ServletRequest request) {
		ServletRequest unwrapped = request;
		while (unwrapped instanceof ServletRequestWrapper wrapper) {
			unwrapped = wrapper.getRequest();
		}
		return FACADE.equals(unwrapped.getClass().getName()) ? unwrapped : null;
	}

	private static Field accessible(Field field) {
		field.setAccessible(true);
		return field;
	}

	private static @Nullable Members members(Class<?> facade) {
		Members found = members;
		if (found != null && found.coyote().facade() == facade) {
			return found;
		}
		try {
			CoyoteRequests coyote = CoyoteRequests.of(facade);
			Class<?> coyoteRequest = coyote.type();
			Class<?> actionCode = Class.forName("org.apache.coyote.ActionCode", false, coyoteRequest.getClassLoader());
			Method action = coyoteRequest.getMethod("action", actionCode, Object.class);
			Method getAvailable = coyoteRequest.getMethod("getAvailable");
			Object available = actionCode.getField("AVAILABLE").get(null);
			found = new Members(coyote, action, available, getAvailable);
			members = found;
			return found;
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			logger.debug("Tomcat's request members are not found; clients that go away are not watched", ex);
			unavailable = true;
			return null;
		}
	}

	/**
	 * How to reach the coyote request (Tomcat's own) behind the request object a servlet is given.
	 */
	private record CoyoteRequests(Class<?> facade, Field request, Method getCoyoteRequest) {

		static CoyoteRequests of(Class<?> facade) throws ReflectiveOperationException {
			Field request = accessible(facade.getDeclaredField("request"));
			return new CoyoteRequests(facade, request, request.getType().getMethod("getCoyoteRequest"));
		}

		Class<?> type() {
			return this.getCoyoteRequest.getReturnType();
		}

		Object of(Object facade) throws ReflectiveOperationException {
			return this.getCoyoteRequest.invoke(this.request.get(facade));
		}

	}

	private record Members(CoyoteRequests coyote, Method action, Object available, Method getAvailable) {

		Object coyoteRequest(Object facade) throws ReflectiveOperationException {
			return this.coyote.of(facade);
		}

		boolean readsInput(Object coyoteRequest) {
			try {
				this.action.invoke(coyoteRequest, this.available, Boolean.TRUE);
				return ((Integer) this.getAvailable.invoke(coyoteRequest)) > 0;
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Tomcat's input check failed", ex);
			}
		}

	}

	private record ClosingMembers(CoyoteRequests coyote, Field hook, Field socketWrapper, Method getSocket,
			Method getIOChannel, Class<?> nioWrapper, Field writeLock) {

		@Nullable Runnable closer(Object facade) throws ReflectiveOperationException {
			Object coyoteRequest = this.coyote.of(facade);
			Object processor = this.hook.get(coyoteRequest);
			if (processor == null || !HTTP11_PROCESSOR.equals(processor.getClass().getName())) {
				return null;
			}
			Object wrapper = this.socketWrapper.get(processor);
			if (wrapper == null || wrapper.getClass() != this.nioWrapper) {
				return null;
			}
			// Taken now, while this request owns the connection: Tomcat reuses its wrappers' NIO channels for later
			// connections, never a closed socket channel, so closing this one later ends this connection or nothing.
			Channel channel = (Channel) this.getIOChannel.invoke(this.getSocket.invoke(wrapper));
			Object lock = this.writeLock.get(wrapper);
			if (channel == null || lock == null) {
				return null;
			}
			return () -> close(channel, lock);
		}

		private static void close(Channel channel, Object writeLock) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				logger.debug("Closing a Tomcat connection failed", ex);
			}
			// Nothing else wakes a thread waiting to write to a closed channel before Tomcat's write timeout.
			synchronized (writeLock) {
				writeLock.notifyAll();
			}
		}

	}

}
