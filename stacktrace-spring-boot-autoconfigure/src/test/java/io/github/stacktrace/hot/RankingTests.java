package io.github.stacktrace.hot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import io.github.stacktrace.hot.HotThreadsSampler.Candidate;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Ranking}: the candidates are the head of the full ranking, and every ranked thread counts in the
 * totals.
 */
class RankingTests {

	@Test
	void leadingValuesAreTheHeadOfTheFullSortWithEqualOnesById() {
		Random random = new Random(13);
		long[] values = new long[2_000];
		long[] ids = new long[values.length];
		for (int i = 0; i < values.length; i++) {
			// Few distinct values, many ties; ids in no order; some threads not ranked.
			values[i] = (random.nextInt(10) == 0) ? -1 : random.nextInt(8);
			ids[i] = random.nextInt(1_000_000);
		}
		List<Integer> sorted = new ArrayList<>(IntStream.range(0, values.length).filter((i) -> values[i] >= 0).boxed()
			.toList());
		sorted.sort(Comparator.<Integer>comparingLong((i) -> -values[i]).thenComparingLong((i) -> ids[i]));
		assertThat(Ranking.top(values, ids, 67)).containsExactly(toArray(sorted.subList(0, 67)));
		assertThat(Ranking.top(values, ids, values.length)).containsExactly(toArray(sorted));
	}

	@Test
	void threadsAreRankedByTheirDifferenceWhateverTheirOrderAndStartedOnesFromZero() {
		Thread[] end = threads("a", "b", "c", "d");
		long[] endIds = ids(end);
		// "a" and "b" swapped places, "c" started during the window, one thread ended; "d" ended just before the end.
		long[] startIds = { endIds[1], endIds[0], 999_999 };
		Ranking.JavaReadings java = new Ranking.JavaReadings(startIds, new long[] { 100, 10, 5 }, end, endIds,
				new long[] { 40, 130, 20, -1 });
		NativeTasks.Task gc = new NativeTasks.Task(7, "GC Thread#0", 30);
		Ranking ranking = Ranking.of(java, List.of(gc), ThreadFilter.NONE, 2);
		// a: 40 - 10 = 30, b: 130 - 100 = 30, c: 20; the JVM-internal thread, id -1, first of the equal ones.
		assertThat(ranking.candidates()).extracting(Candidate::name).containsExactly("GC Thread#0", "a", "b");
		assertThat(ranking.candidates()).extracting(Candidate::value).containsExactly(30L, 30L, 30L);
		assertThat(ranking.measured()).isEqualTo(4);
		assertThat(ranking.total()).isEqualTo(110);
		Ranking named = Ranking.of(java, List.of(gc), new ThreadFilter(Set.of(), "c"), 2);
		assertThat(named.candidates()).extracting(Candidate::name).containsExactly("c");
		assertThat(named.measured()).isEqualTo(1);
		assertThat(named.total()).isEqualTo(20);
	}

	private static int[] toArray(List<Integer> indexes) {
		return indexes.stream().mapToInt(Integer::intValue).toArray();
	}

	private static Thread[] threads(String... names) {
		Thread[] threads = new Thread[names.length];
		for (int i = 0; i < names.length; i++) {
			threads[i] = new Thread(() -> {
			}, names[i]);
		}
		return threads;
	}

	private static long[] ids(Thread[] threads) {
		long[] ids = new long[threads.length];
		for (int i = 0; i < threads.length; i++) {
			ids[i] = TestThreads.id(threads[i]);
		}
		return ids;
	}

}
