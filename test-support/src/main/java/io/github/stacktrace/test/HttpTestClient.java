package io.github.stacktrace.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/**
 * An HTTP client for a server a test started on this machine: every request goes to {@code 127.0.0.1} on the given
 * port, with a timeout, over HTTP/1.1. Immutable; safe to use from several threads.
 */
public final class HttpTestClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	// HTTP/1.1: the servers under test speak nothing else, so no request carries an h2c upgrade offer.
	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(20))
		.build();

	private final String base;

	private final String authorization;

	private HttpTestClient(String base, String authorization) {
		this.base = base;
		this.authorization = authorization;
	}

	/**
	 * A client for {@code http://127.0.0.1:<port>}.
	 * @param port the server's port
	 * @return the client
	 */
	public static HttpTestClient local(int port) {
		if (port <= 0 || port > 65535) {
			throw new IllegalArgumentException("not a port: " + port);
		}
		return new HttpTestClient("http://127.0.0.1:" + port, "");
	}

	/**
	 * A client whose paths are resolved below the base path, e.g. {@code "/actuator/stacktrace"}, so that
	 * {@code get("?mode=full")} asks for {@code /actuator/stacktrace?mode=full}.
	 * @param basePath a path starting with {@code /}
	 * @return a new client with the same credentials
	 */
	public HttpTestClient withBasePath(String basePath) {
		if (!basePath.startsWith("/")) {
			throw new IllegalArgumentException("base path must start with '/': " + basePath);
		}
		return new HttpTestClient(this.base + basePath, this.authorization);
	}

	/**
	 * A client that sends HTTP Basic credentials with every request.
	 * @param user the user name
	 * @param password the password
	 * @return a new client with the same base
	 */
	public HttpTestClient withBasicAuth(String user, String password) {
		String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return new HttpTestClient(this.base, "Basic " + token);
	}

	/**
	 * The address of a path on the server.
	 * @param pathAndQuery appended to the base as it is, already encoded: {@code "/demo?x=1"}, or {@code "?x=1"} and
	 * {@code ""} below a base path
	 * @return the address
	 */
	public URI uri(String pathAndQuery) {
		return URI.create(this.base + pathAndQuery);
	}

	/**
	 * A request to the path, with the timeout and any credentials already set, to add headers or a method to.
	 * @param pathAndQuery as for {@link #uri(String)}
	 * @return the request builder
	 */
	public HttpRequest.Builder request(String pathAndQuery) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(TIMEOUT);
		if (!this.authorization.isEmpty()) {
			builder.header("Authorization", this.authorization);
		}
		return builder;
	}

	/**
	 * Sends a {@code GET} without an {@code Accept} header.
	 * @param pathAndQuery as for {@link #uri(String)}
	 * @return the response, body decoded with the charset it names (UTF-8 if none)
	 * @throws IOException if the exchange fails
	 * @throws InterruptedException if interrupted while waiting
	 */
	public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
		return send(request(pathAndQuery));
	}

	/**
	 * Sends a {@code GET} that accepts the given media types.
	 * @param pathAndQuery as for {@link #uri(String)}
	 * @param accept the {@code Accept} header
	 * @return the response, body decoded with the charset it names (UTF-8 if none)
	 * @throws IOException if the exchange fails
	 * @throws InterruptedException if interrupted while waiting
	 */
	public HttpResponse<String> get(String pathAndQuery, String accept) throws IOException, InterruptedException {
		return send(request(pathAndQuery).header("Accept", accept));
	}

	/**
	 * Sends a request with the given method and no body.
	 * @param method the HTTP method, e.g. {@code "HEAD"} or {@code "DELETE"}
	 * @param pathAndQuery as for {@link #uri(String)}
	 * @return the response, body decoded with the charset it names (UTF-8 if none)
	 * @throws IOException if the exchange fails
	 * @throws InterruptedException if interrupted while waiting
	 */
	public HttpResponse<String> send(String method, String pathAndQuery) throws IOException, InterruptedException {
		return send(request(pathAndQuery).method(method, HttpRequest.BodyPublishers.noBody()));
	}

	/**
	 * Sends a request built from {@link #request(String)}.
	 * @param request the request
	 * @return the response, body decoded with the charset it names (UTF-8 if none)
	 * @throws IOException if the exchange fails
	 * @throws InterruptedException if interrupted while waiting
	 */
	public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Sends a request built from {@link #request(String)} without waiting for the answer.
	 * @param request the request
	 * @return the response to come
	 */
	public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
		return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public String toString() {
		return this.base;
	}

}
