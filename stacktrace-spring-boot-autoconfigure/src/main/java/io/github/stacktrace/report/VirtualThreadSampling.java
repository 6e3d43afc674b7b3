package io.github.stacktrace.report;

/**
 * How a hot-threads report looked at the tracked virtual threads (those serving a request or running a Spring task),
 * for the {@code wait} and {@code block} types on Java 21 and later: their time is estimated from their state at the
 * window's snapshot instants, and they are ranked apart from the threads the JVM measures.
 *
 * @param trackedThreads how many tracked virtual threads were sampled at one instant of the window or more
 * @param instants how many instants the window had
 * @since 0.1.0
 */
public record VirtualThreadSampling(int trackedThreads, int instants) {

}
