package io.github.stacktrace.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Whether the temporary file system has room for the next JDK thread dump. The room asked for is learnt from the
 * dumps before: twice the size the last one reached, never less than a floor. A dump that failed counts with the size
 * it had reached, which is less than it needed: after a dump that ran out of room, the next one asks for twice the room
 * the failed one had, so a dump too large for the file system fails once rather than filling it on every request.
 * There is no dump in flight to count: one JDK dump at a time runs in a JVM ({@link VirtualThreadDump}), and this check
 * is made before it starts.
 */
final class DumpSpace {

	// The next dump is usually about as large as the last: twice that leaves room for growth and other writers.
	private static final int GROWTH = 2;

	private final FreeSpace freeSpace;

	private final long minFreeBytes;

	private long expectedBytes;

	private long failedAtBytes;

	/**
	 * Creates a space check.
	 * @param freeSpace tells the usable space of a directory's file system
	 * @param minFreeBytes the least usable space a dump needs, whatever the last one weighed
	 */
	DumpSpace(FreeSpace freeSpace, long minFreeBytes) {
		this.freeSpace = freeSpace;
		this.minFreeBytes = minFreeBytes;
	}

	/**
	 * Why a dump into a directory may not be taken, or {@code null} when there is room for it.
	 * @param directory the directory the dump would be written to
	 * @return what the report should say, or {@code null}
	 * @throws IOException if the free space cannot be read
	 */
	@Nullable String refusal(Path directory) throws IOException {
		long usable = this.freeSpace.usableBytes(directory);
		long needed;
		long failedAt;
		synchronized (this) {
			needed = Math.max(this.minFreeBytes, GROWTH * this.expectedBytes);
			failedAt = this.failedAtBytes;
		}
		if (usable >= needed) {
			return null;
		}
		return size(usable) + " free for the JDK's thread dump, " + size(needed) + " needed"
				+ ((failedAt > 0) ? " (the last dump failed after writing " + size(failedAt) + ")" : "");
	}

	/**
	 * Learns from a dump that was written whole.
	 * @param bytes its size
	 */
	synchronized void dumped(long bytes) {
		this.expectedBytes = bytes;
		this.failedAtBytes = 0;
	}

	/**
	 * Learns from a dump that failed: it needed more than it reached.
	 * @param reachedBytes the size of its file when it failed
	 */
	synchronized void failed(long reachedBytes) {
		this.expectedBytes = Math.max(this.expectedBytes, reachedBytes);
		this.failedAtBytes = reachedBytes;
	}

	private static String size(long bytes) {
		return (bytes >= 1024 * 1024) ? (bytes / (1024 * 1024)) + " MB" : (bytes / 1024) + " KB";
	}

	/** Tells the usable space of the file system a directory is on. */
	@FunctionalInterface
	interface FreeSpace {

		/** The file store's own figure. */
		FreeSpace FILE_STORE = (directory) -> Files.getFileStore(directory).getUsableSpace();

		long usableBytes(Path directory) throws IOException;

	}

}
