package io.github.stacktrace.actuate;

import java.util.List;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Lets WebFlux choose the endpoint's report type by quality, as Spring MVC does through {@link RequestAcceptHeader}:
 * the {@code Accept} header of each request for the endpoint is negotiated here ({@link AcceptNegotiation}) and
 * replaced by the one type it chose, which Boot's q-blind resolution of {@link StackTraceContentType} then resolves to
 * exactly that type. A header that accepts none of ours becomes a type only {@link StackTraceContentType#OTHER}
 * matches, so the endpoint answers its 406 line.
 * <p>
 * Rewriting the header rather than handing the raw one to the operation: WebFlux binds no request to a thread, Boot
 * runs a blocking operation on another thread than the one that filtered it, and it gives an operation neither the
 * exchange nor the Reactor {@code Context}; the header is the one thing Boot reads on its way to the operation. A
 * header that is not a media type list is left as it is, for WebFlux to refuse as for every endpoint. Runs last among
 * the filters, so the others (Spring Security's entry points, say) see the client's own header.
 *
 * @since 0.1.0
 */
public class AcceptQualityWebFilter implements WebFilter, Ordered {

	/** A media type none of ours is compatible with; only {@code OTHER}'s <code>&#42;/&#42;</code> matches it. */
	static final String NONE_OF_OURS = "application/x-stacktrace-not-acceptable";

	private final Supplier<String> endpointPath;

	/**
	 * Creates the filter.
	 * @param endpointPath the path the endpoint is mapped to, asked for per request
	 */
	public AcceptQualityWebFilter(Supplier<String> endpointPath) {
		this.endpointPath = endpointPath;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		// getValuesAsList(String) has one signature on Spring Framework 6 and 7 (Boot 3.5 and 4): getOrEmpty and get
		// do not, and a call compiled against 7 fails on 6 with NoSuchMethodError.
		List<String> accept = exchange.getRequest().getHeaders().getValuesAsList(HttpHeaders.ACCEPT);
		if (accept.isEmpty() || !isEndpoint(exchange.getRequest().getPath().pathWithinApplication().value(),
				this.endpointPath.get()) || !parses(accept)) {
			return chain.filter(exchange);
		}
		StackTraceContentType chosen = AcceptNegotiation.negotiate(accept);
		String single = (chosen != StackTraceContentType.OTHER) ? chosen.getProducedMimeType().toString()
				: NONE_OF_OURS;
		return chain.filter(exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.set(HttpHeaders.ACCEPT, single)))
			.build());
	}

	static boolean isEndpoint(String path, String endpointPath) {
		return path.startsWith(endpointPath) && (path.length() == endpointPath.length()
				|| path.charAt(endpointPath.length()) == '/' || path.charAt(endpointPath.length()) == ';');
	}

	private static boolean parses(List<String> accept) {
		try {
			MediaType.parseMediaTypes(accept);
			return true;
		}
		catch (InvalidMediaTypeException | InvalidMimeTypeException ex) {
			return false;
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
