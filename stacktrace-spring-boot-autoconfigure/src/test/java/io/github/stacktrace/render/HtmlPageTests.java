package io.github.stacktrace.render;

import io.github.stacktrace.render.HtmlPage.PackageKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the page colours a frame: the application's own code, the libraries it runs on, or the JDK.
 */
class HtmlPageTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			java.lang.Thread                                                | JDK
			jdk.internal.misc.Unsafe                                        | JDK
			sun.nio.ch.EPoll                                                | JDK
			com.sun.management.internal.HotSpotDiagnostic                  | JDK
			javax.management.MBeanServer                                    | JDK
			javax.net.ssl.SSLSocket                                         | JDK
			javax.crypto.Cipher                                             | JDK
			javax.servlet.http.HttpServlet                                  | FRAMEWORK
			javax.persistence.EntityManager                                 | FRAMEWORK
			jakarta.servlet.http.HttpServlet                                | FRAMEWORK
			jakarta.servlet.FilterChain                                     | FRAMEWORK
			org.apache.catalina.core.ApplicationFilterChain                 | FRAMEWORK
			org.apache.coyote.http11.Http11Processor                        | FRAMEWORK
			org.apache.tomcat.util.net.NioEndpoint$Poller                   | FRAMEWORK
			org.eclipse.jetty.server.Server                                 | FRAMEWORK
			io.undertow.server.Connectors                                   | FRAMEWORK
			io.netty.channel.nio.NioEventLoop                               | FRAMEWORK
			reactor.core.publisher.Mono                                     | FRAMEWORK
			com.fasterxml.jackson.databind.ObjectMapper                     | FRAMEWORK
			tools.jackson.databind.ObjectMapper                             | FRAMEWORK
			org.hibernate.internal.SessionImpl                              | FRAMEWORK
			io.micrometer.core.instrument.Timer                             | FRAMEWORK
			org.springframework.web.servlet.DispatcherServlet               | FRAMEWORK
			com.zaxxer.hikari.pool.HikariPool                               | FRAMEWORK
			org.postgresql.core.v3.QueryExecutorImpl                        | FRAMEWORK
			com.example.orders.OrderService                                 | APPLICATION
			orders.OrderService                                             | APPLICATION
			javaxtools.Thing                                                | APPLICATION
			jakartaee.Thing                                                 | APPLICATION
			reactorx.Thing                                                  | APPLICATION
			OrderService                                                    | APPLICATION
			""")
	void classIsColouredByWhoWroteIt(String className, PackageKind kind) {
		assertThat(PackageKind.of(className)).isEqualTo(kind);
	}

}
