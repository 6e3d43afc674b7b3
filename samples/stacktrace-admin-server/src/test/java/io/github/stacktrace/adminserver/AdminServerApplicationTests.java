package io.github.stacktrace.adminserver;

import java.net.http.HttpResponse;

import io.github.stacktrace.test.HttpTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample server serves Spring Boot Admin's UI with the stacktrace extension loaded, and deep links of the fleet
 * page.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class AdminServerApplicationTests {

	private final HttpTestClient http;

	AdminServerApplicationTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port);
	}

	@Test
	void uiLoadsTheExtensionsScriptAndStyle() throws Exception {
		HttpResponse<String> settings = this.http.get("/sba-settings.js", "*/*");
		assertThat(settings.statusCode()).isEqualTo(200);
		// The settings are a script of JSON with each slash escaped.
		assertThat(settings.body().replace("\\/", "/")).contains("\"resourcePath\":\"stacktrace/stacktrace.js\"",
				"\"resourcePath\":\"stacktrace/stacktrace.css\"", "\"/stacktrace-fleet/**\"");
		HttpResponse<String> script = this.http.get("/extensions/stacktrace/stacktrace.js", "*/*");
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.body()).contains("SBA.use(", "parent: 'instances'");
	}

	@Test
	void fleetPageDeepLinkServesTheUi() throws Exception {
		HttpResponse<String> page = this.http.get("/stacktrace-fleet/orders", "text/html");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<div id=\"app\"></div>");
	}

}
