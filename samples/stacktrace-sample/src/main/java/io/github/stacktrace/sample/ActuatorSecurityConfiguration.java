package io.github.stacktrace.sample;

import io.github.stacktrace.actuate.StackTraceEndpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Locks the actuator down: health is public, thread stacks and metrics need the {@code ACTUATOR} role over HTTP
 * Basic, every other endpoint needs it too, whatever the HTTP method.
 * <p>
 * {@link EndpointRequest#toAnyEndpoint()} matches the links page at the base path ({@code /actuator} and
 * {@code /actuator/}) for {@code GET} only, while Spring MVC also answers {@code HEAD} and {@code OPTIONS} there. The
 * base path is therefore added to this chain for every method; otherwise those requests would fall through to the
 * application chain, which permits everything.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorSecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain actuatorSecurityFilterChain(HttpSecurity http, WebEndpointProperties endpoints)
			throws Exception {
		String basePath = endpoints.getBasePath();
		http.securityMatchers((matchers) -> matchers.requestMatchers(EndpointRequest.toAnyEndpoint())
			.requestMatchers(basePath, basePath + "/"))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
				.requestMatchers(EndpointRequest.to(StackTraceEndpoint.class, PrometheusScrapeEndpoint.class))
				.hasRole("ACTUATOR")
				.anyRequest().hasRole("ACTUATOR"))
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain applicationSecurityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
	}

}
