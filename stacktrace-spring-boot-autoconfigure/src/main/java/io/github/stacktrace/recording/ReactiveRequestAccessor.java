package io.github.stacktrace.recording;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Lets Micrometer's context propagation, which Reactor uses, follow a reactive request from thread to thread: with
 * Reactor's automatic context propagation ({@code spring.reactor.context-propagation=auto}), Reactor sets the request
 * from its {@code Context} on each thread that runs part of it and clears or restores it when that part is done, so the
 * thread that runs the request at the moment shows it. Holds no state of its own: the request carries its registry,
 * so one instance, registered once in the global {@code ContextRegistry}, serves every application in the JVM.
 *
 * @since 0.1.0
 */
public final class ReactiveRequestAccessor implements ThreadLocalAccessor<ReactiveRequest> {

	/** The instance to register. */
	public static final ReactiveRequestAccessor INSTANCE = new ReactiveRequestAccessor();

	private ReactiveRequestAccessor() {
	}

	@Override
	public Object key() {
		return ReactiveRequest.CONTEXT_KEY;
	}

	@Override
	public @Nullable ReactiveRequest getValue() {
		return ReactiveRequestThreads.current();
	}

	@Override
	public void setValue(ReactiveRequest value) {
		ReactiveRequestThreads.enter(value);
	}

	@Override
	public void setValue() {
		ReactiveRequestThreads.leave();
	}

}
