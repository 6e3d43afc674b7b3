package io.github.stacktrace.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import org.jspecify.annotations.Nullable;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol, through the JDK's own {@link WebSocket}: enough to
 * load a page, run a script in it, click and take a screenshot, with no driver binary and no library. Chromium listens
 * for DevTools on loopback only, on a port it chooses, with a profile in a temporary directory.
 */
public final class HeadlessChromium implements AutoCloseable {

	private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://127\\.0\\.0\\.1:(\\d+)/\\S+)");

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final Process process;

	private final Path profile;

	private final WebSocket socket;

	private final AtomicInteger ids = new AtomicInteger();

	private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<String>> awaitedEvents = new ConcurrentHashMap<>();

	private HeadlessChromium(Process process, Path profile, WebSocket.Builder builder, URI page) throws Exception {
		this.process = process;
		this.profile = profile;
		this.socket = builder.buildAsync(page, new Listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	/**
	 * Starts a browser with a fresh profile and connects to its first page.
	 * @param executable the browser, as {@link ExternalTool#chromium()} finds it
	 * @param width the window's width in CSS pixels
	 * @param height the window's height in CSS pixels
	 * @return the connected browser, to be closed by the caller
	 */
	public static HeadlessChromium start(Path executable, int width, int height) throws Exception {
		Path profile = Files.createTempDirectory("stacktrace-chromium");
		// --no-sandbox: CI runs as root, where Chromium refuses its sandbox. Only pages from the test's own loopback
		// server are loaded. No back/forward cache: a page navigated away from would stay alive there with its open
		// connections (a single-page application's event streams); past six connections to one host, the next page's
		// requests wait in Chromium's queue (Spring Boot Admin's fleet page waited 40 s and more).
		Process process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
				"--disable-sync", "--disable-component-update", "--disable-features=BackForwardCache",
				"--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
				"--window-size=" + width + "," + height, "about:blank")
			.redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.PIPE)
			.start();
		try {
			int port = devToolsPort(process);
			HttpClient http = HttpClient.newHttpClient();
			String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
				.timeout(TIMEOUT)
				.build(), HttpResponse.BodyHandlers.ofString()).body();
			List<String> pages = JsonPath.read(targets, "$[?(@.type == 'page')].webSocketDebuggerUrl");
			HeadlessChromium chromium = new HeadlessChromium(process, profile, http.newWebSocketBuilder(),
					URI.create(pages.get(0)));
			chromium.send("Page.enable", "{}");
			chromium.send("Runtime.enable", "{}");
			return chromium;
		}
		catch (Exception ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	// Chromium prints the browser's DevTools address on stderr; the rest of its output is drained in the background.
	private static int devToolsPort(Process process) throws IOException {
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		StringBuilder seen = new StringBuilder();
		String line;
		while ((line = reader.readLine()) != null) {
			Matcher matcher = LISTENING.matcher(line);
			if (matcher.find()) {
				Thread drain = new Thread(() -> reader.lines().forEach((ignored) -> {
				}), "chromium-output");
				drain.setDaemon(true);
				drain.start();
				return Integer.parseInt(matcher.group(2));
			}
			seen.append(line).append('\n');
		}
		throw new IllegalStateException("Chromium exited before listening for DevTools:\n" + seen);
	}

	/**
	 * Loads a page and waits for its load event.
	 * @param url the page
	 */
	public void navigate(String url) throws Exception {
		CompletableFuture<String> loaded = new CompletableFuture<>();
		this.awaitedEvents.put("Page.loadEventFired", loaded);
		send("Page.navigate", "{\"url\":" + quote(url) + "}");
		loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	/**
	 * Runs a script in the page and returns its value: a string, number or boolean, or {@code null} for
	 * {@code undefined}.
	 * @param expression the script
	 * @return the value
	 */
	public @Nullable Object evaluate(String expression) throws Exception {
		String response = send("Runtime.evaluate", "{\"expression\":" + quote(expression) + ",\"returnByValue\":true}");
		if (JsonPath.<Map<String, Object>>read(response, "$.result").containsKey("exceptionDetails")) {
			throw new IllegalStateException("script failed: " + response);
		}
		return JsonPath.<Map<String, Object>>read(response, "$.result.result").get("value");
	}

	/**
	 * Clicks with the mouse, as a person would, at a point of the viewport.
	 * @param x the point's x in CSS pixels
	 * @param y the point's y in CSS pixels
	 */
	public void click(double x, double y) throws Exception {
		for (String type : new String[] { "mouseMoved", "mousePressed", "mouseReleased" }) {
			send("Input.dispatchMouseEvent", "{\"type\":\"" + type + "\",\"x\":" + x + ",\"y\":" + y
					+ ",\"button\":\"left\",\"clickCount\":1}");
		}
	}

	/**
	 * Types text into the focused element, one key event per character.
	 * @param text the text
	 */
	public void type(String text) throws Exception {
		send("Input.insertText", "{\"text\":" + quote(text) + "}");
	}

	/**
	 * Takes a screenshot of the whole page.
	 * @param file where to write the PNG
	 */
	public void screenshot(Path file) throws Exception {
		String response = send("Page.captureScreenshot", "{\"format\":\"png\",\"captureBeyondViewport\":true}");
		Files.createDirectories(file.getParent());
		Files.write(file, Base64.getDecoder().decode(JsonPath.<String>read(response, "$.result.data")));
	}

	/**
	 * Whether the page opened a JavaScript dialog ({@code alert}, {@code confirm}, {@code prompt}) since it loaded.
	 * @return {@code true} when one was opened
	 */
	public boolean dialogOpened() {
		CompletableFuture<String> dialog = this.awaitedEvents.get("Page.javascriptDialogOpening");
		return dialog != null && dialog.isDone();
	}

	/**
	 * Starts watching for JavaScript dialogs; {@link #dialogOpened()} then says whether one opened.
	 */
	public void watchForDialogs() {
		this.awaitedEvents.put("Page.javascriptDialogOpening", new CompletableFuture<>());
	}

	private String send(String method, String params) throws Exception {
		int id = this.ids.incrementAndGet();
		CompletableFuture<String> response = new CompletableFuture<>();
		this.pending.put(id, response);
		this.socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
			.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		String answer = response.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		if (JsonPath.<Map<String, Object>>read(answer, "$").containsKey("error")) {
			throw new IllegalStateException(method + " failed: " + answer);
		}
		return answer;
	}

	/**
	 * Quotes text as a JSON (and JavaScript) string literal.
	 * @param text the text
	 * @return the literal, quotes included
	 */
	public static String quote(String text) {
		StringBuilder out = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

	@Override
	public void close() throws IOException {
		try {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			// The browser is ended below whatever the socket says.
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> files = Files.walk(this.profile)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder message = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.message.append(data);
			if (last) {
				String text = this.message.toString();
				this.message.setLength(0);
				dispatch(text);
			}
			webSocket.request(1);
			return null;
		}

		private void dispatch(String text) {
			Map<String, Object> message = JsonPath.read(text, "$");
			if (message.get("id") instanceof Integer id) {
				CompletableFuture<String> response = HeadlessChromium.this.pending.remove(id);
				if (response != null) {
					response.complete(text);
				}
			}
			else if (message.get("method") instanceof String method) {
				CompletableFuture<String> awaited = HeadlessChromium.this.awaitedEvents.get(method);
				if (awaited != null) {
					awaited.complete(text);
				}
			}
		}

	}

}
