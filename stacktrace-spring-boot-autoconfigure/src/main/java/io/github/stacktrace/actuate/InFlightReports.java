package io.github.stacktrace.actuate;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.github.stacktrace.render.ReportText;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Bounds the memory held by reports being written to clients. The single-flight lock covers a capture, not its
 * response: a report streamed to a client that stops reading lives as long as the connection. So the reports in
 * flight are counted and measured, a request beyond either bound is refused before it captures anything, and a report
 * whose client has read nothing for the write timeout is abandoned: its memory is released, one line is logged, and
 * its connection is ended where the container allows it (Tomcat, through {@link ClientWatch#currentConnection()}):
 * the thread blocked writing it returns at once with an {@code IOException}, which the web frameworks log at DEBUG as
 * a client that went away, and the client reads what was sent before the cut, then the end of the connection without
 * the end of the answer. Elsewhere the thread stays in the container's blocking write until the container's own write
 * timeout or until the client reads again, and then reads one line saying where the report was cut.
 * <p>
 * No thread runs at rest: a sweeper thread exists only while reports are in flight.
 *
 * @since 0.1.0
 */
public final class InFlightReports {

	private static final Log logger = LogFactory.getLog(InFlightReports.class);

	private final int maxReports;

	private final long maxChars;

	private final long writeTimeoutNanos;

	private final LongSupplier clock;

	private final Set<TrackedReport> reports = ConcurrentHashMap.newKeySet();

	private final ScheduledThreadPoolExecutor sweeper;

	private int reserved;

	private long chars;

	private @Nullable ScheduledFuture<?> sweeping;

	/**
	 * Creates the bounds.
	 * @param maxReports the most reports written to clients at once
	 * @param maxChars the most characters those reports may hold together
	 * @param writeTimeout how long a client may read nothing before its report is abandoned
	 */
	public InFlightReports(int maxReports, long maxChars, Duration writeTimeout) {
		this(maxReports, maxChars, writeTimeout, System::nanoTime);
	}

	InFlightReports(int maxReports, long maxChars, Duration writeTimeout, LongSupplier clock) {
		if (maxReports < 1 || maxChars < 1 || writeTimeout.isNegative() || writeTimeout.isZero()) {
			throw new IllegalArgumentException("in-flight bounds must be positive");
		}
		this.maxReports = maxReports;
		this.maxChars = maxChars;
		this.writeTimeoutNanos = writeTimeout.toNanos();
		this.clock = clock;
		this.sweeper = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "stacktrace-report-sweeper");
			thread.setDaemon(true);
			return thread;
		});
		this.sweeper.setKeepAliveTime(1, TimeUnit.SECONDS);
		this.sweeper.allowCoreThreadTimeOut(true);
		this.sweeper.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Takes a place for one more report, before anything is captured.
	 * @return the place, to be turned into a stream or released
	 * @throws ReportsInFlightException when as many reports as allowed are in flight, or they hold as much as allowed
	 */
	public synchronized Reservation reserve() {
		sweep();
		if (this.reserved >= this.maxReports) {
			throw new ReportsInFlightException("too many stack trace reports are being sent (" + this.reserved + " of "
					+ this.maxReports + "): retry later");
		}
		if (this.chars >= this.maxChars) {
			throw new ReportsInFlightException("stack trace reports being sent hold too much memory (" + this.chars
					+ " of " + this.maxChars + " chars): retry later");
		}
		this.reserved++;
		return new Reservation();
	}

	/**
	 * How many reports are in flight or reserved now.
	 * @return the count
	 */
	public synchronized int count() {
		return this.reserved;
	}

	/**
	 * How many characters the reports in flight hold now.
	 * @return the count
	 */
	public synchronized long chars() {
		return this.chars;
	}

	/**
	 * Abandons every report whose client has read nothing for the write timeout.
	 */
	void sweep() {
		long now = this.clock.getAsLong();
		for (TrackedReport report : this.reports) {
			if (now - report.lastProgress > this.writeTimeoutNanos) {
				report.abandon();
			}
		}
	}

	private synchronized void release(long reportChars) {
		this.reserved--;
		this.chars -= reportChars;
		if (this.reserved == 0 && this.sweeping != null) {
			this.sweeping.cancel(false);
			this.sweeping = null;
		}
	}

	private synchronized boolean admit(TrackedReport report) {
		if (this.chars + report.chars > this.maxChars && this.chars > 0) {
			return false;
		}
		this.chars += report.chars;
		this.reports.add(report);
		if (this.sweeping == null) {
			long period = Math.max(1, this.writeTimeoutNanos / 4);
			this.sweeping = this.sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.NANOSECONDS);
		}
		return true;
	}

	/**
	 * A place for one report, taken before capturing: {@link #stream(ReportText)} turns it into the response body,
	 * {@link #release()} gives it back when there is no body to send.
	 *
	 * @since 0.1.0
	 */
	public final class Reservation {

		private boolean done;

		private Reservation() {
		}

		/**
		 * The report as a stream that holds its place until it is read to the end, closed or abandoned.
		 * @param text the rendered report
		 * @return the stream
		 * @throws ReportsInFlightException when the report would take the reports in flight past their size bound;
		 * the place is released
		 */
		public InputStream stream(ReportText text) {
			return stream(text, ClientWatch.ClientConnection.NONE);
		}

		/**
		 * The report as a stream that holds its place until it is read to the end and what the container still
		 * buffers of it is sent, until it is closed, or until it is abandoned, which ends its connection.
		 * @param text the rendered report
		 * @param connection the connection the report is written to: flushed by the thread writing it once the
		 * report is read to its end, closed by the thread that abandons it so that the writing thread returns
		 * @return the stream
		 * @throws ReportsInFlightException when the report would take the reports in flight past their size bound;
		 * the place is released
		 */
		public InputStream stream(ReportText text, ClientWatch.ClientConnection connection) {
			this.done = true;
			TrackedReport report = new TrackedReport(text, connection);
			if (!admit(report)) {
				InFlightReports.this.release(0);
				throw new ReportsInFlightException("stack trace reports being sent would hold too much memory ("
						+ text.length() + " more chars than the " + InFlightReports.this.maxChars
						+ " allowed): retry later");
			}
			return report;
		}

		/**
		 * Gives the place back; does nothing once a stream was made of it.
		 */
		public void release() {
			if (!this.done) {
				this.done = true;
				InFlightReports.this.release(0);
			}
		}

	}

	private final class TrackedReport extends InputStream {

		private final long chars;

		private final ClientWatch.ClientConnection connection;

		private volatile @Nullable InputStream delegate;

		private volatile long lastProgress;

		private volatile boolean abandoned;

		// Read only by the thread writing the response, once the report was abandoned.
		private byte @Nullable [] cutNotice;

		private int cutNoticeSent;

		private boolean released;

		TrackedReport(ReportText text, ClientWatch.ClientConnection connection) {
			this.chars = text.length();
			this.connection = connection;
			this.delegate = text.openUtf8Stream();
			this.lastProgress = InFlightReports.this.clock.getAsLong();
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			InputStream stream = this.delegate;
			if (stream == null) {
				if (this.abandoned) {
					return readCutNotice(buffer, offset, length);
				}
				// An end of stream the web frameworks take for a client that went away, as it did: they log it at
				// DEBUG, never with a stack, and send nothing more.
				throw new EOFException("stack trace report closed");
			}
			int count = stream.read(buffer, offset, length);
			this.lastProgress = InFlightReports.this.clock.getAsLong();
			if (count < 0) {
				// The end is sent while the report holds its place: a client that stops reading just before it is
				// abandoned like any other, rather than holding this thread in the container's last write.
				try {
					this.connection.flush();
				}
				finally {
					done();
				}
			}
			return count;
		}

		@Override
		public void close() {
			done();
		}

		void abandon() {
			this.abandoned = true;
			if (!done()) {
				return;
			}
			// Only a report not yet read to its end nor closed gets here: its answer is still being written, so the
			// connection closed is this answer's and no later request's.
			try {
				this.connection.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Cannot end the connection of an abandoned stack trace report", ex);
			}
			if (logger.isInfoEnabled()) {
				logger.info("Stack trace report abandoned: the client read nothing for "
						+ Duration.ofNanos(InFlightReports.this.writeTimeoutNanos).toMillis() + " ms");
			}
		}

		/**
		 * What a client that reads again after its report was abandoned gets where its connection could not be
		 * ended: one line saying the report was cut there, then the end. A plain end would let a cut report pass for a
		 * whole one (the server still ends the response cleanly); an exception would have the container log an error
		 * for a client's own slowness.
		 */
		private int readCutNotice(byte[] buffer, int offset, int length) {
			if (this.cutNotice == null) {
				this.cutNotice = ("\n... report cut here: the client read nothing for "
						+ Duration.ofNanos(InFlightReports.this.writeTimeoutNanos).toMillis()
						+ " ms, the rest was dropped\n").getBytes(StandardCharsets.UTF_8);
			}
			int left = this.cutNotice.length - this.cutNoticeSent;
			if (left <= 0) {
				return -1;
			}
			int count = Math.min(left, length);
			System.arraycopy(this.cutNotice, this.cutNoticeSent, buffer, offset, count);
			this.cutNoticeSent += count;
			return count;
		}

		private boolean done() {
			synchronized (this) {
				if (this.released) {
					return false;
				}
				this.released = true;
			}
			this.delegate = null;
			InFlightReports.this.reports.remove(this);
			InFlightReports.this.release(this.chars);
			return true;
		}

	}

}
