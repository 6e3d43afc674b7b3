package io.github.stacktrace.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;

/**
 * The application the end-to-end benchmarks start: the starter, Boot's {@code threaddump}, no security, a fixed pool
 * of {@code bench.pool-threads} workers parked about 40 frames deep, {@code bench.live-heap} of live data (e.g.
 * {@code 2GB}; none by default) and the benchmark-only endpoints of {@link BenchmarkController}. The pool and the live
 * data are in place before the web server starts, so the application answers only once every worker is parked.
 */
@SpringBootApplication
public class BenchmarkApplication {

	@Bean(destroyMethod = "close")
	ParkedThreads parkedWorkers(@Value("${bench.pool-threads:2000}") int poolThreads) throws InterruptedException {
		AtomicInteger counter = new AtomicInteger();
		ThreadFactory factory = (task) -> {
			Thread thread = new Thread(task, "bench-worker-" + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		ExecutorService pool = Executors.newFixedThreadPool(poolThreads, factory);
		return ParkedThreads.submit(pool, poolThreads, ParkedThreads.DEFAULT_RECURSION - 4);
	}

	@Bean
	LiveHeap liveHeap(@Value("${bench.live-heap:0B}") DataSize size) {
		return LiveHeap.allocate(size.toBytes());
	}

	public static void main(String[] args) {
		SpringApplication.run(BenchmarkApplication.class, args);
	}

}
