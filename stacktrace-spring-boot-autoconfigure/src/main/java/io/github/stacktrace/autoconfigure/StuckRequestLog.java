package io.github.stacktrace.autoconfigure;

import io.github.stacktrace.render.StuckRequestEventText;
import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.report.StuckRequestEvent;
import io.github.stacktrace.stuck.StuckRequestListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logs stuck-request events on the logger {@code io.github.stacktrace.stuck}: a WARN when requests are found stuck,
 * an INFO when they end. The first request's trace and span ids are put in the MDC as {@code traceId} and
 * {@code spanId} (the keys Spring Boot's log correlation reads) for the event, so the event sits with the request's
 * other log lines.
 *
 * @since 0.1.0
 */
public class StuckRequestLog implements StuckRequestListener {

	/** The logger's name. */
	public static final String LOGGER_NAME = "io.github.stacktrace.stuck";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	private final StuckRequestEventText text;

	/**
	 * Creates the log.
	 * @param text makes the events' text
	 */
	public StuckRequestLog(StuckRequestEventText text) {
		this.text = text;
	}

	@Override
	public void event(StuckRequestEvent event) {
		boolean stuck = event.kind() == StuckRequestEvent.Kind.STUCK;
		if (stuck ? !logger.isWarnEnabled() : !logger.isInfoEnabled()) {
			return;
		}
		RequestContext request = event.first().request();
		String message = this.text.message(event);
		String previousTrace = MDC.get("traceId");
		String previousSpan = MDC.get("spanId");
		put("traceId", request.traceId());
		put("spanId", request.spanId());
		try {
			if (stuck) {
				logger.warn(message);
			}
			else {
				logger.info(message);
			}
		}
		finally {
			restore("traceId", previousTrace);
			restore("spanId", previousSpan);
		}
	}

	private static void put(String key, @Nullable String value) {
		if (value != null) {
			MDC.put(key, value);
		}
	}

	private static void restore(String key, @Nullable String previous) {
		if (previous != null) {
			MDC.put(key, previous);
		}
		else {
			MDC.remove(key);
		}
	}

}
