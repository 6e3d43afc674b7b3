package io.github.stacktrace.autoconfigure;

import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.actuate.StackTraceEndpoint;
import io.github.stacktrace.actuate.StackTraceEndpointWebExtension;
import io.github.stacktrace.actuate.StackTraceRequestParser;
import io.github.stacktrace.render.FrameRenderCache;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link StackTraceEndpoint}, its web extension (when exposed over HTTP), its capture engine
 * and its frame cache.
 */
@AutoConfiguration
@ConditionalOnAvailableEndpoint(endpoint = StackTraceEndpoint.class)
@EnableConfigurationProperties(StackTraceProperties.class)
public class StackTraceEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FrameRenderCache stackTraceFrameRenderCache(StackTraceProperties properties) {
		StackTraceProperties.Cache cache = properties.getCache();
		return new FrameRenderCache(cache.getMaxEntries(), cache.getMaxSize().toBytes());
	}

	@Bean
	@ConditionalOnMissingBean
	StackTraceCaptureService stackTraceCaptureService(StackTraceProperties properties,
			ObjectProvider<CaptureListener> listeners) {
		StackTraceSettings settings = new StackTraceSettings(properties.getMaxRequestDuration(),
				properties.getMaxStalledCaptures());
		return new StackTraceCaptureService(settings, CaptureListener.composite(listeners.orderedStream().toList()));
	}

	@Bean
	@ConditionalOnMissingBean
	StackTraceEndpoint stackTraceEndpoint(StackTraceCaptureService service, FrameRenderCache cache,
			StackTraceProperties properties) {
		StackTraceRequestParser parser = new StackTraceRequestParser(properties.getDefaultMode(),
				properties.getDefaultTimeout(), properties.getMaxTimeout(), properties.getMaxThreadIds());
		return new StackTraceEndpoint(service, parser, cache);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	StackTraceEndpointWebExtension stackTraceEndpointWebExtension(StackTraceEndpoint endpoint) {
		return new StackTraceEndpointWebExtension(endpoint);
	}

}
