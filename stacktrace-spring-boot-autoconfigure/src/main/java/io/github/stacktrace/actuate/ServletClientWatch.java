package io.github.stacktrace.actuate;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The {@link ClientWatch} of servlet applications: while a request works, its connection is looked at every period
 * without writing anything, and the serving thread is interrupted once the client closed it.
 * <p>
 * A servlet container notices a client that went away only when it reads from or writes to the connection, and a
 * request that writes nothing until its report is made does neither: an asynchronous request's listener is not told
 * either, since the container does not read the connection of a request in progress. So the connection is read here,
 * without blocking, through {@link TomcatConnections Tomcat}: end of stream (the client closed, or reset, its
 * connection) twice in a row means the client is gone, as nginx treats a client's end of stream. Other containers
 * are not watched: there a client that goes away is seen when the answer is written.
 * <p>
 * On Tomcat the connection can also be ended while the answer is written ({@link #currentConnection()}): a thread
 * blocked writing to a client that reads nothing then returns at once.
 * <p>
 * No thread runs at rest: the watching thread exists only while requests are watched.
 *
 * @since 0.1.0
 */
public final class ServletClientWatch implements ClientWatch, AutoCloseable {

	private static final Log logger = LogFactory.getLog(ServletClientWatch.class);

	private final long periodNanos;

	private final ScheduledThreadPoolExecutor watcher;

	/**
	 * Creates a watch that looks at each watched connection every period.
	 * @param period how often to look
	 */
	public ServletClientWatch(Duration period) {
		if (period.isNegative() || period.isZero()) {
			throw new IllegalArgumentException("the period must be positive");
		}
		this.periodNanos = period.toNanos();
		this.watcher = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "stacktrace-client-watch");
			thread.setDaemon(true);
			return thread;
		});
		this.watcher.setKeepAliveTime(1, TimeUnit.SECONDS);
		this.watcher.allowCoreThreadTimeOut(true);
		this.watcher.setRemoveOnCancelPolicy(true);
	}

	@Override
	public Watching watchCurrentRequest() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servlet)) {
			return NONE.watchCurrentRequest();
		}
		BooleanSupplier closed = TomcatConnections.closedCheck(servlet.getRequest());
		if (closed == null) {
			return NONE.watchCurrentRequest();
		}
		return watch(closed);
	}

	@Override
	public ClientConnection currentConnection() {
		if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet)) {
			return ClientConnection.NONE;
		}
		HttpServletResponse response = servlet.getResponse();
		Runnable closer = TomcatConnections.closer(servlet.getRequest());
		return new ServletConnection(response, closer);
	}

	/**
	 * Watches the calling thread's client with the given check.
	 * @param clientClosed whether the connection reads end of stream (or fails) now
	 * @return the watching
	 */
	Watching watch(BooleanSupplier clientClosed) {
		Watch watch = new Watch(Thread.currentThread(), clientClosed);
		watch.start(this.watcher.scheduleWithFixedDelay(watch, this.periodNanos, this.periodNanos,
				TimeUnit.NANOSECONDS));
		return watch;
	}

	/**
	 * Stops the watching thread.
	 */
	@Override
	public void close() {
		this.watcher.shutdownNow();
	}

	/**
	 * One request's watch. The connection is read, and the thread interrupted, only under this watch's lock and only
	 * while it is open, so never once the request thread went back to its server; closing takes the same lock.
	 */
	private static final class Watch implements Watching, Runnable {

		// One end of stream could be a pipelined request's bytes, which the next read keeps and does not report.
		private static final int CLOSED_READINGS = 2;

		private final Thread thread;

		private final BooleanSupplier clientClosed;

		private @Nullable ScheduledFuture<?> schedule;

		private boolean open = true;

		private boolean interrupted;

		private int closedReadings;

		Watch(Thread thread, BooleanSupplier clientClosed) {
			this.thread = thread;
			this.clientClosed = clientClosed;
		}

		synchronized void start(ScheduledFuture<?> schedule) {
			this.schedule = schedule;
			if (!this.open) {
				schedule.cancel(false);
			}
		}

		@Override
		public synchronized void run() {
			if (!this.open) {
				return;
			}
			boolean closed;
			try {
				closed = this.clientClosed.getAsBoolean();
			}
			catch (RuntimeException ex) {
				logger.debug("Cannot tell whether the client is still connected; no longer watching it", ex);
				stop();
				return;
			}
			this.closedReadings = closed ? this.closedReadings + 1 : 0;
			if (this.closedReadings >= CLOSED_READINGS) {
				this.interrupted = true;
				this.thread.interrupt();
				stop();
			}
		}

		@Override
		public synchronized void close() {
			stop();
			if (this.interrupted) {
				// The request thread goes back to its server: the interrupt that cancelled its work ends here.
				Thread.interrupted();
			}
		}

		private void stop() {
			this.open = false;
			if (this.schedule != null) {
				this.schedule.cancel(false);
			}
		}

	}

	/**
	 * A servlet response's connection: flushed through the response, ended through {@link TomcatConnections} where
	 * the container is Tomcat.
	 */
	private record ServletConnection(@Nullable HttpServletResponse response,
			@Nullable Runnable closer) implements ClientConnection {

		@Override
		public void flush() throws IOException {
			if (this.response != null) {
				this.response.flushBuffer();
			}
		}

		@Override
		public void close() {
			if (this.closer != null) {
				this.closer.run();
			}
		}

	}

}
