package io.github.stacktrace.recording;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RequestContextSlot;
import io.github.stacktrace.report.RequestContext;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Names an {@code @Async} method's task {@code SimpleClassName.method} once it runs on the executor's thread: added
 * after Spring's asynchronous advice by {@link AsyncMethodNaming}, it runs where {@link RecordingTaskDecorator} has
 * already recorded the task under the executor's name. On any other thread (one that serves a request, say) it changes nothing.
 *
 * @since 0.1.0
 */
public class AsyncMethodRecorder implements MethodInterceptor {

	// One entry per @Async method of the application: bounded by its code.
	private final Map<Method, String> names = new ConcurrentHashMap<>();

	private final SingletonSupplier<RequestContextRegistry> registry;

	/**
	 * Creates the recorder.
	 * @param registry where the task is recorded, asked for on the first call: advisors are made before most beans
	 */
	public AsyncMethodRecorder(Supplier<RequestContextRegistry> registry) {
		this.registry = SingletonSupplier.of(registry);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		RequestContextSlot slot = this.registry.obtain().existingSlot();
		if (slot != null && slot.serves(RequestContext.ASYNC)) {
			slot.route(this.names.computeIfAbsent(invocation.getMethod(), (method) -> name(invocation, method)));
		}
		return invocation.proceed();
	}

	private static String name(MethodInvocation invocation, Method method) {
		Object target = invocation.getThis();
		Class<?> type = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		return ClassUtils.getUserClass(type).getSimpleName() + "." + method.getName();
	}

}
