package io.github.stacktrace.render;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.stacktrace.render.FrameRenderCache.Stats;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FrameRenderCache}.
 */
class FrameRenderCacheTests {

	private static final List<StackTraceElement> FRAMES = frames("com.example.Orders", 3);

	private final TestThreads threads = new TestThreads();

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void renderingsOfDifferentModesNeverAnswerEachOther() {
		FrameRenderCache cache = new FrameRenderCache(100, 100_000);
		String disabled = cache.render(FRAMES, 0, 3, DetailMode.DISABLED);
		String fast = cache.render(FRAMES, 0, 3, DetailMode.FAST);
		assertThat(fast).isNotEqualTo(disabled).contains("(Orders.java:11)\n");
		assertThat(disabled).doesNotContain("(", ":").startsWith("com.example.Orders.method0\n");
		assertThat(cache.stats().misses()).isEqualTo(2);
		cache.clear();
		assertThat(cache.stats().size()).isZero();
		assertThat(cache.render(FRAMES, 0, 3, DetailMode.FAST)).isEqualTo(fast);
		assertThat(cache.render(FRAMES, 0, 3, DetailMode.DISABLED)).isEqualTo(disabled);
		assertThat(cache.render(FRAMES, 0, 3, DetailMode.FAST)).isEqualTo(fast);
		assertThat(cache.render(FRAMES, 0, 3, DetailMode.DISABLED)).isEqualTo(disabled);
		assertThat(cache.stats()).isEqualTo(new Stats(2, fast.length() + disabled.length(), 2, 4, 4, 0));
	}

	@Test
	void renderingMatchesTheRendererForEveryMode() {
		List<StackTraceElement> frames = List.of(new StackTraceElement("a.B", "run", "B.java", 7),
				new StackTraceElement("a.B", "poll", null, -2), new StackTraceElement("a.B", "gen", null, -1),
				new StackTraceElement("app", null, "1.0", "a.C", "go", "C.java", 3));
		FrameRenderCache cache = new FrameRenderCache(100, 100_000);
		assertThat(cache.render(frames, 0, 4, DetailMode.FAST))
			.isEqualTo("a.B.run(B.java:7)\na.B.poll(Native Method)\na.B.gen(Unknown Source)\na.C.go(C.java:3)\n");
		assertThat(cache.render(frames, 0, 4, DetailMode.DISABLED)).isEqualTo("a.B.run\na.B.poll\na.B.gen\na.C.go\n");
		assertThat(cache.render(frames, 3, 1, DetailMode.FULL)).isEqualTo("app//a.C.go(C.java:3)\n");
	}

	@Test
	void textAndJsonRenderingsNeverAnswerEachOther() {
		FrameRenderCache cache = new FrameRenderCache(100, 100_000);
		String text = cache.render(FRAMES, 0, 3, DetailMode.FAST);
		String json = cache.renderJson(FRAMES, DetailMode.FAST);
		String jsonDisabled = cache.renderJson(FRAMES, DetailMode.DISABLED);
		assertThat(json).startsWith("[{\"class\":\"com.example.Orders\",\"method\":\"method0\",\"file\":\"Orders.java\"")
			.contains("\"line\":11").endsWith("}]");
		assertThat(jsonDisabled).startsWith("[{\"class\":\"com.example.Orders\",\"method\":\"method0\"}")
			.doesNotContain("file", "line", "native");
		assertThat(cache.stats().misses()).isEqualTo(3);
		assertThat(cache.render(FRAMES, 0, 3, DetailMode.FAST)).isSameAs(text);
		assertThat(cache.renderJson(frames("com.example.Orders", 3), DetailMode.FAST)).isSameAs(json);
		assertThat(cache.renderJson(FRAMES, DetailMode.DISABLED)).isSameAs(jsonDisabled);
		assertThat(cache.stats()).isEqualTo(new Stats(3, text.length() + json.length() + jsonDisabled.length(), 3, 3,
				3, 0));
		assertThat(cache.renderJson(List.of(), DetailMode.FAST)).isEqualTo("[]");
	}

	@Test
	void equalFramesFromDifferentThreadsHit() throws Exception {
		Thread first = this.threads.startParked("cache-first");
		Thread second = this.threads.startParked("cache-second");
		List<StackTraceElement> firstFrames = List.of(first.getStackTrace());
		List<StackTraceElement> secondFrames = List.of(second.getStackTrace());
		assertThat(secondFrames).isEqualTo(firstFrames).isNotSameAs(firstFrames);
		assertThat(secondFrames.get(0)).isNotSameAs(firstFrames.get(0));
		FrameRenderCache cache = new FrameRenderCache(100, 100_000);
		String rendered = cache.render(firstFrames, 0, firstFrames.size(), DetailMode.FAST);
		assertThat(cache.render(secondFrames, 0, secondFrames.size(), DetailMode.FAST)).isSameAs(rendered);
		assertThat(cache.stats().hits()).isEqualTo(1);
		assertThat(cache.stats().misses()).isEqualTo(1);
		assertThat(rendered).contains("io.github.stacktrace.test.TestThreads.parkUntilInterrupted(TestThreads.java:");
	}

	@Test
	void offsetAndSizeSelectABlock() {
		List<StackTraceElement> frames = frames("com.example.Deep", 6);
		FrameRenderCache cache = new FrameRenderCache(100, 100_000);
		String all = cache.render(frames, 0, 6, DetailMode.FAST);
		String middle = cache.render(frames, 2, 3, DetailMode.FAST);
		List<String> lines = all.lines().toList();
		assertThat(middle).isEqualTo(String.join("\n", lines.subList(2, 5)) + "\n");
		assertThat(cache.render(frames, 2, 2, DetailMode.FAST)).isEqualTo(lines.get(2) + "\n" + lines.get(3) + "\n");
		assertThat(cache.render(frames, 5, 1, DetailMode.FAST)).isEqualTo(lines.get(5) + "\n");
		assertThat(cache.stats().misses()).isEqualTo(4);
		// The same block of another, equal stack hits.
		assertThat(cache.render(frames("com.example.Deep", 6), 2, 3, DetailMode.FAST)).isSameAs(middle);
		assertThat(cache.stats().hits()).isEqualTo(1);
		assertThat(cache.render(frames, 6, 0, DetailMode.FAST)).isEmpty();
		assertThatExceptionOfType(IndexOutOfBoundsException.class)
			.isThrownBy(() -> cache.render(frames, 4, 3, DetailMode.FAST));
		assertThatExceptionOfType(IndexOutOfBoundsException.class)
			.isThrownBy(() -> cache.render(frames, -1, 1, DetailMode.FAST));
	}

	@Test
	void entryBoundEvictsTheLeastRecentlyUsed() {
		FrameRenderCache cache = new FrameRenderCache(2, 100_000);
		List<StackTraceElement> a = frames("com.example.A", 2);
		List<StackTraceElement> b = frames("com.example.B", 2);
		List<StackTraceElement> c = frames("com.example.C", 2);
		cache.render(a, 0, 2, DetailMode.FAST);
		cache.render(b, 0, 2, DetailMode.FAST);
		cache.render(a, 0, 2, DetailMode.FAST);
		cache.render(c, 0, 2, DetailMode.FAST);
		Stats stats = cache.stats();
		assertThat(stats.size()).isEqualTo(2);
		assertThat(stats.evictions()).isEqualTo(1);
		assertThat(stats.hits()).isEqualTo(1);
		assertThat(stats.misses()).isEqualTo(3);
		cache.render(a, 0, 2, DetailMode.FAST);
		assertThat(cache.stats().hits()).isEqualTo(2);
		cache.render(b, 0, 2, DetailMode.FAST);
		assertThat(cache.stats().misses()).isEqualTo(4);
		assertThat(cache.stats().evictions()).isEqualTo(2);
	}

	@Test
	void charBoundEvictsTheLeastRecentlyUsed() {
		List<StackTraceElement> a = frames("com.example.A", 2);
		List<StackTraceElement> b = frames("com.example.B", 2);
		List<StackTraceElement> c = frames("com.example.C", 2);
		int length = FrameRenderer.render(a, 0, 2, DetailMode.FAST).length();
		FrameRenderCache cache = new FrameRenderCache(100, 2L * length);
		cache.render(a, 0, 2, DetailMode.FAST);
		cache.render(b, 0, 2, DetailMode.FAST);
		assertThat(cache.stats().chars()).isEqualTo(2L * length);
		cache.render(a, 0, 2, DetailMode.FAST);
		cache.render(c, 0, 2, DetailMode.FAST);
		Stats stats = cache.stats();
		assertThat(stats.size()).isEqualTo(2);
		assertThat(stats.chars()).isEqualTo(2L * length);
		assertThat(stats.evictions()).isEqualTo(1);
		cache.render(a, 0, 2, DetailMode.FAST);
		assertThat(cache.stats().hits()).isEqualTo(2);
		cache.render(b, 0, 2, DetailMode.FAST);
		assertThat(cache.stats().misses()).isEqualTo(4);
	}

	@Test
	void blockLargerThanTheCharBoundIsRenderedButNotKept() {
		FrameRenderCache cache = new FrameRenderCache(100, 10);
		String rendered = cache.render(FRAMES, 0, 3, DetailMode.FAST);
		assertThat(rendered).isEqualTo(FrameRenderer.render(FRAMES, 0, 3, DetailMode.FAST));
		assertThat(cache.render(FRAMES, 0, 3, DetailMode.FAST)).isEqualTo(rendered);
		assertThat(cache.stats()).isEqualTo(new Stats(0, 0, 0, 2, 0, 0));
	}

	@Test
	void zeroEntriesDisablesCaching() {
		FrameRenderCache cache = new FrameRenderCache(0, 100_000);
		assertThat(cache.render(FRAMES, 0, 3, DetailMode.FAST)).isEqualTo(cache.render(FRAMES, 0, 3, DetailMode.FAST));
		assertThat(cache.stats()).isEqualTo(new Stats(0, 0, 0, 2, 0, 0));
	}

	@Test
	void negativeBoundsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FrameRenderCache(-1, 10));
		assertThatIllegalArgumentException().isThrownBy(() -> new FrameRenderCache(10, -1));
	}

	@Test
	void concurrentRendersStayConsistent() throws Exception {
		int workers = 4;
		int rounds = 500;
		FrameRenderCache cache = new FrameRenderCache(16, 100_000);
		List<List<StackTraceElement>> stacks = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			stacks.add(frames("com.example.Pool" + i, 3 + i % 4));
		}
		DetailMode[] modes = { DetailMode.DISABLED, DetailMode.FAST, DetailMode.FULL };
		CyclicBarrier start = new CyclicBarrier(workers);
		CountDownLatch done = new CountDownLatch(workers);
		AtomicInteger wrong = new AtomicInteger();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		for (int w = 0; w < workers; w++) {
			int seed = w;
			this.threads.start("cache-worker-" + w, () -> {
				try {
					start.await(10, TimeUnit.SECONDS);
					for (int i = 0; i < rounds; i++) {
						// Three renders in four use a hot set of 4 blocks, which stays cached; the rest cycle
						// through 72 cold blocks and keep evicting.
						boolean hot = i % 4 != 0;
						List<StackTraceElement> stack = stacks.get(hot ? i % 4 : (i * 7 + seed) % stacks.size());
						DetailMode mode = hot ? DetailMode.FAST : modes[(i + seed) % modes.length];
						int offset = hot ? 0 : (i / 4) % 2;
						String expected = FrameRenderer.render(stack, offset, stack.size() - offset, mode);
						if (!cache.render(stack, offset, stack.size() - offset, mode).equals(expected)) {
							wrong.incrementAndGet();
						}
					}
				}
				catch (Throwable ex) {
					failure.set(ex);
				}
				finally {
					done.countDown();
				}
			});
		}
		assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(failure.get()).isNull();
		assertThat(wrong.get()).isZero();
		Stats stats = cache.stats();
		assertThat(stats.hits() + stats.misses()).isEqualTo((long) workers * rounds);
		assertThat(stats.hits()).isPositive();
		assertThat(stats.evictions()).isPositive();
		assertThat(stats.size()).isLessThanOrEqualTo(16);
		assertThat(stats.puts() - stats.evictions()).isEqualTo(stats.size());
	}

	private static List<StackTraceElement> frames(String className, int count) {
		List<StackTraceElement> frames = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String simpleName = className.substring(className.lastIndexOf('.') + 1);
			frames.add(new StackTraceElement(className, "method" + i, simpleName + ".java", 10 + i + 1));
		}
		return List.copyOf(frames);
	}

}
