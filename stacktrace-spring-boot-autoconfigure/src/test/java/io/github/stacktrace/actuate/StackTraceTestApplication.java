package io.github.stacktrace.actuate;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The application every {@code @SpringBootTest} of the endpoint starts: Boot's auto-configuration with the starter's,
 * and a {@link RecordingListener} a test can use to hold a capture. Tests that share a property set share one context
 * this way; {@link SharedStackTraceContext} names the set most of them use.
 */
@SpringBootApplication
class StackTraceTestApplication {

	@Bean
	RecordingListener recordingListener() {
		return new RecordingListener();
	}

}
