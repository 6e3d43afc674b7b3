package io.github.stacktrace.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;

/**
 * The path the endpoint is mapped to over HTTP, for the filters that ask on every request: read once the endpoints
 * are mapped, then kept. The endpoints may not be mapped yet when a filter is created, so they are asked for at a
 * request; {@link PathMappedEndpoints} maps every endpoint when it is created, so its answer never changes after, and
 * its {@code getPath} builds a new string each time. Kept without a lock: threads that race on the first read each
 * ask once and keep the same answer.
 */
final class EndpointPath implements Supplier<String> {

	/** A path no request has: the answer until the endpoints are mapped, and where the endpoint is not over HTTP. */
	static final String NONE = "/\u0000";

	private static final EndpointId ENDPOINT = EndpointId.of("stacktrace");

	private final ObjectProvider<PathMappedEndpoints> endpoints;

	private volatile @Nullable String path;

	EndpointPath(ObjectProvider<PathMappedEndpoints> endpoints) {
		this.endpoints = endpoints;
	}

	@Override
	public String get() {
		String path = this.path;
		if (path == null) {
			PathMappedEndpoints mapped = this.endpoints.getIfAvailable();
			if (mapped == null) {
				return NONE;
			}
			String mappedPath = of(mapped);
			path = (mappedPath != null) ? mappedPath : NONE;
			this.path = path;
		}
		return path;
	}

	/**
	 * Asks the mapped endpoints for the endpoint's path.
	 * @param endpoints the mapped endpoints, or {@code null} where there are none
	 * @return the path, or {@code null} where the endpoint is not mapped over HTTP
	 */
	static @Nullable String of(@Nullable PathMappedEndpoints endpoints) {
		return (endpoints != null) ? endpoints.getPath(ENDPOINT) : null;
	}

}
