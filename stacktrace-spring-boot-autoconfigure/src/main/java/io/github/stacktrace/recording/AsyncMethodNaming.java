package io.github.stacktrace.recording;

import java.util.function.Supplier;

import io.github.stacktrace.context.RequestContextRegistry;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.Async;

/**
 * Adds {@link AsyncMethodRecorder} to the proxies Spring made for {@code @Async} beans, after the advice they have:
 * Spring's asynchronous advice goes first, so the recorder runs on the executor's thread. It makes no proxy of its
 * own, so a bean is proxied exactly as it was; a bean that ends up without a proxy it can join keeps its tasks named
 * by their executor. Ordered last, after Spring's own post-processor for {@code @Async}.
 *
 * @since 0.1.0
 */
public class AsyncMethodNaming implements BeanPostProcessor, Ordered {

	private final Advisor advisor;

	/**
	 * Creates the post-processor.
	 * @param registry where tasks are recorded, asked for on the first call of an {@code @Async} method
	 */
	public AsyncMethodNaming(Supplier<RequestContextRegistry> registry) {
		ComposablePointcut pointcut = new ComposablePointcut(new AnnotationMatchingPointcut(Async.class, true))
			.union(new AnnotationMatchingPointcut(null, Async.class, true));
		this.advisor = new DefaultPointcutAdvisor(pointcut, new AsyncMethodRecorder(registry));
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof Advised advised && !advised.isFrozen() && advised.indexOf(this.advisor) < 0
				&& AopUtils.canApply(this.advisor, AopUtils.getTargetClass(bean))) {
			advised.addAdvisor(this.advisor);
		}
		return bean;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
