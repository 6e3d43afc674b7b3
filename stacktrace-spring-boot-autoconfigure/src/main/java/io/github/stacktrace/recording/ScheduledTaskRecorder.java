package io.github.stacktrace.recording;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.report.RequestContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import org.springframework.scheduling.support.ScheduledTaskObservationContext;
import org.springframework.util.ClassUtils;

/**
 * Records a {@code @Scheduled} method's run on the thread that runs it, named {@code SimpleClassName.method}, while
 * its {@code tasks.scheduled.execution} observation is in scope on that thread. A scope opens and closes on one
 * thread, whether the method returns or throws; an observation's start and stop need not (a reactive method's stop
 * comes on whichever thread completes it), so they are not used.
 *
 * @since 0.1.0
 */
public class ScheduledTaskRecorder implements ObservationHandler<ScheduledTaskObservationContext> {

	private final RequestContextRegistry registry;

	/**
	 * Creates the recorder.
	 * @param registry where to record
	 */
	public ScheduledTaskRecorder(RequestContextRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onScopeOpened(ScheduledTaskObservationContext context) {
		String task = ClassUtils.getUserClass(context.getTargetClass()).getSimpleName() + "."
				+ context.getMethod().getName();
		this.registry.slot().begin(RequestContext.SCHEDULED, System.nanoTime(), task, null);
	}

	@Override
	public void onScopeClosed(ScheduledTaskObservationContext context) {
		this.registry.slot().end();
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ScheduledTaskObservationContext;
	}

}
