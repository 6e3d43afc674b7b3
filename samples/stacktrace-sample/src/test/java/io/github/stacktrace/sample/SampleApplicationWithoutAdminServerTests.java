package io.github.stacktrace.sample;

import de.codecentric.boot.admin.client.registration.ApplicationRegistrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Started as it is by default, with no Spring Boot Admin server named, the sample does not try to register and logs
 * nothing about it.
 */
// The client's own default, said out loud so that this test starts its own context, whose start-up is in the output.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.boot.admin.client.enabled=true")
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationWithoutAdminServerTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void noServerNamedMeansNoRegistrationAndNoComplaint(CapturedOutput output) {
		assertThat(this.context.getBeansOfType(ApplicationRegistrator.class)).isEmpty();
		assertThat(output.getAll()).contains("Started SampleApplication").doesNotContain("de.codecentric", " ERROR ");
	}

}
