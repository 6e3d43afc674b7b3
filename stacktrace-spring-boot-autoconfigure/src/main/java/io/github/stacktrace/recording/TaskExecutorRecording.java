package io.github.stacktrace.recording;

import java.util.function.Supplier;

import io.github.stacktrace.context.RequestContextRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Gives every Spring-managed {@link SimpleAsyncTaskExecutor} (so {@code SimpleAsyncTaskScheduler} too),
 * {@link ThreadPoolTaskExecutor} and {@link ThreadPoolTaskScheduler} bean a {@link RecordingTaskDecorator} around the
 * decorator it already has: the executor stays the application's own, its decorator still runs. Applied before the
 * bean is initialized, which is when a thread pool reads its decorator; an executor initialized by hand earlier keeps
 * running its tasks unrecorded.
 * <p>
 * Spring has no getter for an executor's decorator: it is read from the executor's {@code taskDecorator} field. Where
 * that field is missing (another Spring version), the executor is left alone and this is said once.
 *
 * @since 0.1.0
 */
public class TaskExecutorRecording implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(TaskExecutorRecording.class);

	private static final String DECORATOR_FIELD = "taskDecorator";

	private final Supplier<@Nullable RequestContextRegistry> registry;

	private final Supplier<TraceContextSource> traces;

	private volatile boolean warned;

	/**
	 * Creates the post-processor.
	 * @param registry where to record, asked for when the first executor is met, or {@code null} for none
	 * @param traces gives the current trace context, asked for when the first executor is met
	 */
	public TaskExecutorRecording(Supplier<@Nullable RequestContextRegistry> registry,
			Supplier<TraceContextSource> traces) {
		this.registry = registry;
		this.traces = traces;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof SimpleAsyncTaskExecutor executor) {
			TaskDecorator decorator = decorator(executor, beanName);
			if (decorator != null) {
				executor.setTaskDecorator(decorator);
			}
		}
		else if (bean instanceof ThreadPoolTaskExecutor executor) {
			TaskDecorator decorator = decorator(executor, beanName);
			if (decorator != null) {
				executor.setTaskDecorator(decorator);
			}
		}
		else if (bean instanceof ThreadPoolTaskScheduler scheduler) {
			TaskDecorator decorator = decorator(scheduler, beanName);
			if (decorator != null) {
				scheduler.setTaskDecorator(decorator);
			}
		}
		return bean;
	}

	private @Nullable TaskDecorator decorator(Object executor, String beanName) {
		DirectFieldAccessor fields = new DirectFieldAccessor(executor);
		if (!fields.isReadableProperty(DECORATOR_FIELD)) {
			if (!this.warned) {
				this.warned = true;
				logger.warn("Tasks of " + executor.getClass().getName() + " are not recorded: it has no "
						+ DECORATOR_FIELD + " field to compose with");
			}
			return null;
		}
		Object existing = fields.getPropertyValue(DECORATOR_FIELD);
		RequestContextRegistry registry = this.registry.get();
		if (registry == null || existing instanceof RecordingTaskDecorator) {
			return null;
		}
		return new RecordingTaskDecorator(registry, this.traces.get(), beanName, (TaskDecorator) existing);
	}

}
