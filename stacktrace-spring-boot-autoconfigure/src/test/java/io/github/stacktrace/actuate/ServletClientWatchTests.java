package io.github.stacktrace.actuate;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ServletClientWatch}: when it interrupts the watched thread, and that closing it leaves the thread
 * as it was.
 */
class ServletClientWatchTests {

	private final ServletClientWatch watch = new ServletClientWatch(Duration.ofMillis(5));

	@AfterEach
	void stop() {
		this.watch.close();
		RequestContextHolder.resetRequestAttributes();
		Thread.interrupted();
	}

	@Test
	void clientClosedTwiceInARowInterruptsTheWatchedThreadAndClosingClearsTheInterrupt() throws Exception {
		AtomicBoolean closed = new AtomicBoolean();
		CountDownLatch never = new CountDownLatch(1);
		boolean interrupted = false;
		try (ClientWatch.Watching watching = this.watch.watch(closed::get)) {
			closed.set(true);
			try {
				never.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				interrupted = true;
				// What a capture does when it gives up: it keeps the flag for its caller.
				Thread.currentThread().interrupt();
			}
		}
		assertThat(interrupted).isTrue();
		assertThat(Thread.currentThread().isInterrupted()).as("cleared when the watching is closed").isFalse();
	}

	@Test
	void outsideAServletRequestTheConnectionCanNeitherBeFlushedNorEnded() {
		assertThat(this.watch.currentConnection()).isSameAs(ClientWatch.ClientConnection.NONE);
	}

	@Test
	void aConnectionOutsideTomcatIsFlushedThroughTheResponseAndEndingItDoesNothing() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest(), response));
		ClientWatch.ClientConnection connection = this.watch.currentConnection();
		response.getOutputStream().write(new byte[] { 'x' });
		assertThat(response.isCommitted()).isFalse();
		connection.flush();
		assertThat(response.isCommitted()).isTrue();
		connection.close();
		assertThat(response.getContentAsString()).isEqualTo("x");
	}

	@Test
	void oneClosedReadingBetweenOpenOnesInterruptsNothing() {
		AtomicInteger readings = new AtomicInteger();
		// Bytes of a pipelined request read once look like a closed client once, never twice.
		try (ClientWatch.Watching watching = this.watch.watch(() -> readings.incrementAndGet() == 2)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> readings.get() >= 10);
			assertThat(Thread.currentThread().isInterrupted()).isFalse();
		}
	}

	@Test
	void closingKeepsAnInterruptTheWatchDidNotMake() {
		try (ClientWatch.Watching watching = this.watch.watch(() -> false)) {
			Thread.currentThread().interrupt();
		}
		assertThat(Thread.interrupted()).isTrue();
	}

	@Test
	void aCheckThatFailsEndsTheWatchingWithoutInterrupting() {
		AtomicInteger readings = new AtomicInteger();
		try (ClientWatch.Watching watching = this.watch.watch(() -> {
			readings.incrementAndGet();
			throw new IllegalStateException("no connection");
		})) {
			await().atMost(Duration.ofSeconds(20)).until(() -> readings.get() == 1);
			assertThat(Thread.currentThread().isInterrupted()).isFalse();
		}
		assertThat(readings).hasValue(1);
	}

	@Test
	void requestOfAnotherContainerIsNotWatched() {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
		assertThat(this.watch.watchCurrentRequest()).isSameAs(ClientWatch.NONE.watchCurrentRequest());
	}

	@Test
	void threadServingNoServletRequestIsNotWatched() {
		assertThat(this.watch.watchCurrentRequest()).isSameAs(ClientWatch.NONE.watchCurrentRequest());
	}

}
