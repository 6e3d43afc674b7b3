package io.github.stacktrace.autoconfigure;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EndpointPath}.
 */
class EndpointPathTests {

	private final StaticListableBeanFactory beans = new StaticListableBeanFactory();

	private final EndpointPath path = new EndpointPath(this.beans.getBeanProvider(PathMappedEndpoints.class));

	@Test
	void beforeTheEndpointsAreMappedNoRequestIsTheEndpoints() {
		assertThat(this.path.get()).isEqualTo(EndpointPath.NONE);
	}

	@Test
	void onceTheEndpointsAreMappedTheirPathIsAskedForOnceAndKept() {
		assertThat(this.path.get()).isEqualTo(EndpointPath.NONE);
		CountingEndpoints endpoints = new CountingEndpoints("/actuator/stacktrace");
		this.beans.addBean("endpoints", endpoints);

		assertThat(this.path.get()).isEqualTo("/actuator/stacktrace");
		assertThat(this.path.get()).isSameAs(this.path.get());
		assertThat(endpoints.asked).hasValue(1);
	}

	@Test
	void anEndpointNotMappedOverHttpIsNoRequestsAndIsNotAskedForAgain() {
		CountingEndpoints endpoints = new CountingEndpoints(null);
		this.beans.addBean("endpoints", endpoints);

		assertThat(this.path.get()).isEqualTo(EndpointPath.NONE);
		assertThat(this.path.get()).isEqualTo(EndpointPath.NONE);
		assertThat(endpoints.asked).hasValue(1);
	}

	private static final class CountingEndpoints extends PathMappedEndpoints {

		private final @Nullable String path;

		private final AtomicInteger asked = new AtomicInteger();

		CountingEndpoints(@Nullable String path) {
			super("/actuator", List::of);
			this.path = path;
		}

		@Override
		public @Nullable String getPath(EndpointId endpointId) {
			assertThat(endpointId).isEqualTo(EndpointId.of("stacktrace"));
			this.asked.incrementAndGet();
			return this.path;
		}

	}

}
