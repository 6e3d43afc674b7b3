package io.github.stacktrace.stuck;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.stacktrace.autoconfigure.StuckRequestLog;
import org.slf4j.LoggerFactory;

/**
 * The events the stuck-request log writes while a test listens, for the servlet and the WebFlux tests alike.
 */
public final class StuckRequestLogEvents {

	private final ListAppender<ILoggingEvent> events = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(StuckRequestLog.LOGGER_NAME);

	/**
	 * Starts listening, at {@code INFO} and above: a stuck request's warning and its end.
	 */
	public void start() {
		this.events.start();
		this.logger.addAppender(this.events);
		this.logger.setLevel(Level.INFO);
	}

	/**
	 * Stops listening.
	 */
	public void stop() {
		this.logger.detachAppender(this.events);
	}

	/**
	 * The events written since listening started.
	 * @return a copy, in the order they were written
	 */
	public List<ILoggingEvent> all() {
		// The appender appends under its own lock.
		synchronized (this.events) {
			return List.copyOf(this.events.list);
		}
	}

}
