package com.example.app;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
			.requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("ACTUATOR")
			.anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults());
		return http.build();
	}

	// Two users: "ops" may read the actuator, "user" may only use the application. Passwords come from the
	// environment (e.g. APP_OPS_PASSWORD), never from the source.
	@Bean
	InMemoryUserDetailsManager users(@Value("${app.ops-password}") String opsPassword,
			@Value("${app.user-password}") String userPassword) {
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		return new InMemoryUserDetailsManager(
				User.withUsername("ops").password(encoder.encode(opsPassword)).roles("ACTUATOR").build(),
				User.withUsername("user").password(encoder.encode(userPassword)).roles("USER").build());
	}

}
