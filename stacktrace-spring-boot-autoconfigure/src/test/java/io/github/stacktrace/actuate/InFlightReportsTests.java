package io.github.stacktrace.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.stacktrace.render.ReportText;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link InFlightReports}, on a clock the test moves.
 */
class InFlightReportsTests {

	private final AtomicLong now = new AtomicLong();

	private final InFlightReports reports = new InFlightReports(2, 10_000, Duration.ofSeconds(1), this.now::get);

	@Test
	void reportsBeyondTheCountAreRefusedUntilOneEnds() throws IOException {
		InputStream first = this.reports.reserve().stream(text(100));
		InFlightReports.Reservation second = this.reports.reserve();
		assertThatExceptionOfType(ReportsInFlightException.class).isThrownBy(this.reports::reserve)
			.withMessage("too many stack trace reports are being sent (2 of 2): retry later");
		first.readAllBytes();
		assertThat(this.reports.count()).isEqualTo(1);
		second.release();
		second.release();
		assertThat(this.reports.count()).isZero();
		assertThat(this.reports.chars()).isZero();
	}

	@Test
	void aReportThatWouldPassTheSizeBoundIsRefusedAndGivesItsPlaceBack() {
		this.reports.reserve().stream(text(9_000));
		InFlightReports.Reservation place = this.reports.reserve();
		assertThatExceptionOfType(ReportsInFlightException.class).isThrownBy(() -> place.stream(text(2_000)))
			.withMessageStartingWith("stack trace reports being sent would hold too much memory");
		assertThat(this.reports.count()).isEqualTo(1);
		assertThat(this.reports.chars()).isGreaterThanOrEqualTo(9_000);
	}

	@Test
	void aReportLargerThanTheBoundIsStillSentAlone() throws IOException {
		InputStream alone = this.reports.reserve().stream(text(50_000));
		assertThat(alone.readAllBytes()).hasSizeGreaterThanOrEqualTo(50_000);
		assertThat(this.reports.chars()).isZero();
	}

	@Test
	void aStalledClientIsCutOffAfterTheWriteTimeoutAndItsMemoryReleased() throws IOException {
		InputStream stalled = this.reports.reserve().stream(text(5_000));
		InputStream reading = this.reports.reserve().stream(text(100));
		assertThat(stalled.read(new byte[100])).isEqualTo(100);
		this.now.addAndGet(Duration.ofMillis(900).toNanos());
		assertThat(reading.read(new byte[10])).isEqualTo(10);
		this.now.addAndGet(Duration.ofMillis(200).toNanos());
		this.reports.sweep();
		assertThat(this.reports.count()).isEqualTo(1);
		assertThat(this.reports.chars()).isLessThan(5_000);
		// A client that reads again gets one line saying the report was cut there, then the end: never a cut report
		// that passes for a whole one, and no exception for the container to log.
		assertThat(new String(stalled.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
			.isEqualTo("\n... report cut here: the client read nothing for 1000 ms, the rest was dropped\n");
		assertThat(stalled.read(new byte[100])).isEqualTo(-1);
		reading.close();
		assertThat(this.reports.count()).isZero();
		assertThat(this.reports.chars()).isZero();
	}

	@Test
	void anAbandonedReportEndsItsConnectionOnceAndAReadingOneKeepsItsOwn() throws IOException {
		CountingConnection stalled = new CountingConnection();
		CountingConnection reading = new CountingConnection();
		this.reports.reserve().stream(text(5_000), stalled);
		InputStream read = this.reports.reserve().stream(text(100), reading);
		this.now.addAndGet(Duration.ofMillis(900).toNanos());
		assertThat(read.read(new byte[10])).isEqualTo(10);
		this.now.addAndGet(Duration.ofMillis(200).toNanos());
		this.reports.sweep();
		this.reports.sweep();
		assertThat(stalled.closed).hasValue(1);
		assertThat(reading.closed).hasValue(0);
		assertThat(this.reports.count()).isEqualTo(1);
	}

	@Test
	void aReportReadToItsEndOrClosedNeverEndsItsConnection() throws IOException {
		CountingConnection connection = new CountingConnection();
		this.reports.reserve().stream(text(100), connection).readAllBytes();
		this.reports.reserve().stream(text(100), connection).close();
		this.now.addAndGet(Duration.ofSeconds(2).toNanos());
		this.reports.sweep();
		assertThat(connection.closed).hasValue(0);
	}

	@Test
	void theEndOfAReportIsFlushedWhileItStillHoldsItsPlace() throws IOException {
		AtomicInteger placesWhileFlushing = new AtomicInteger(-1);
		CountingConnection connection = new CountingConnection(() -> placesWhileFlushing.set(this.reports.count()));
		InputStream stream = this.reports.reserve().stream(text(100), connection);
		stream.readAllBytes();
		assertThat(connection.flushed).hasValue(1);
		assertThat(placesWhileFlushing).hasValue(1);
		assertThat(this.reports.count()).isZero();
	}

	@Test
	void aClientThatStopsReadingBeforeTheEndIsFlushedIsAbandonedAndItsConnectionEnded() {
		CountingConnection connection = new CountingConnection(() -> {
			// The flush blocks until the sweeper, a write timeout later, ends the connection; then it fails.
			this.now.addAndGet(Duration.ofSeconds(2).toNanos());
			this.reports.sweep();
			throw new IOException("connection closed");
		});
		InputStream stream = this.reports.reserve().stream(text(100), connection);
		assertThatExceptionOfType(IOException.class).isThrownBy(stream::readAllBytes)
			.withMessage("connection closed");
		assertThat(connection.closed).hasValue(1);
		assertThat(this.reports.count()).isZero();
		assertThat(this.reports.chars()).isZero();
	}

	@Test
	void aConnectionThatCannotBeEndedStillLetsTheReportBeAbandoned() {
		this.reports.reserve().stream(text(100), new CountingConnection() {

			@Override
			public void close() {
				throw new IllegalStateException("no connection");
			}

		});
		this.now.addAndGet(Duration.ofSeconds(2).toNanos());
		this.reports.sweep();
		assertThat(this.reports.count()).isZero();
		assertThat(this.reports.chars()).isZero();
	}

	@Test
	void aNewRequestSweepsStalledReportsFirst() {
		this.reports.reserve().stream(text(100));
		this.reports.reserve().stream(text(100));
		this.now.addAndGet(Duration.ofSeconds(2).toNanos());
		InFlightReports.Reservation place = this.reports.reserve();
		assertThat(this.reports.count()).isEqualTo(1);
		place.release();
	}

	@Test
	void closingTheStreamEarlyReleasesItsPlace() throws IOException {
		InputStream stream = this.reports.reserve().stream(text(1_000));
		stream.close();
		stream.close();
		assertThat(this.reports.count()).isZero();
		assertThat(this.reports.chars()).isZero();
	}

	private static ReportText text(int chars) {
		return ReportText.of("x".repeat(chars));
	}

	@FunctionalInterface
	private interface Flush {

		void run() throws IOException;

	}

	private static class CountingConnection implements ClientWatch.ClientConnection {

		final AtomicInteger flushed = new AtomicInteger();

		final AtomicInteger closed = new AtomicInteger();

		private final Flush flush;

		CountingConnection() {
			this(() -> {
			});
		}

		CountingConnection(Flush flush) {
			this.flush = flush;
		}

		@Override
		public void flush() throws IOException {
			this.flushed.incrementAndGet();
			this.flush.run();
		}

		@Override
		public void close() {
			this.closed.incrementAndGet();
		}

	}

}
