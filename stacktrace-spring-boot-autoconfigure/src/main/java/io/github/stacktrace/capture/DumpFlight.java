package io.github.stacktrace.capture;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * One JDK thread dump in its private directory, and the requests that read it. The dump holds the directory while the
 * JDK writes it, each request while it waits and reads; whoever lets go last deletes it, so a dump that outlasts
 * every request deletes itself when the JDK is done, and one that ends while requests read it stays until they are
 * done.
 */
final class DumpFlight {

	private final long startedNanos;

	private final Path directory;

	private final CompletableFuture<End> end = new CompletableFuture<>();

	private int holders = 1;

	/**
	 * Creates a dump about to start, held by the dump itself.
	 * @param startedNanos the {@link System#nanoTime()} it starts at
	 * @param directory its private directory
	 */
	DumpFlight(long startedNanos, Path directory) {
		this.startedNanos = startedNanos;
		this.directory = directory;
	}

	long startedNanos() {
		return this.startedNanos;
	}

	Path file() {
		return this.directory.resolve("threads.json");
	}

	/** A request holds the directory until it {@link #release() releases} it. */
	synchronized void hold() {
		if (this.holders == 0) {
			throw new IllegalStateException("the dump's directory is already deleted");
		}
		this.holders++;
	}

	/**
	 * How many requests hold the directory while the dump runs.
	 * @return the count, the dump's own hold left out
	 */
	synchronized int requests() {
		return this.holders - 1;
	}

	/** A request, or the dump, lets go of the directory; the last one deletes it. */
	void release() {
		boolean last;
		synchronized (this) {
			last = --this.holders == 0;
		}
		if (last) {
			DumpDirectories.delete(this.directory);
		}
	}

	/**
	 * The dump has ended: it lets go of its directory, and the requests waiting for it are told. In that order, so
	 * that a request that needs no file of it finds the file deleted when it is done.
	 * @param end how it ended
	 */
	void ended(End end) {
		release();
		this.end.complete(end);
	}

	/**
	 * Waits for the dump to end.
	 * @param deadlineNanos the {@link System#nanoTime()} to wait until at most
	 * @return how it ended, or {@code null} when it had not by the deadline
	 * @throws InterruptedException if the calling thread is interrupted while it waits
	 */
	@Nullable End awaitEnd(long deadlineNanos) throws InterruptedException {
		try {
			return this.end.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			return null;
		}
		catch (ExecutionException ex) {
			// Never completed exceptionally: a failed dump is an End too.
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * How a dump ended.
	 *
	 * @param bytes the size of its file, whole or as far as it got
	 * @param failure why it failed, or {@code null} when it was written whole
	 */
	record End(long bytes, @Nullable Throwable failure) {

	}

}
