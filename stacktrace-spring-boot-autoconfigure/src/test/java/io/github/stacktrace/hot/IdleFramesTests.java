package io.github.stacktrace.hot;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IdleFrames}.
 */
class IdleFramesTests {

	@Test
	void aPoolWorkerWaitingForATaskIsIdleWhateverThePoolsPackage() {
		assertThat(IdleFrames.isIdle(List.of(frame("jdk.internal.misc.Unsafe", "park"),
				frame("org.apache.tomcat.util.threads.ThreadPoolExecutor", "getTask")))).isTrue();
		assertThat(IdleFrames.isIdle(List.of(frame("java.util.concurrent.ThreadPoolExecutor", "getTask")))).isTrue();
	}

	@Test
	void javaTwentyFivesVirtualThreadHousekeepingIsIdle() {
		assertThat(IdleFrames.isIdle(List.of(frame("jdk.internal.misc.Unsafe", "unpark"),
				frame("java.util.concurrent.ForkJoinPool", "signalWork"),
				frame("java.util.concurrent.DelayScheduler", "loop"),
				frame("java.util.concurrent.DelayScheduler", "run")))).isTrue();
		assertThat(IdleFrames.isIdle(List.of(frame("java.lang.VirtualThread", "takeVirtualThreadListToUnblock"),
				frame("java.lang.VirtualThread", "unblockVirtualThreads")))).isTrue();
	}

	@Test
	void aCarrierRunningAVirtualThreadIsNotIdle() {
		assertThat(IdleFrames.isIdle(List.of(frame("jdk.internal.vm.Continuation", "run"),
				frame("java.lang.VirtualThread", "runContinuation"),
				frame("java.util.concurrent.ForkJoinPool", "runWorker")))).isFalse();
	}

	@Test
	void aSnapshotWithoutJavaFramesIsIdleAndApplicationCodeIsNot() {
		assertThat(IdleFrames.isIdle(List.of())).isTrue();
		assertThat(IdleFrames.isIdle(List.of(frame("com.example.Orders", "load"),
				frame("java.lang.Thread", "run")))).isFalse();
	}

	private static StackTraceElement frame(String className, String method) {
		return new StackTraceElement(className, method, null, -1);
	}

}
