package io.github.stacktrace.recording;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RequestContextSlot;
import io.github.stacktrace.report.RequestContext;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskDecorator;

/**
 * Records each task of one Spring-managed executor or scheduler on the thread that runs it, as {@code ASYNC} and the
 * task's name, while it runs. The executor's own decorator, if it had one, still decorates every task and runs outside
 * the recording, so the trace it restores is the task's.
 * <p>
 * A task is named by its class's simple name. An {@code @Async} method or a {@code submit}ted callable reaches the
 * executor wrapped in a JDK future, whose class says nothing: such a task is named by the executor's bean name, and
 * {@link AsyncMethodRecorder} names an {@code @Async} method once it runs. A task run on a thread that already serves
 * something (a caller-runs policy, a synchronous executor) leaves that thread's record alone.
 *
 * @since 0.1.0
 */
public final class RecordingTaskDecorator implements TaskDecorator {

	private static final ClassValue<@Nullable String> TASK_NAMES = new ClassValue<>() {

		@Override
		protected @Nullable String computeValue(Class<?> type) {
			return taskName(type);
		}

	};

	private final RequestContextRegistry registry;

	private final TraceContextSource traces;

	private final String executorName;

	private final @Nullable TaskDecorator delegate;

	/**
	 * Creates a decorator.
	 * @param registry where to record
	 * @param traces gives the current trace context, as the executor's own decorator leaves it
	 * @param executorName the executor's bean name, which names the tasks whose class says nothing
	 * @param delegate the executor's own decorator, or {@code null}
	 */
	public RecordingTaskDecorator(RequestContextRegistry registry, TraceContextSource traces, String executorName,
			@Nullable TaskDecorator delegate) {
		this.registry = registry;
		this.traces = traces;
		this.executorName = executorName;
		this.delegate = delegate;
	}

	/**
	 * The executor's own decorator.
	 * @return the decorator this one wraps, or {@code null}
	 */
	public @Nullable TaskDecorator delegate() {
		return this.delegate;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		String name = TASK_NAMES.get(runnable.getClass());
		Runnable recorded = new RecordedTask(this.registry, this.traces, (name != null) ? name : this.executorName,
				runnable);
		return (this.delegate != null) ? this.delegate.decorate(recorded) : recorded;
	}

	/**
	 * A task's name from its class: its simple name, or that of the class that wrote a lambda or an anonymous class;
	 * {@code null} for the JDK's own wrappers (futures), which name nothing of the application's.
	 * @param type the task's class
	 * @return the name, or {@code null}
	 */
	static @Nullable String taskName(Class<?> type) {
		if (type.getName().startsWith("java.")) {
			return null;
		}
		String name = type.getName();
		int lambda = name.indexOf("$$Lambda");
		if (lambda >= 0) {
			// A lambda is named by the class that wrote it, an anonymous class by the one that encloses it.
			name = name.substring(0, lambda);
		}
		else if (type.isAnonymousClass()) {
			name = name.substring(0, name.lastIndexOf('$'));
		}
		return name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);
	}

	private static final class RecordedTask implements Runnable {

		private final RequestContextRegistry registry;

		private final TraceContextSource traces;

		private final String name;

		private final Runnable task;

		RecordedTask(RequestContextRegistry registry, TraceContextSource traces, String name, Runnable task) {
			this.registry = registry;
			this.traces = traces;
			this.name = name;
			this.task = task;
		}

		@Override
		public void run() {
			RequestContextSlot slot = this.registry.slot();
			if (slot.isServing()) {
				this.task.run();
				return;
			}
			slot.begin(RequestContext.ASYNC, System.nanoTime(), this.name, this.traces.current());
			try {
				this.task.run();
			}
			finally {
				slot.end();
			}
		}

		@Override
		public String toString() {
			return this.task.toString();
		}

	}

}
