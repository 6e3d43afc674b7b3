package io.github.stacktrace.sample;

import de.codecentric.boot.admin.client.registration.Application;
import de.codecentric.boot.admin.client.registration.ApplicationFactory;
import de.codecentric.boot.admin.client.registration.ApplicationRegistrator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code spring.boot.admin.client.url} set, the sample registers with Spring Boot Admin: its actuator's URLs and
 * the credentials the server must send to read it. Automatic registration is off here, so nothing is sent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"spring.boot.admin.client.url=http://127.0.0.1:9", "spring.boot.admin.client.auto-registration=false",
		"spring.boot.admin.client.instance.service-host-type=IP" })
class SampleApplicationAdminClientTests {

	@Autowired
	private ApplicationContext context;

	@LocalServerPort
	private int port;

	@Test
	void registrationNamesTheActuatorAndCarriesItsCredentials() {
		assertThat(this.context.getBeansOfType(ApplicationRegistrator.class)).hasSize(1);
		Application application = this.context.getBean(ApplicationFactory.class).createApplication();
		assertThat(application.getName()).isEqualTo("stacktrace-sample");
		assertThat(application.getManagementUrl()).endsWith(":" + this.port + "/actuator");
		assertThat(application.getHealthUrl()).endsWith(":" + this.port + "/actuator/health");
		assertThat(application.getMetadata()).containsEntry("user.name", "actuator")
			.containsEntry("user.password", "actuator-demo");
	}

}
