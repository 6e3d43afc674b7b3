package io.github.stacktrace.recording;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.test.TestThreads;
import io.micrometer.context.ContextRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reactive request follows the threads Reactor runs it on, through the accessor, where automatic context propagation
 * is on; without it, a thread Reactor hands the request to shows nothing.
 */
class ReactiveRequestAccessorTests {

	private final RequestContextRegistry registry = new RequestContextRegistry();

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	@BeforeAll
	static void registerAccessor() {
		ContextRegistry.getInstance().registerThreadLocalAccessor(ReactiveRequestAccessor.INSTANCE);
	}

	// The hook is global and Boot's default leaves it off: each test starts, and leaves the JVM, without it.
	@BeforeEach
	@AfterEach
	void limitedPropagation() {
		Hooks.disableAutomaticContextPropagation();
	}

	@Test
	void withAutomaticPropagationTheThreadRunningTheRequestShowsItUntilItIsDone() {
		Hooks.enableAutomaticContextPropagation();
		ReactiveRequest request = request("GET", 42);
		this.attributes.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/orders/{id}");
		Optional<RequestContext> seen = readOnBoundedElastic(request);
		assertThat(seen).hasValueSatisfying((context) -> {
			assertThat(context.description()).isEqualTo("GET /orders/{id}");
			assertThat(context.startedNanos()).isEqualTo(42);
		});
		assertThat(readCurrentThread()).isNull();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.registry.servingCount()).isZero());
	}

	@Test
	void withoutAutomaticPropagationAThreadReactorHandsTheRequestToShowsNothing() {
		assertThat(readOnBoundedElastic(request("GET", 42))).isEmpty();
		assertThat(this.registry.servingCount()).isZero();
	}

	@Test
	void aRequestTakenOverOnAThreadIsHandedBackWithItsOwnStart() {
		ReactiveRequest outer = request("POST", 7);
		ReactiveRequest inner = request("GET", 9);
		ReactiveRequestAccessor accessor = ReactiveRequestAccessor.INSTANCE;
		accessor.setValue(outer);
		ReactiveRequest previous = accessor.getValue();
		accessor.setValue(inner);
		assertThat(readCurrentThread().description()).isEqualTo("GET UNKNOWN");
		accessor.restore(previous);
		RequestContext restored = readCurrentThread();
		assertThat(restored.description()).isEqualTo("POST UNKNOWN");
		assertThat(restored.startedNanos()).isEqualTo(7);
		accessor.restore();
		assertThat(readCurrentThread()).isNull();
		assertThat(accessor.getValue()).isNull();
		assertThat(this.registry.servingCount()).isZero();
	}

	@Test
	void theEmptyPatternReadsAsRoot() {
		this.attributes.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "");
		assertThat(request("GET", 1).route()).isEqualTo("root");
	}

	@Test
	void aParsedPatternIsTheRouteWhateverThePath() {
		this.attributes.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
				PathPatternParser.defaultInstance.parse("/files/**"));
		assertThat(new ReactiveRequest(this.registry, "GET", 1, this.attributes, null, "/files/a/b").route())
			.isEqualTo("/files/**");
		this.attributes.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
				PathPatternParser.defaultInstance.parse("/literal"));
		assertThat(new ReactiveRequest(this.registry, "GET", 1, this.attributes, null, "/literal").route())
			.isEqualTo("/literal");
	}

	@Test
	void aPatternStringThatIsTheRequestsOwnPathIsNoRoute() {
		this.attributes.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/zzz/PATHSECRET/abc");
		assertThat(new ReactiveRequest(this.registry, "GET", 1, this.attributes, null, "/zzz/PATHSECRET/abc").route())
			.isEqualTo("UNKNOWN");
		this.attributes.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/orders/{id}");
		assertThat(new ReactiveRequest(this.registry, "GET", 1, this.attributes, null, "/orders/7").route())
			.isEqualTo("/orders/{id}");
		this.attributes.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/");
		assertThat(new ReactiveRequest(this.registry, "GET", 1, this.attributes, null, "/").route()).isEqualTo("/");
	}

	private Optional<RequestContext> readOnBoundedElastic(ReactiveRequest request) {
		return Mono.fromCallable(() -> Optional.ofNullable(readCurrentThread()))
			.subscribeOn(Schedulers.boundedElastic())
			.contextWrite(Context.of(ReactiveRequest.CONTEXT_KEY, request))
			.block(Duration.ofSeconds(30));
	}

	private ReactiveRequest request(String method, long startedNanos) {
		return new ReactiveRequest(this.registry, method, startedNanos, this.attributes, null);
	}

	private @Nullable RequestContext readCurrentThread() {
		return this.registry.read(TestThreads.id(Thread.currentThread()), System.nanoTime());
	}

}
