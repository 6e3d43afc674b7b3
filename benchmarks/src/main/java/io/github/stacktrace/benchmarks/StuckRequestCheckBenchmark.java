package io.github.stacktrace.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.stuck.RouteThresholds;
import io.github.stacktrace.stuck.StuckRequestChecker;
import io.github.stacktrace.stuck.StuckRequestListener;
import io.github.stacktrace.stuck.StuckRequestSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one check of the stuck-request checker costs with 100, 1,000 or 10,000 requests in flight, none of them past
 * the default threshold of a minute: the steady state, which the checker's thread pays once a second. Each request is
 * a parked platform thread that recorded a request with a route in the registry, as the servlet filter does.
 * {@code % of a core} is the check's time divided by the default period (1 s).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class StuckRequestCheckBenchmark {

	@Param({ "100", "1000", "10000" })
	public int inFlight;

	private final RequestContextRegistry registry = new RequestContextRegistry();

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<Thread> threads = new ArrayList<>();

	private StuckRequestChecker checker;

	@Setup(Level.Trial)
	public void setUp() throws InterruptedException {
		CountDownLatch begun = new CountDownLatch(this.inFlight);
		long started = System.nanoTime();
		for (int i = 0; i < this.inFlight; i++) {
			Thread thread = new Thread(null, () -> {
				this.registry.slot().begin("GET", started, "/orders/{id}", null);
				begun.countDown();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				this.registry.slot().end();
			}, "in-flight-" + i, 64 * 1024);
			thread.setDaemon(true);
			thread.start();
			this.threads.add(thread);
		}
		begun.await();
		RouteThresholds thresholds = new RouteThresholds(Duration.ofSeconds(60),
				List.of("/actuator/stacktrace", "/actuator/stacktrace/**"), Map.of("/downloads/**", Duration.ofMinutes(10)));
		this.checker = new StuckRequestChecker(this.registry,
				new StuckRequestSettings(thresholds, 10, 64, 10, 20, 256 * 1024), new StuckRequestListener() {
				}, Clock.systemUTC(), System.nanoTime());
	}

	@TearDown(Level.Trial)
	public void tearDown() throws InterruptedException {
		this.release.countDown();
		for (Thread thread : this.threads) {
			thread.join();
		}
	}

	@Benchmark
	public int check() {
		this.checker.check(System.nanoTime());
		return this.checker.stuckCount();
	}

}
