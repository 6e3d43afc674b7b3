package io.github.stacktrace.admin;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.admin.AdminServerFixture.RunningInstance;
import io.github.stacktrace.test.ExternalTool;
import io.github.stacktrace.test.Gate;
import io.github.stacktrace.test.HeadlessChromium;
import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.TestThreads;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The extension in a real Spring Boot Admin server, driven in headless Chromium: two instances of one application
 * expose the stacktrace endpoint, a third application does not, and a fourth always answers that a capture is running.
 * Every request of the views goes through the server's per-instance proxy. Screenshots go to
 * {@code target/spring-boot-admin/}. Without a browser the tests are skipped, saying why; with {@code CI} set in the
 * environment a missing browser fails them.
 * <p>
 * {@code compat/boot35-admin} compiles and runs this class and {@link AdminServerFixture} again, unchanged, on Spring
 * Boot Admin 3.5 and Spring Boot 3.5: they use only what both lines have.
 */
@TestInstance(Lifecycle.PER_CLASS)
class StackTraceAdminBrowserTests {

	private static final String IMG_NAME = "<img src=x onerror=alert(1)>";

	private static final Path SCREENSHOTS = Path.of("target", "spring-boot-admin");

	/** Generous: the server, four applications and the browser share the build machine's cores. */
	private static final Duration PATIENCE = Duration.ofSeconds(90);

	/** Where the browser is looked for ({@code CHROMIUM_BIN}, else the usual paths), and whether CI requires it. */
	private final ExternalTool browser = ExternalTool.chromium();

	private final TestThreads threads = new TestThreads();

	private @Nullable AdminServerFixture fixture;

	private @Nullable HeadlessChromium chromium;

	private RunningInstance orders;

	private String ordersId;

	private String secondOrdersId;

	private String billingId;

	private String busyId;

	@BeforeAll
	void startServerInstancesAndBrowser() throws Exception {
		this.browser.failIfRequiredAndMissing();
		if (!this.browser.isPresent()) {
			// Said once in the build's output; each test is then reported skipped with the same reason.
			System.err.println("StackTraceAdminBrowserTests skipped: " + this.browser.missingReason());
			return;
		}
		this.threads.startParked(IMG_NAME);
		this.threads.startParked("admin-parked-1");
		this.fixture = AdminServerFixture.start();
		this.orders = this.fixture.startInstance("orders", "health,stacktrace");
		RunningInstance secondOrders = this.fixture.startInstance("orders", "health,stacktrace");
		RunningInstance billing = this.fixture.startInstance("billing", "health");
		this.ordersId = this.fixture.register("orders", this.orders.port(), "/actuator", true);
		this.secondOrdersId = this.fixture.register("orders", secondOrders.port(), "/actuator", true);
		this.billingId = this.fixture.register("billing", billing.port(), "/actuator", false);
		this.busyId = this.fixture.register("busy", billing.port(), "/busy-actuator", true);
		this.chromium = HeadlessChromium.start(this.browser.assumePresent(), 1400, 1000);
	}

	@BeforeEach
	void requireBrowser() {
		Assumptions.assumeTrue(this.chromium != null, this.browser.missingReason());
	}

	@AfterAll
	void stopAll() throws Exception {
		if (this.chromium != null) {
			this.chromium.close();
		}
		if (this.fixture != null) {
			this.fixture.close();
		}
		this.threads.stopAll();
	}

	@Test
	void viewIsInTheInstanceMenuOnlyWhenStackTraceIsExposed() throws Exception {
		open("/instances/" + this.ordersId + "/details");
		awaitTrue("!!document.querySelector('a[href$=\"/instances/" + this.ordersId + "/stacktrace\"]')");
		open("/instances/" + this.billingId + "/details");
		awaitTrue("!!document.querySelector('a[href$=\"/instances/" + this.billingId + "/details\"]')");
		assertThat(evaluate("document.querySelectorAll('a[href$=\"/stacktrace\"]').length")).isEqualTo(0);
	}

	@Test
	void groupsRenderAndAHostileThreadNameStaysText() throws Exception {
		this.chromium.watchForDialogs();
		openStackTraces(this.ordersId);
		assertThat(evaluate("[...document.querySelectorAll('.st-thread-name')].some(e => e.textContent === "
				+ HeadlessChromium.quote(IMG_NAME) + ")")).isEqualTo(true);
		assertThat(evaluate("document.querySelectorAll('.st-view img').length")).isEqualTo(0);
		assertThat(this.chromium.dialogOpened()).isFalse();
		this.chromium.screenshot(SCREENSHOTS.resolve("instance-stacks.png"));
		assertThat(SCREENSHOTS.resolve("instance-stacks.png")).isNotEmptyFile();
	}

	@Test
	void nameAndStateFiltersChangeWhatIsShown() throws Exception {
		openStackTraces(this.ordersId);
		int before = ((Number) evaluate("document.querySelectorAll('.st-thread-name').length")).intValue();
		submitFilter("name", "admin-parked-*");
		awaitTrue("[...document.querySelectorAll('.st-thread-name')].map(e => e.textContent).join() === 'admin-parked-1'");
		assertThat(before).isGreaterThan(1);
		submitFilter("name", "");
		selectFilter("state", "TIMED_WAITING");
		awaitTrue("document.querySelectorAll('.st-group').length > 0 && [...document.querySelectorAll('.st-group-header')]"
				+ ".every(e => e.querySelector('.st-state-timed_waiting'))");
	}

	@Test
	void heldRequestShowsUpUnderMinElapsed() throws Exception {
		Gate gate = new Gate();
		this.orders.holdGate().set(gate);
		HttpTestClient instance = HttpTestClient.local(this.orders.port());
		CompletableFuture<HttpResponse<String>> held = instance.sendAsync(instance.request("/hold"));
		try {
			assertThat(gate.entered.await(30, TimeUnit.SECONDS)).isTrue();
			openStackTraces(this.ordersId);
			submitFilter("min_elapsed_ms", "1");
			// Only threads serving a request for at least that long are left, the held one among them; the report
			// before the filter has idle threads too.
			awaitTrue("[...document.querySelectorAll('li.st-thread')].every(e => e.querySelector('.st-request'))"
					+ " && [...document.querySelectorAll('.st-request')].some(e => e.textContent.startsWith('GET /hold'))");
			this.chromium.screenshot(SCREENSHOTS.resolve("instance-held-request.png"));
		}
		finally {
			gate.release.countDown();
			this.orders.holdGate().set(null);
		}
		assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	@Test
	void hotThreadsRenderFromTheProxy() throws Exception {
		openStackTraces(this.ordersId);
		evaluate("document.querySelector('[data-tab=hot]').click()");
		awaitTrue("!!document.querySelector('.st-hot-panel') && (document.querySelectorAll('.st-hot-thread').length > 0"
				+ " || !!document.querySelector('.st-hot-panel .st-empty'))");
		assertThat(evaluate("document.querySelector('.st-hot-panel .st-facts').textContent")).asString()
			.startsWith("cpu over ");
		this.chromium.screenshot(SCREENSHOTS.resolve("instance-hot.png"));
	}

	@Test
	void flameGraphFrameLoadsThroughTheProxyUnderThePagesPolicy() throws Exception {
		HttpResponse<String> page = this.fixture.admin
			.get("/instances/" + this.ordersId + "/actuator/stacktrace?format=html", "text/html");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Security-Policy")).get()
			.asString()
			.endsWith("; frame-ancestors 'self'");
		openStackTraces(this.ordersId);
		evaluate("document.querySelector('[data-tab=flame]').click()");
		// A frame the policy refused would hold Chromium's error page, whose document the parent cannot read.
		awaitTrue("(() => { const d = document.querySelector('iframe.st-flame-frame')?.contentDocument;"
				+ " return !!d && d.querySelectorAll('#graph .box').length > 1; })()");
		this.chromium.screenshot(SCREENSHOTS.resolve("instance-flame.png"));
	}

	@Test
	void stuckRequestsTabIsShownOnlyWhenTheOperationAnswers() throws Exception {
		int status = HttpTestClient.local(this.orders.port())
			.get("/actuator/stacktrace/stuck?format=json", "application/json")
			.statusCode();
		openStackTraces(this.ordersId);
		awaitTrue("document.querySelector('.st-view').dataset.stuck !== 'unknown'");
		assertThat(evaluate("document.querySelector('.st-view').dataset.stuck"))
			.isEqualTo((status == 200) ? "available" : "absent");
		assertThat(evaluate("!!document.querySelector('[data-tab=stuck]')")).isEqualTo(status == 200);
	}

	@Test
	void captureRunningShowsARetryCountdownFromRetryAfter() throws Exception {
		open("/instances/" + this.busyId + "/stacktrace");
		awaitTrue("!!document.querySelector('.st-busy')");
		String busy = (String) evaluate("document.querySelector('.st-busy').textContent");
		assertThat(busy).startsWith("A capture is running on this instance")
			.contains("too many stack trace reports in flight")
			.containsPattern("retrying stack traces in [1-7] s\\.$");
	}

	@Test
	void fleetViewShowsEachInstanceOfTheApplicationSideBySide() throws Exception {
		open("/stacktrace-fleet/orders");
		awaitTrue("document.querySelectorAll('.st-fleet-column').length === 2 && [...document.querySelectorAll("
				+ "'.st-fleet-column')].every(c => c.querySelector('.st-hot-section .st-hot, .st-hot-section .st-empty'))");
		assertThat(evaluate("document.querySelectorAll('.st-fleet-column .st-error, .st-fleet-column .st-busy').length"))
			.isEqualTo(0);
		assertThat(evaluate("[...document.querySelectorAll('.st-fleet-column')].map(c => c.dataset.instance).sort().join()"))
			.isEqualTo(List.of(this.ordersId, this.secondOrdersId).stream().sorted().reduce((a, b) -> a + "," + b).get());
		this.chromium.screenshot(SCREENSHOTS.resolve("fleet.png"));
	}

	private void openStackTraces(String instanceId) throws Exception {
		open("/instances/" + instanceId + "/stacktrace");
		awaitTrue("document.querySelectorAll('.st-group').length > 0");
	}

	private void open(String path) throws Exception {
		this.chromium.navigate("http://127.0.0.1:" + this.fixture.port() + path);
	}

	private void submitFilter(String name, String value) throws Exception {
		evaluate("(() => { const i = document.querySelector('.st-filters input[name=" + name + "]'); i.value = "
				+ HeadlessChromium.quote(value) + "; i.dispatchEvent(new Event('input')); i.form.requestSubmit(); })()");
	}

	private void selectFilter(String name, String value) throws Exception {
		evaluate("(() => { const s = document.querySelector('.st-filters select[name=" + name + "]'); s.value = "
				+ HeadlessChromium.quote(value) + "; s.dispatchEvent(new Event('change')); })()");
	}

	private void awaitTrue(String script) throws Exception {
		try {
			await().atMost(PATIENCE).until(() -> Boolean.TRUE.equals(evaluate(script)));
		}
		catch (ConditionTimeoutException ex) {
			// What the view showed instead, to tell a slow answer from a wrong one.
			throw new AssertionError("not true within " + PATIENCE + ": " + script + "\nthe page shows: "
					+ evaluate("document.querySelector('.st-view')?.innerText ?? document.body.innerText"), ex);
		}
	}

	private @Nullable Object evaluate(String script) throws Exception {
		return this.chromium.evaluate(script);
	}

}
