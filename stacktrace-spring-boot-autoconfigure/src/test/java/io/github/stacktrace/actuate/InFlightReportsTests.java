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
		AtomicInteger stalledClosed = new AtomicInteger();
		AtomicInteger readingClosed = new AtomicInteger();
		this.reports.reserve().stream(text(5_000), stalledClosed::incrementAndGet);
		InputStream reading = this.reports.reserve().stream(text(100), readingClosed::incrementAndGet);
		this.now.addAndGet(Duration.ofMillis(900).toNanos());
		assertThat(reading.read(new byte[10])).isEqualTo(10);
		this.now.addAndGet(Duration.ofMillis(200).toNanos());
		this.reports.sweep();
		this.reports.sweep();
		assertThat(stalledClosed).hasValue(1);
		assertThat(readingClosed).hasValue(0);
		assertThat(this.reports.count()).isEqualTo(1);
	}

	@Test
	void aReportReadToItsEndOrClosedNeverEndsItsConnection() throws IOException {
		AtomicInteger closed = new AtomicInteger();
		this.reports.reserve().stream(text(100), closed::incrementAndGet).readAllBytes();
		this.reports.reserve().stream(text(100), closed::incrementAndGet).close();
		this.now.addAndGet(Duration.ofSeconds(2).toNanos());
		this.reports.sweep();
		assertThat(closed).hasValue(0);
	}

	@Test
	void aConnectionThatCannotBeEndedStillLetsTheReportBeAbandoned() {
		this.reports.reserve().stream(text(100), () -> {
			throw new IllegalStateException("no connection");
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

}
