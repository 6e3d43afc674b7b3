package io.github.stacktrace.actuate;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.function.BooleanSupplier;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Tomcat request's connection without blocking, to tell whether its client closed it: the servlet API has no
 * such call. Tomcat's own check for available input ({@code ActionCode.AVAILABLE} with a read allowed, what its
 * non-blocking input uses) reads whatever the connection holds into the request's buffer, where the next request on
 * the connection finds it, and reports end of stream or a reset as input available. For a request without a body
 * nothing else can be there but a pipelined request's bytes, which a second reading no longer reports.
 * <p>
 * Found by reflection, since the request object hides Tomcat's own: with another container, or a Tomcat that no
 * longer has these members, there is no check and the client is not watched.
 */
final class TomcatConnections {

	private static final Log logger = LogFactory.getLog(TomcatConnections.class);

	private static final String FACADE = "org.apache.catalina.connector.RequestFacade";

	private static volatile @Nullable Members members;

	private static volatile boolean unavailable;

	private TomcatConnections() {
	}

	/**
	 * A check of the request's connection, or {@code null} when it is not a Tomcat request whose connection can be
	 * read. Call it only while the request is being served and its thread is not reading or writing.
	 * @param request the request, possibly wrapped
	 * @return {@code true} from the check while the connection reads end of stream, fails, or holds bytes
	 */
	static @Nullable BooleanSupplier closedCheck(ServletRequest request) {
		ServletRequest unwrapped = request;
		while (unwrapped instanceof ServletRequestWrapper wrapper) {
			unwrapped = wrapper.getRequest();
		}
		if (unavailable || !FACADE.equals(unwrapped.getClass().getName())) {
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

	private static @Nullable Members members(Class<?> facade) {
		Members found = members;
		if (found != null && found.facade() == facade) {
			return found;
		}
		try {
			Field request = facade.getDeclaredField("request");
			request.setAccessible(true);
			Method getCoyoteRequest = request.getType().getMethod("getCoyoteRequest");
			Class<?> coyoteRequest = getCoyoteRequest.getReturnType();
			Class<?> actionCode = Class.forName("org.apache.coyote.ActionCode", false, coyoteRequest.getClassLoader());
			Method action = coyoteRequest.getMethod("action", actionCode, Object.class);
			Method getAvailable = coyoteRequest.getMethod("getAvailable");
			Object available = actionCode.getField("AVAILABLE").get(null);
			found = new Members(facade, request, getCoyoteRequest, action, available, getAvailable);
			members = found;
			return found;
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			logger.debug("Tomcat's request members are not found; clients that go away are not watched", ex);
			unavailable = true;
			return null;
		}
	}

	private record Members(Class<?> facade, Field request, Method getCoyoteRequest, Method action, Object available,
			Method getAvailable) {

		Object coyoteRequest(Object facade) throws ReflectiveOperationException {
			return this.getCoyoteRequest.invoke(this.request.get(facade));
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

}
