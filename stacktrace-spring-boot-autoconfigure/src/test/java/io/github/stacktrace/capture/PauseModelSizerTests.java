package io.github.stacktrace.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToLongFunction;

import io.github.stacktrace.capture.ChunkSizer.Sizing;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PauseModelSizer}, against simulated JVMs whose call costs a fixed part plus a part per thread.
 */
class PauseModelSizerTests {

	private static final long MS = 1_000_000;

	private static final long FIVE_MS = 5 * MS;

	@Test
	void firstChunkBeforeAnyRequestComesFromTheAssumedCostsWithinBounds() {
		// (3.5 ms - 0.5 ms) / 75 us
		assertThat(new PauseModelSizer(FIVE_MS).start().first()).isEqualTo(40);
		assertThat(new PauseModelSizer(MS).start().first()).isEqualTo(PauseModelSizer.MIN_CHUNK);
		assertThat(new PauseModelSizer(Duration.ofMinutes(1).toNanos()).start().first())
			.isEqualTo(PauseModelSizer.MAX_CHUNK);
	}

	@Test
	void chunksSettleWhereFixedPlusPerThreadCostMeetsTheTargetAndNeverExceedIt() {
		PauseModelSizer sizer = new PauseModelSizer(FIVE_MS);
		IntToLongFunction jvm = (threads) -> MS + 50_000L * threads;

		List<Integer> sizes = request(sizer, 2000, jvm);

		// (3.5 ms - 1 ms) / 50 us = 50 threads.
		assertThat(sizes.get(sizes.size() - 2)).isEqualTo(50);
		assertThat(sizes).allSatisfy((size) -> assertThat(jvm.applyAsLong(size)).isLessThanOrEqualTo(sizer.targetNanos()));
		// Never cheaper than the truth, whatever the last (smaller) chunk did to the fit.
		PauseModelSizer.Model model = sizer.learned();
		assertThat(model).isNotNull();
		assertThat(model.fixedNanos()).isBetween(0.0, (double) MS);
		assertThat(model.nanosPerThread()).isGreaterThanOrEqualTo(50_000);
	}

	@Test
	void chunksStayWithinTheMaximumWhenTheCostPerThreadVariesByUpToAThird() {
		PauseModelSizer sizer = new PauseModelSizer(FIVE_MS);
		Random random = new Random(16);
		List<Long> costs = new ArrayList<>();
		// Each call costs 70-100% of the worst case, at random: a cheap one must not make the next one overshoot.
		request(sizer, 20_000, (threads) -> {
			long worst = MS + 50_000L * threads;
			costs.add(worst);
			return (long) (worst * (0.7 + 0.3 * random.nextDouble()));
		});

		assertThat(costs).hasSizeGreaterThan(100).allSatisfy((worst) -> assertThat(worst).isLessThanOrEqualTo(FIVE_MS));
	}

	@Test
	void aSlowChunkShrinksTheNextAtOnceAndACheapOneGrowsItAtMostTwofold() {
		Sizing sizing = new PauseModelSizer(FIVE_MS).start();
		int steady = 0;
		for (int i = 0; i < 8; i++) {
			steady = sizing.next(50, MS + 50 * 50_000L);
		}
		assertThat(steady).isEqualTo(50);

		assertThat(sizing.next(50, 3 * (MS + 50 * 50_000L))).isLessThanOrEqualTo(steady / 3);
		assertThat(new PauseModelSizer(FIVE_MS).start().next(50, 1)).isEqualTo(100);
	}

	@Test
	void aFixedCostAboveTheTargetGivesTheFewestThreads() {
		PauseModelSizer sizer = new PauseModelSizer(FIVE_MS);

		List<Integer> sizes = request(sizer, 500, (threads) -> 8 * MS + 1_000L * threads);

		// After the first (from the assumed costs), up to the last (what is left).
		assertThat(sizes.subList(1, sizes.size() - 1)).isNotEmpty()
			.allSatisfy((size) -> assertThat(size).isEqualTo(PauseModelSizer.MIN_CHUNK));
	}

	@Test
	void theNextRequestStartsAtHalfWhatThePreviousOneLearned() {
		PauseModelSizer sizer = new PauseModelSizer(FIVE_MS);
		request(sizer, 2000, (threads) -> 100_000 + 10_000L * threads);

		// (3.5 ms - 0.1 ms) / 10 us = 340, half of it.
		assertThat(sizer.start().first()).isEqualTo(170);
		assertThat(sizer.fresh().start().first()).isEqualTo(40);
	}

	@Test
	void everySizeIsWithinBoundsAndAtMostTwiceThePrevious() {
		Random random = new Random(17);
		for (int i = 0; i < 2_000; i++) {
			long maxPause = 1 + (long) (random.nextDouble() * Duration.ofMinutes(1).toNanos());
			Sizing sizing = new PauseModelSizer(maxPause).start();
			int last = sizing.first();
			assertThat(last).isBetween(PauseModelSizer.MIN_CHUNK, PauseModelSizer.MAX_CHUNK);
			for (int chunk = 0; chunk < 6; chunk++) {
				long nanos = random.nextBoolean() ? random.nextInt(1000) : random.nextLong() & Long.MAX_VALUE;
				int next = sizing.next(last, nanos);
				assertThat(next).isBetween(PauseModelSizer.MIN_CHUNK, PauseModelSizer.MAX_CHUNK)
					.isLessThanOrEqualTo(Math.max(PauseModelSizer.MIN_CHUNK, last * PauseModelSizer.MAX_GROWTH));
				last = next;
			}
		}
	}

	/** Sizes the chunks of one request over {@code threads} threads, as the bulk capture does. */
	private static List<Integer> request(PauseModelSizer sizer, int threads, IntToLongFunction jvm) {
		List<Integer> sizes = new ArrayList<>();
		Sizing sizing = sizer.start();
		int size = sizing.first();
		int taken = 0;
		while (taken < threads) {
			int chunk = Math.min(size, threads - taken);
			sizes.add(chunk);
			taken += chunk;
			size = sizing.next(chunk, jvm.applyAsLong(chunk));
		}
		return sizes;
	}

}
