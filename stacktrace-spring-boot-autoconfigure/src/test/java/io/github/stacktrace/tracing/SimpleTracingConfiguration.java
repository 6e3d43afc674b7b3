package io.github.stacktrace.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleTracer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer Tracing's simple tracer, which the observation of each request puts in scope: for the test applications
 * whose reports must show trace ids. Imported, not scanned.
 */
@Configuration(proxyBeanMethods = false)
public class SimpleTracingConfiguration {

	@Bean
	SimpleTracer simpleTracer() {
		return new SimpleTracer();
	}

	@Bean
	DefaultTracingObservationHandler tracingObservationHandler(Tracer tracer) {
		return new DefaultTracingObservationHandler(tracer);
	}

}
