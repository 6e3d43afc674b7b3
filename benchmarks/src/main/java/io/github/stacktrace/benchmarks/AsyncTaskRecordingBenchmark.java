package io.github.stacktrace.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.recording.RecordingTaskDecorator;
import io.github.stacktrace.recording.TraceContextSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What recording a Spring executor's task costs it: a trivial task decorated by {@link RecordingTaskDecorator} (as
 * {@code TaskExecutorRecording} wraps an executor's decorator) against the same task undecorated, run on the calling
 * thread (the decoration alone), handed to a pooled platform thread (one slot, reused), and on Java 21+ on a virtual
 * thread of its own (a new slot per task, as {@code @Async} on virtual threads does).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class AsyncTaskRecordingBenchmark {

	private final RequestContextRegistry registry = new RequestContextRegistry();

	private final RecordingTaskDecorator decorator = new RecordingTaskDecorator(this.registry, TraceContextSource.NONE,
			"applicationTaskExecutor", null);

	private ExecutorService pool;

	private Runnable task;

	@Setup
	public void setUp(Blackhole blackhole) {
		this.pool = Executors.newSingleThreadExecutor();
		this.task = () -> blackhole.consume(Thread.currentThread());
	}

	@TearDown
	public void tearDown() {
		this.pool.shutdownNow();
	}

	@Benchmark
	public void callingThreadAlone() {
		this.task.run();
	}

	@Benchmark
	public void callingThreadRecorded() {
		this.decorator.decorate(this.task).run();
	}

	@Benchmark
	public void pooledThreadAlone() throws Exception {
		this.pool.submit(this.task).get();
	}

	@Benchmark
	public void pooledThreadRecorded() throws Exception {
		this.pool.submit(this.decorator.decorate(this.task)).get();
	}

	@Benchmark
	public void virtualThreadAlone() throws Exception {
		BenchmarkSupport.runOnVirtualThread(this.task);
	}

	@Benchmark
	public void virtualThreadRecorded() throws Exception {
		BenchmarkSupport.runOnVirtualThread(this.decorator.decorate(this.task));
	}

}
