package io.github.stacktrace.autoconfigure;

import java.time.Duration;

import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.VirtualThreadDumpPolicy;
import io.github.stacktrace.actuate.AcceptQualityWebFilter;
import io.github.stacktrace.actuate.ClientWatch;
import io.github.stacktrace.actuate.InFlightReports;
import io.github.stacktrace.actuate.ServletClientWatch;
import io.github.stacktrace.actuate.StackTraceEndpoint;
import io.github.stacktrace.actuate.StackTraceEndpointWebExtension;
import io.github.stacktrace.actuate.StackTraceRequestParser;
import io.github.stacktrace.actuate.StuckRequestReports;
import io.github.stacktrace.actuate.StackTraceResponseHeaders;
import io.github.stacktrace.actuate.StackTraceWebFluxHeaders;
import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.render.FrameRenderCache;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@link StackTraceEndpoint}, its web extension (when exposed over HTTP), its capture engine
 * and its frame cache.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnAvailableEndpoint(endpoint = StackTraceEndpoint.class)
@EnableConfigurationProperties(StackTraceProperties.class)
public class StackTraceEndpointAutoConfiguration {

	private static final Log logger = LogFactory.getLog(StackTraceEndpointAutoConfiguration.class);

	/**
	 * Creates the auto-configuration; Spring Boot does, when the endpoint is available.
	 */
	public StackTraceEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	FrameRenderCache stackTraceFrameRenderCache(StackTraceProperties properties) {
		StackTraceProperties.Cache cache = properties.getCache();
		return new FrameRenderCache(cache.getMaxEntries(), cache.getMaxSize().toBytes());
	}

	@Bean
	@ConditionalOnMissingBean
	StackTraceCaptureService stackTraceCaptureService(StackTraceProperties properties,
			ObjectProvider<CaptureListener> listeners, ObjectProvider<RequestContextRegistry> requests) {
		VirtualThreadDumpPolicy dump = properties.getVirtualThreads().getDump();
		int javaFeature = Runtime.version().feature();
		if (dump == VirtualThreadDumpPolicy.AUTO && !dump.allowsOn(javaFeature)) {
			logger.info("/actuator/stacktrace lists only the virtual threads serving a request or a Spring task on Java "
					+ javaFeature + ": the JDK's thread dump can crash the JVM there while virtual threads mount or"
					+ " unmount (JDK-8364343); stacktrace.virtual-threads.dump=always lists them all at that risk");
		}
		StackTraceSettings settings = new StackTraceSettings(properties.getMaxRequestDuration(),
				properties.getMaxStalledCaptures(), properties.getMaxPause(), dump);
		return new StackTraceCaptureService(settings, CaptureListener.composite(listeners.orderedStream().toList()),
				requests.getIfAvailable(RequestContextRegistry::new));
	}

	@Bean
	@ConditionalOnMissingBean
	StackTraceEndpoint stackTraceEndpoint(StackTraceCaptureService service, FrameRenderCache cache,
			StackTraceProperties properties, ObjectProvider<StuckRequestReports> stuck) {
		StackTraceRequestParser parser = new StackTraceRequestParser(properties.getDefaultMode(),
				properties.getDefaultTimeout(), properties.getMaxTimeout(), properties.getMaxThreadIds());
		return new StackTraceEndpoint(service, parser, cache, stuck.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(endpoint = StackTraceEndpoint.class, exposure = EndpointExposure.WEB)
	InFlightReports stackTraceInFlightReports(StackTraceProperties properties) {
		StackTraceProperties.InFlight inFlight = properties.getInFlight();
		return new InFlightReports(inFlight.getMaxReports(), inFlight.getMaxSize().toBytes(),
				inFlight.getWriteTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	StackTraceEndpointWebExtension stackTraceEndpointWebExtension(StackTraceEndpoint endpoint,
			InFlightReports inFlight, ObjectProvider<ClientWatch> clientWatch) {
		return new StackTraceEndpointWebExtension(endpoint, inFlight, clientWatch.getIfAvailable(() -> ClientWatch.NONE));
	}

	/**
	 * In Spring MVC applications, the advice that adds the headers an operation cannot set ({@code nosniff} and the
	 * HTML page's {@code Content-Security-Policy} on every answer of the endpoint, {@code Retry-After} on its 503),
	 * in every context that serves the endpoint (a management context on its own port finds it here too); and the
	 * watch that ends a request's work when its client goes away.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = { "jakarta.servlet.Filter",
			"org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice" })
	@ConditionalOnAvailableEndpoint(endpoint = StackTraceEndpoint.class, exposure = EndpointExposure.WEB)
	static class ServletConfiguration {

		// How often the connection of a working request is read for a client that went away: twice in a row ends it.
		private static final Duration CLIENT_WATCH_PERIOD = Duration.ofMillis(200);

		@Bean
		@ConditionalOnMissingBean
		StackTraceResponseHeadersAdvice stackTraceResponseHeaders(StackTraceProperties properties) {
			return new StackTraceResponseHeadersAdvice(retryAfterSeconds(properties));
		}

		@Bean
		@ConditionalOnMissingBean
		ServletClientWatch stackTraceClientWatch() {
			return new ServletClientWatch(CLIENT_WATCH_PERIOD);
		}

	}

	/**
	 * In WebFlux applications, the filters of the endpoint's requests: one negotiates {@code Accept} by quality, as
	 * {@link StackTraceEndpointWebExtension} does itself on Spring MVC; one adds the same headers to every answer of
	 * the endpoint as it is committed.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(name = { "org.springframework.web.server.WebFilter",
			"org.springframework.web.reactive.HandlerMapping", "reactor.core.publisher.Mono" })
	@ConditionalOnAvailableEndpoint(endpoint = StackTraceEndpoint.class, exposure = EndpointExposure.WEB)
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AcceptQualityWebFilter stackTraceAcceptQualityWebFilter(ObjectProvider<PathMappedEndpoints> endpoints) {
			return new AcceptQualityWebFilter(new EndpointPath(endpoints));
		}

		@Bean
		@ConditionalOnMissingBean
		StackTraceWebFluxHeaders stackTraceWebFluxHeaders(StackTraceProperties properties) {
			return new StackTraceWebFluxHeaders(retryAfterSeconds(properties));
		}

	}

	// Retry-After counts whole seconds: a shorter wait is said as one.
	static long retryAfterSeconds(StackTraceProperties properties) {
		return Math.max(1, properties.getInFlight().getRetryAfter().toSeconds());
	}

}
