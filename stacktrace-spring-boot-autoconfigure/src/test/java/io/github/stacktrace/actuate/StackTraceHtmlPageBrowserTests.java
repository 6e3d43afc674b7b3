package io.github.stacktrace.actuate;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RequestContextSlot;
import io.github.stacktrace.test.ExternalTool;
import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.TestThreads;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * The HTML page in a real headless Chromium, loaded from the running application: the icicle graph draws one box per
 * frame of the captured stacks, the search counts the matching threads, a click zooms, and thread names and a
 * request's route template that are markup stay text. Screenshots go to {@code target/stacktrace-html/}. Without a browser the tests are skipped, saying
 * why; with {@code CI} set in the environment a missing browser fails them.
 */
@SharedStackTraceContext
@TestInstance(Lifecycle.PER_CLASS)
class StackTraceHtmlPageBrowserTests {

	private static final String IMG_NAME = "flame-<img src=x onerror=alert(1)>";

	private static final String SCRIPT_NAME = "flame-</script><script>window.pwned=1</script>";

	/** The route template of the request the thread named {@link #IMG_NAME} serves. */
	private static final String HOSTILE_ROUTE = "/flame/</script><img src=y onerror=alert(2)>/{id}";

	/** Where the browser is looked for ({@code CHROMIUM_BIN}, else the usual paths), and whether CI requires it. */
	private final ExternalTool browser = ExternalTool.chromium();

	private static final Path SCREENSHOTS = Path.of("target", "stacktrace-html");

	private final HttpTestClient http;

	private final int port;

	private final RequestContextRegistry requests;

	private final TestThreads threads = new TestThreads();

	private @Nullable HeadlessChromium chromium;

	/** The id of the thread named {@code flame-b-0}. */
	private long flameB0;

	StackTraceHtmlPageBrowserTests(@LocalServerPort int port, @Autowired RequestContextRegistry requests) {
		this.port = port;
		this.requests = requests;
		this.http = HttpTestClient.local(port).withBasePath("/actuator/stacktrace");
	}

	@BeforeAll
	void startBrowserAndThreads() throws Exception {
		this.browser.failIfRequiredAndMissing();
		if (!this.browser.isPresent()) {
			// Said once in the build's output; each test is then reported skipped with the same reason.
			System.err.println("StackTraceHtmlPageBrowserTests skipped: " + this.browser.missingReason());
			return;
		}
		CountDownLatch parked = new CountDownLatch(8);
		for (String name : new String[] { "flame-a-0", "flame-a-1", "flame-a-2", IMG_NAME, SCRIPT_NAME }) {
			RequestContextRegistry serving = name.equals(IMG_NAME) ? this.requests : null;
			this.threads.start(name, () -> flameParkA(parked, serving));
		}
		for (int i = 0; i < 3; i++) {
			Thread thread = this.threads.start("flame-b-" + i, () -> flameParkB(parked));
			if (i == 0) {
				this.flameB0 = TestThreads.id(thread);
			}
		}
		assertThat(parked.await(30, TimeUnit.SECONDS)).isTrue();
		this.chromium = HeadlessChromium.start(this.browser.assumePresent(), 1400, 1000);
	}

	@BeforeEach
	void requireBrowser() {
		Assumptions.assumeTrue(this.chromium != null, this.browser.missingReason());
	}

	@AfterAll
	void stopBrowserAndThreads() throws Exception {
		if (this.chromium != null) {
			this.chromium.close();
		}
		this.threads.stopAll();
	}

	// One call of the park, served or not, so that every thread of the group has the same stack.
	static void flameParkA(CountDownLatch parked, @Nullable RequestContextRegistry serving) {
		RequestContextSlot slot = (serving != null) ? serving.slot() : null;
		if (slot != null) {
			slot.begin("GET", System.nanoTime(), HOSTILE_ROUTE, null);
		}
		try {
			TestThreads.parkUntilInterrupted(parked);
		}
		finally {
			if (slot != null) {
				slot.end();
			}
		}
	}

	static void flameParkB(CountDownLatch parked) {
		TestThreads.parkUntilInterrupted(parked);
	}

	@Test
	void pageDrawsOneBoxPerFrameAndSearchCountsMatchingThreads() throws Exception {
		load("?format=html&name=flame-*");
		assertThat(this.chromium.evaluate("document.contentType")).isEqualTo("text/html");
		int expected = distinctPrefixes(this.http.get("?format=folded&name=flame-*").body());
		assertThat(expected).isGreaterThan(3);
		assertThat(drawn()).isEqualTo(expected);
		assertThat(this.chromium.evaluate("document.querySelectorAll('#graph .box').length")).isEqualTo(expected + 1);
		// The style ran under the page's policy: boxes are laid out, not stacked as plain blocks.
		assertThat(this.chromium.evaluate("getComputedStyle(document.querySelector('#graph .box')).position"))
			.isEqualTo("absolute");
		assertThat(this.chromium.evaluate("document.querySelector('.box.root').textContent"))
			.isEqualTo("all threads (8)");
		this.chromium.evaluate("document.getElementById('search').focus()");
		this.chromium.type("flameParkA");
		assertThat(this.chromium.evaluate("document.getElementById('matches').textContent"))
			.isEqualTo("5 of 8 threads match");
		assertThat(this.chromium.evaluate("document.querySelectorAll('#graph .box.match').length")).isEqualTo(1);
		this.chromium.screenshot(SCREENSHOTS.resolve("flame-threads-search.png"));
		assertThat(SCREENSHOTS.resolve("flame-threads-search.png")).isNotEmptyFile();
	}

	@Test
	void clickOnBoxZoomsToItsSubtree() throws Exception {
		load("?format=html&name=flame-*");
		int before = drawn();
		String box = "[...document.querySelectorAll('#graph .box')].find(b => b.textContent.includes('flameParkB'))";
		Object rect = this.chromium.evaluate("(() => { const r = " + box + ".getBoundingClientRect();"
				+ " return (r.left + r.width / 2) + ',' + (r.top + r.height / 2) + ',' + r.width; })()");
		String[] parts = rect.toString().split(",");
		double width = Double.parseDouble(parts[2]);
		double graphWidth = ((Number) this.chromium.evaluate("document.getElementById('graph').clientWidth"))
			.doubleValue();
		assertThat(width).isLessThan(graphWidth * 0.6);
		this.chromium.click(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
		assertThat(((Number) this.chromium.evaluate(box + ".getBoundingClientRect().width")).doubleValue())
			.isCloseTo(graphWidth, offset(1.0));
		assertThat(drawn()).isLessThan(before);
		assertThat(this.chromium.evaluate(
				"[...document.querySelectorAll('#graph .box')].some(b => b.textContent.includes('flameParkA'))"))
			.isEqualTo(false);
		this.chromium.evaluate("document.getElementById('reset').click()");
		assertThat(drawn()).isEqualTo(before);
	}

	@Test
	void hostileThreadNamesAreShownAsTextAndNeverRun() throws Exception {
		this.chromium.watchForDialogs();
		load("?format=html&name=flame-*");
		assertThat(this.chromium.evaluate("typeof window.pwned")).isEqualTo("undefined");
		assertThat(this.chromium.evaluate("document.images.length")).isEqualTo(0);
		assertThat(this.chromium.evaluate("document.scripts.length")).isEqualTo(2);
		String table = (String) this.chromium.evaluate("document.getElementById('groups').textContent");
		assertThat(table).contains(IMG_NAME.substring("flame-".length()))
			.contains(SCRIPT_NAME.substring("flame-".length()));
		// The served request is listed with its thread, its route template shown as the text it is.
		assertThat(table).contains(IMG_NAME + " request=\"GET " + HOSTILE_ROUTE + "\" elapsed_ms=");
		assertThat(this.chromium.dialogOpened()).isFalse();
	}

	@Test
	void graphSaysHowManyThreadsItLeavesOutForHavingNoFrameAndWhy() throws Exception {
		// No live thread has the largest id: it is reported thread_exited, with no frame.
		// A generous per-thread timeout: on a loaded machine the default 100 ms can time the live thread out.
		load("?format=html&timeout_ms=10000&thread_id=" + this.flameB0 + ",9223372036854775807");
		assertThat(this.chromium.evaluate("document.getElementById('summary').textContent")).asString()
			.startsWith("summary: captured=1 skipped=1 ");
		assertThat(this.chromium.evaluate("document.querySelector('.box.root').textContent"))
			.isEqualTo("all threads with frames (1 of 2; 1 without frames: 1 thread_exited)");
		assertThat(drawn()).isPositive();
	}

	@Test
	void browserAskingForHtmlGetsThePageWithItsSecurityHeaders() throws Exception {
		// No format: Chromium's own Accept header (text/html first, then */*) chooses the page.
		load("?name=flame-*");
		assertThat(this.chromium.evaluate("document.contentType")).isEqualTo("text/html");
		assertThat(drawn()).isPositive();
		HttpResponse<String> page = this.http.get("?name=flame-*&format=html", "text/html");
		assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(page.headers().firstValue("Content-Security-Policy")).get()
			.asString()
			.startsWith("default-src 'none'; script-src 'sha256-")
			.doesNotContain("unsafe");
		HttpResponse<String> curl = this.http.get("?name=flame-*", "*/*");
		assertThat(curl.body()).startsWith("JVM thread stack traces\n");
	}

	@Test
	void hotThreadsPageDrawsTheSnapshotsAndHostileNamesNeverRun() throws Exception {
		this.chromium.watchForDialogs();
		// Every flame thread is shown, busy or not: the name filter ranks only them and none is left out as idle.
		load("/hot?format=html&name=flame-*&threads=8&snapshots=2&interval_ms=20&ignore_idle=false");
		assertThat(this.chromium.evaluate("document.title")).isEqualTo("JVM hot threads");
		assertThat(drawn()).isPositive();
		assertThat(this.chromium.evaluate("document.querySelector('.box.root').textContent"))
			.isEqualTo("all snapshots (16)");
		assertThat(this.chromium.evaluate("typeof window.pwned")).isEqualTo("undefined");
		assertThat(this.chromium.evaluate("document.images.length")).isEqualTo(0);
		assertThat(this.chromium.evaluate("document.scripts.length")).isEqualTo(2);
		String table = (String) this.chromium.evaluate("document.getElementById('groups').textContent");
		assertThat(table).contains(IMG_NAME).contains(SCRIPT_NAME).contains("request=\"GET " + HOSTILE_ROUTE + "\"");
		assertThat(this.chromium.evaluate("document.querySelectorAll('#groups tbody tr').length")).isEqualTo(8);
		assertThat(this.chromium.evaluate("document.querySelector('#groups thead tr').lastChild.textContent"))
			.isEqualTo("request");
		this.chromium.screenshot(SCREENSHOTS.resolve("hot-threads.png"));
		assertThat(this.chromium.dialogOpened()).isFalse();
	}

	@Test
	void screenshotOfEveryThreadOfTheApplication() throws Exception {
		load("?format=html&mode=fast");
		this.chromium.evaluate("document.getElementById('search').focus()");
		this.chromium.type("park");
		assertThat((String) this.chromium.evaluate("document.getElementById('matches').textContent"))
			.matches("\\d+ of \\d+ threads match");
		Path file = SCREENSHOTS.resolve("all-threads.png");
		this.chromium.screenshot(file);
		assertThat(Files.size(file)).isGreaterThan(10_000);
	}

	private void load(String query) throws Exception {
		this.chromium.navigate("http://127.0.0.1:" + this.port + "/actuator/stacktrace" + query);
	}

	private int drawn() throws Exception {
		return Integer.parseInt((String) this.chromium.evaluate("document.getElementById('graph').dataset.drawn"));
	}

	// The boxes of an icicle graph are the distinct stack prefixes, root first: one per node of the tree.
	private static int distinctPrefixes(String folded) {
		Set<String> prefixes = new HashSet<>();
		folded.lines().forEach((line) -> {
			String stack = line.substring(0, line.lastIndexOf(' '));
			int end = -1;
			do {
				end = stack.indexOf(';', end + 1);
				prefixes.add((end < 0) ? stack : stack.substring(0, end));
			}
			while (end >= 0);
		});
		return prefixes.size();
	}

}
