package io.github.stacktrace.capture;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.TextReportRenderer;
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.CaptureSummary;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link BlockingCallDetector}, alone and through captures of threads blocked in real reads.
 */
class BlockingCallDetectorTests {

	private static final int NOTHING_READ = Integer.MIN_VALUE;

	private final TestThreads threads = new TestThreads();

	private final StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
			CaptureListener.NONE);

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void blockingSyscallNamesTheCallOfARunnableThreadInAKnownNativeMethod() {
		assertThat(BlockingCallDetector.blockingSyscall(Thread.State.RUNNABLE,
				List.of(nativeFrame("sun.nio.ch.SocketDispatcher", "read0"), javaFrame())))
			.isEqualTo("read");
		assertThat(BlockingCallDetector.blockingSyscall(Thread.State.RUNNABLE,
				List.of(nativeFrame("sun.nio.ch.Net", "poll"))))
			.isEqualTo("poll");
		assertThat(BlockingCallDetector.blockingSyscall(Thread.State.RUNNABLE,
				List.of(nativeFrame("sun.nio.ch.Net", "accept"))))
			.isEqualTo("accept");
	}

	@Test
	void blockingSyscallIsNullOtherwise() {
		List<StackTraceElement> read = List.of(nativeFrame("sun.nio.ch.SocketDispatcher", "read0"));
		assertThat(BlockingCallDetector.blockingSyscall(Thread.State.WAITING, read)).isNull();
		assertThat(BlockingCallDetector.blockingSyscall(null, read)).isNull();
		assertThat(BlockingCallDetector.blockingSyscall(Thread.State.RUNNABLE, List.of())).isNull();
		assertThat(BlockingCallDetector.blockingSyscall(Thread.State.RUNNABLE,
				List.of(new StackTraceElement("sun.nio.ch.SocketDispatcher", "read0", "SocketDispatcher.java", 1))))
			.isNull();
		assertThat(BlockingCallDetector.blockingSyscall(Thread.State.RUNNABLE,
				List.of(nativeFrame("java.lang.Object", "hashCode"))))
			.isNull();
	}

	@ParameterizedTest
	@EnumSource(DetailMode.class)
	void threadsBlockedInReadsAreCapturedAndStayBlocked(DetailMode mode) throws Exception {
		BlockedReaders readers = startBlockedReaders();
		StackTraceReport report = this.service.capture(request(mode, readers, false));
		assertThat(report.threads()).hasSize(2).allSatisfy((capture) -> {
			assertThat(capture.status()).isEqualTo(CaptureStatus.OK);
			assertThat(capture.state()).isEqualTo(Thread.State.RUNNABLE);
			assertThat(capture.syscall()).isNull();
			assertThat(capture.frames().get(0).isNativeMethod()).isTrue();
			assertThat(capture.frames().get(0).getMethodName()).isEqualTo("read0");
		});
		readers.assertStillBlockedThenReadOneByte();
	}

	@ParameterizedTest
	@EnumSource(DetailMode.class)
	void threadsBlockedInReadsAreSkippedWhenAskedAndStayBlocked(DetailMode mode) throws Exception {
		BlockedReaders readers = startBlockedReaders();
		StackTraceReport report = this.service.capture(request(mode, readers, true));
		// Java 17 reads a pipe in FileDispatcherImpl.read0, Java 25 in SocketDispatcher.read0; a socket in
		// SocketDispatcher.read0 on both: all of them are read(2), never poll, for a blocking channel.
		assertThat(report.threads()).hasSize(2).allSatisfy((capture) -> {
			assertThat(capture.status()).isEqualTo(CaptureStatus.SKIPPED_BLOCKING_SYSCALL);
			assertThat(capture.syscall()).isEqualTo("read");
			assertThat(capture.state()).isEqualTo(Thread.State.RUNNABLE);
			assertThat(capture.frames()).isEmpty();
		});
		assertThat(report.summary()).isEqualTo(new CaptureSummary(0, 2, 0, 0, 0));
		String text = new TextReportRenderer(new FrameRenderCache(10, 10_000)).render(report, false).toString();
		assertThat(text).contains("skip_blocking_syscalls: true\n",
				"----- thread " + TestThreads.id(readers.pipeReader)
						+ " (pipe-reader) status=skipped_blocking_syscall state=RUNNABLE syscall=read -----\n"
						+ "<no stack captured>\n\n");
		readers.assertStillBlockedThenReadOneByte();
	}

	@Test
	void parkedThreadIsCapturedEvenWhenSkippingBlockingCalls() throws Exception {
		Thread parked = this.threads.startParked("parked-not-skipped");
		StackTraceReport report = this.service.capture(new StackTraceRequest(List.of(TestThreads.id(parked)),
				DetailMode.FAST, Duration.ofSeconds(5), true));
		assertThat(report.threads().get(0).status()).isEqualTo(CaptureStatus.OK);
	}

	private StackTraceRequest request(DetailMode mode, BlockedReaders readers, boolean skip) {
		return new StackTraceRequest(
				List.of(TestThreads.id(readers.pipeReader), TestThreads.id(readers.socketReader)), mode,
				Duration.ofSeconds(5), skip);
	}

	private BlockedReaders startBlockedReaders() throws Exception {
		Pipe pipe = Pipe.open();
		this.threads.closeOnStop(pipe.sink());
		this.threads.closeOnStop(pipe.source());
		ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.threads.closeOnStop(server);
		Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
		this.threads.closeOnStop(client);
		Socket accepted = server.accept();
		this.threads.closeOnStop(accepted);
		InputStream input = accepted.getInputStream();

		BlockedReaders readers = new BlockedReaders(pipe, client);
		readers.pipeReader = this.threads.start("pipe-reader", () -> readers.pipeResult.set(readPipe(pipe)));
		readers.socketReader = this.threads.start("socket-reader",
				() -> readers.socketResult.set(readSocket(input)));
		awaitBlockedInNativeCode(readers.pipeReader);
		awaitBlockedInNativeCode(readers.socketReader);
		return readers;
	}

	private static int readPipe(Pipe pipe) {
		ByteBuffer buffer = ByteBuffer.allocate(16);
		try {
			int count = pipe.source().read(buffer);
			return (count == 1) ? buffer.get(0) : -1000 - count;
		}
		catch (Exception ex) {
			return -2000;
		}
	}

	private static int readSocket(InputStream input) {
		try {
			return input.read();
		}
		catch (Exception ex) {
			return -2000;
		}
	}

	private static void awaitBlockedInNativeCode(Thread thread) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
			StackTraceElement[] stack = thread.getStackTrace();
			return thread.getState() == Thread.State.RUNNABLE && stack.length > 0 && stack[0].isNativeMethod()
					&& stack[0].getMethodName().equals("read0");
		});
	}

	private static StackTraceElement nativeFrame(String className, String method) {
		return new StackTraceElement(className, method, null, -2);
	}

	private static StackTraceElement javaFrame() {
		return new StackTraceElement("com.example.Reader", "read", "Reader.java", 12);
	}

	private static final class BlockedReaders {

		private final Pipe pipe;

		private final Socket client;

		private final AtomicInteger pipeResult = new AtomicInteger(NOTHING_READ);

		private final AtomicInteger socketResult = new AtomicInteger(NOTHING_READ);

		private Thread pipeReader;

		private Thread socketReader;

		BlockedReaders(Pipe pipe, Socket client) {
			this.pipe = pipe;
			this.client = client;
		}

		void assertStillBlockedThenReadOneByte() throws Exception {
			for (Thread reader : List.of(this.pipeReader, this.socketReader)) {
				assertThat(reader.isAlive()).isTrue();
				assertThat(reader.isInterrupted()).isFalse();
				assertThat(reader.getState()).isEqualTo(Thread.State.RUNNABLE);
				assertThat(reader.getStackTrace()[0].getMethodName()).isEqualTo("read0");
			}
			assertThat(this.pipeResult.get()).isEqualTo(NOTHING_READ);
			assertThat(this.socketResult.get()).isEqualTo(NOTHING_READ);
			this.pipe.sink().write(ByteBuffer.wrap(new byte[] { 42 }));
			this.client.getOutputStream().write(43);
			this.client.getOutputStream().flush();
			this.pipeReader.join(10_000);
			this.socketReader.join(10_000);
			assertThat(this.pipeResult.get()).isEqualTo(42);
			assertThat(this.socketResult.get()).isEqualTo(43);
		}

	}

}
