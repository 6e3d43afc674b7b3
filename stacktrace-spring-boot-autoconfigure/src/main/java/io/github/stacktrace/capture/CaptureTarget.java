package io.github.stacktrace.capture;

/**
 * A live thread a strategy is asked to capture.
 *
 * @param id the Java thread id
 * @param thread the thread
 */
record CaptureTarget(long id, Thread thread) {

}
