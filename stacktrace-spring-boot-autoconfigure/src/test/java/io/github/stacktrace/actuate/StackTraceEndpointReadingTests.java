package io.github.stacktrace.actuate;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reading aids over real HTTP: grouping, folded stacks, JSON, state and name filters, deadlock detection.
 */
@SharedStackTraceContext
@TestInstance(Lifecycle.PER_CLASS)
class StackTraceEndpointReadingTests {

	private static final int POOL_SIZE = 200;

	private final HttpTestClient http;

	private final TestThreads threads = new TestThreads();

	private final List<Thread> started = new ArrayList<>();

	private Thread deadlockedA;

	private Thread deadlockedB;

	StackTraceEndpointReadingTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port).withBasePath("/actuator/stacktrace");
	}

	@BeforeAll
	void startThreads() throws InterruptedException {
		CountDownLatch ready = new CountDownLatch(POOL_SIZE);
		for (int i = 0; i < POOL_SIZE; i++) {
			start("pool-worker-" + i, () -> TestThreads.parkUntilInterrupted(ready));
		}
		assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
		ReentrantLock first = new ReentrantLock();
		ReentrantLock second = new ReentrantLock();
		CountDownLatch bothHoldOne = new CountDownLatch(2);
		this.deadlockedA = start("deadlock-a", () -> lockBoth(first, second, bothHoldOne));
		this.deadlockedB = start("deadlock-b", () -> lockBoth(second, first, bothHoldOne));
		await().atMost(30, TimeUnit.SECONDS)
			.until(() -> this.deadlockedA.getState() == Thread.State.WAITING
					&& this.deadlockedB.getState() == Thread.State.WAITING);
		await().atMost(30, TimeUnit.SECONDS)
			.until(() -> this.started.stream().allMatch((thread) -> thread.getState() == Thread.State.WAITING));
	}

	@AfterAll
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void groupFoldsAPoolIntoOneSectionAtLeastTenTimesSmaller() throws Exception {
		String grouped = get("?name=pool-worker-*&group=true");
		String ungrouped = get("?name=pool-worker-*");
		assertThat(grouped).contains("thread_count: " + POOL_SIZE + "\n")
			.containsPattern("----- " + POOL_SIZE + " threads status=ok state=WAITING frames=\\d+ -----\nthreads: \\d+ \\(pool-worker-0\\), ")
			.contains("\u2026 and " + (POOL_SIZE - 16) + " more\n");
		assertThat(sectionLines(grouped)).hasSize(1);
		assertThat(sectionLines(ungrouped)).hasSize(POOL_SIZE);
		assertThat(grouped.length() * 10).isLessThan(ungrouped.length());
		assertThat(grouped).endsWith("summary: captured=" + POOL_SIZE + " skipped=0 timed_out=0 exited=0 errors=0 virtual=0\n");
	}

	@Test
	void groupKeepsDifferentStacksApartAndPutsLargestGroupsFirst() throws Exception {
		String grouped = get("?name=*-*&group=true&mode=disabled");
		List<String> sections = sectionLines(grouped);
		assertThat(sections.get(0)).startsWith("----- " + POOL_SIZE + " threads status=ok");
		assertThat(sections).anyMatch((line) -> line.startsWith("----- thread " + this.deadlockedA.getId() + " (deadlock-a)")
				|| line.startsWith("----- 2 threads status=ok state=WAITING"));
	}

	@Test
	void jstackShowsEveryThreadAndTheDeadlockAsJstackDoes() throws Exception {
		String jstack = get("?name=deadlock-*&format=jstack&mode=full");
		assertThat(jstack).startsWith("20").contains("\nFull thread dump ");
		assertThat(jstack.lines().filter((line) -> line.startsWith("\"deadlock-") && line.contains(" prio=")))
			.hasSize(2);
		assertThat(jstack).containsPattern("\n\"deadlock-a\" #" + this.deadlockedA.getId()
				+ " (daemon )?prio=\\d+ tid=0x[0-9a-f]{16} nid=0x0 waiting on condition  \\[0x0{16}\\]\n"
				+ "   java.lang.Thread.State: WAITING \\(parking\\)\n\tat ")
			.containsPattern("\n\t- parking to wait for  <0x[0-9a-f]{16}> \\(a java.util.concurrent.locks.ReentrantLock\\$NonfairSync\\)\n")
			.contains("\n   Locked ownable synchronizers:\n\t- None\n")
			.contains("\nFound one Java-level deadlock:\n=============================\n")
			.contains("  waiting for ownable synchronizer ")
			.contains("\nFound 1 deadlock.\n")
			.endsWith("// summary: captured=2 skipped=0 timed_out=0 exited=0 errors=0 virtual=0\n");
	}

	@Test
	void groupedJsonListsGroupsInTheSameOrder() throws Exception {
		String json = get("?name=pool-worker-*&group=true&format=json");
		List<Integer> counts = JsonPath.read(json, "$.groups[*].count");
		List<Object> threads = JsonPath.read(json, "$.groups[0].threads");
		assertThat(counts).containsExactly(POOL_SIZE);
		assertThat(threads).hasSize(POOL_SIZE);
		assertThat((Integer) JsonPath.read(json, "$.summary.captured")).isEqualTo(POOL_SIZE);
	}

	@Test
	void foldedCountsSumToCapturedThreadsAndAPoolIsOneLine() throws Exception {
		String folded = get("?name=pool-worker-*&format=folded");
		assertThat(folded.lines()).hasSize(1).allMatch((line) -> line.endsWith(" " + POOL_SIZE));
		assertThat(folded).startsWith("java.lang.Thread.run(");
		String all = get("?format=folded");
		String text = get("?mode=fast");
		int foldedTotal = all.lines().mapToInt((line) -> Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1))).sum();
		int withFrames = (int) text.lines()
			.filter((line) -> line.startsWith("----- thread ") && !line.contains(" frames=0 ") && line.contains(" frames="))
			.count();
		assertThat(all.lines()).allMatch((line) -> line.matches("[^ \\n]+ \\d+"));
		assertThat(foldedTotal).isBetween(withFrames - 3, withFrames + 3);
	}

	@Test
	void stateFilterKeepsOnlyThatStateAndCountsFilteredThreads() throws Exception {
		String waiting = get("?state=waiting,Timed_Waiting&mode=disabled");
		assertThat(sectionLines(waiting)).isNotEmpty()
			.allMatch((line) -> line.contains(" state=WAITING ") || line.contains(" state=TIMED_WAITING "));
		Matcher count = Pattern.compile("thread_count: (\\d+)").matcher(waiting);
		assertThat(count.find()).isTrue();
		assertThat(sectionLines(waiting)).hasSize(Integer.parseInt(count.group(1)));
		assertThat(waiting).contains("filter: state=TIMED_WAITING,WAITING\n");
	}

	@Test
	void nameGlobMatchesTheWholeNameAndIntersectsWithIds() throws Exception {
		assertThat(sectionLines(get("?name=pool-worker-1?"))).hasSize(10);
		assertThat(sectionLines(get("?name=pool-worker"))).isEmpty();
		String intersection = get("?thread_id=" + this.deadlockedA.getId() + "," + this.started.get(0).getId()
				+ ",99999999&name=deadlock-*");
		assertThat(sectionLines(intersection)).singleElement()
			.satisfies((line) -> assertThat(line).startsWith("----- thread " + this.deadlockedA.getId() + " (deadlock-a)"));
	}

	@Test
	void fullModeNamesTheDeadlockCycleAndItsLocks() throws Exception {
		String full = get("?mode=full&name=deadlock-*");
		long a = this.deadlockedA.getId();
		long b = this.deadlockedB.getId();
		assertThat(full).contains("deadlocks: [" + Math.min(a, b) + ", " + Math.max(a, b) + "]\n");
		assertThat(full).contains("----- thread " + a + " (deadlock-a) status=ok state=WAITING frames=")
			.contains("deadlocked=true")
			.containsPattern("  - parking to wait for <0x[0-9a-f]+> \\(a java.util.concurrent.locks.ReentrantLock\\$NonfairSync\\) owned by \"deadlock-b\" id=" + b);
		String json = get("?mode=full&name=deadlock-*&format=json");
		List<List<Integer>> cycles = JsonPath.read(json, "$.deadlocks");
		assertThat(cycles).hasSize(1);
		assertThat(cycles.get(0)).containsExactlyInAnyOrder((int) a, (int) b);
		assertThat(get("?mode=fast&name=deadlock-*")).doesNotContain("deadlocks:");
	}

	@Test
	void badReadingParametersAreRejected() throws Exception {
		assertBadRequest("?state=sleeping",
				"invalid state: sleeping, expected one of NEW, RUNNABLE, BLOCKED, WAITING, TIMED_WAITING, TERMINATED\n");
		assertBadRequest("?state=waiting,", "invalid state: empty token\n");
		assertBadRequest("?group=maybe", "invalid group: maybe, expected one of true, false, 1, 0\n");
		HttpResponse<String> longName = send("?name=" + "*a".repeat(200));
		assertThat(longName.statusCode()).isEqualTo(400);
		assertThat(longName.body()).startsWith("invalid name: ").endsWith(", longer than 256 chars\n");
		assertThat(longName.body().length()).isLessThan(200);
	}

	@Test
	void pathologicalGlobAnswersQuickly() throws Exception {
		String glob = URLEncoder.encode("*a*a*a*a*a*a*a*a*a*a*a*a*b", StandardCharsets.UTF_8);
		HttpResponse<String> response = send("?name=" + glob);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("thread_count: 0\n");
	}

	private void assertBadRequest(String query, String message) throws Exception {
		HttpResponse<String> response = send(query);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo(message);
	}

	private static List<String> sectionLines(String body) {
		return body.lines().filter((line) -> line.startsWith("----- ")).toList();
	}

	private Thread start(String name, Runnable task) {
		Thread thread = this.threads.start(name, task);
		this.started.add(thread);
		return thread;
	}

	private static void lockBoth(ReentrantLock mine, ReentrantLock theirs, CountDownLatch bothHoldOne) {
		try {
			mine.lockInterruptibly();
			try {
				bothHoldOne.countDown();
				bothHoldOne.await();
				theirs.lockInterruptibly();
				theirs.unlock();
			}
			finally {
				mine.unlock();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private String get(String query) throws IOException, InterruptedException {
		HttpResponse<String> response = send(query);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private HttpResponse<String> send(String query) throws IOException, InterruptedException {
		return this.http.get(query);
	}

}
