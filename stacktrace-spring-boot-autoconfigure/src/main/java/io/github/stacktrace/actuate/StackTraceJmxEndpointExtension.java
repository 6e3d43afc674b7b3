package io.github.stacktrace.actuate;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.jmx.annotation.EndpointJmxExtension;
import org.springframework.lang.Nullable;

/**
 * {@link EndpointJmxExtension @EndpointJmxExtension} for the {@link StackTraceEndpoint}: the same report as a string;
 * a bad parameter, a running capture or a failure is an exception with the same one-line message as over HTTP.
 */
@EndpointJmxExtension(endpoint = StackTraceEndpoint.class)
@SuppressWarnings("deprecation") // org.springframework.lang.Nullable: the optional marker Boot 3.5 also honours
public class StackTraceJmxEndpointExtension {

	private final StackTraceEndpoint endpoint;

	/**
	 * Creates the extension.
	 * @param endpoint the endpoint
	 */
	public StackTraceJmxEndpointExtension(StackTraceEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Captures the requested threads and renders the report.
	 * @param thread_id comma-separated Java thread ids; every live thread when absent
	 * @param tid legacy alias of {@code thread_id}
	 * @param mode frame detail: DISABLED, FAST, FULL or FULL_WITH_INLINE
	 * @param dwarf_location_info_mode long name of {@code mode}; wins when both are given
	 * @param timeout_ms the most one thread's capture may take, in milliseconds
	 * @param skip_blocking_syscalls whether to skip threads blocked in a blocking native call
	 * @param format text (the default), json or folded
	 * @param group whether threads with identical stacks share one section
	 * @param state comma-separated thread states to keep
	 * @param name a glob ({@code *}, {@code ?}) the whole thread name must match
	 * @return the report
	 */
	@ReadOperation
	public String stackTrace(@Nullable String thread_id, @Nullable String tid, @Nullable String mode,
			@Nullable String dwarf_location_info_mode, @Nullable String timeout_ms,
			@Nullable String skip_blocking_syscalls, @Nullable String format, @Nullable String group,
			@Nullable String state, @Nullable String name) {
		return this.endpoint.report(new RawParameters(thread_id, tid, mode,
				dwarf_location_info_mode, timeout_ms, skip_blocking_syscalls, format, group, state, name));
	}

}
