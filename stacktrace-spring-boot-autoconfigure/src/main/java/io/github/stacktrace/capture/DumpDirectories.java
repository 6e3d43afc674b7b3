package io.github.stacktrace.capture;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The private temporary directories the JDK's thread dumps are written to. Each is named after the process that made
 * it, {@code stacktrace-threads-<pid>-<random>}, so that one a crashed JVM left behind (a crash during a dump is the
 * documented risk on Java 25) can be told exactly from one a live JVM is still writing to, and swept.
 */
final class DumpDirectories {

	/** How every dump directory's name starts. */
	static final String PREFIX = "stacktrace-threads-";

	// A directory with no pid in its name (an earlier version's) is stale once this old: no dump lasts that long.
	private static final Duration UNNAMED_STALE_AFTER = Duration.ofHours(1);

	// A process's start time may be read coarser than file times (Linux: the boot time to the second): a directory
	// made this little before its pid's process started is still taken to be that process's own.
	private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

	private static final System.Logger logger = System.getLogger(DumpDirectories.class.getName());

	private final Path root;

	private final long pid;

	/**
	 * Creates the directories of this process.
	 * @param root where the directories are created
	 */
	DumpDirectories(Path root) {
		this(root, ProcessHandle.current().pid());
	}

	DumpDirectories(Path root, long pid) {
		this.root = root;
		this.pid = pid;
	}

	/**
	 * Creates a new directory only its owner may read.
	 * @return the directory
	 * @throws IOException if it cannot be created
	 */
	Path create() throws IOException {
		String prefix = PREFIX + this.pid + "-";
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			return Files.createTempDirectory(this.root, prefix,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		// Elsewhere (Windows) a new directory under the user's temporary directory is the user's alone.
		return Files.createTempDirectory(this.root, prefix);
	}

	/**
	 * Deletes a dump directory and the files in it; logs at WARN when something is left.
	 * @param directory the directory
	 * @return {@code true} when it is gone
	 */
	static boolean delete(Path directory) {
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
			for (Path entry : entries) {
				// A symbolic link is deleted, never followed.
				Files.deleteIfExists(entry);
			}
		}
		catch (IOException | RuntimeException ex) {
			// Fall through: deleting the directory says whether anything is left.
		}
		try {
			Files.deleteIfExists(directory);
			return true;
		}
		catch (IOException ex) {
			logger.log(System.Logger.Level.WARNING, "Could not delete the thread dump directory " + directory, ex);
			return false;
		}
	}

	/**
	 * Deletes the dump directories this user's JVMs left behind: those whose process has ended, or whose pid now
	 * belongs to a process started after the directory was made (a restarted container reuses its pid). Entries of
	 * another user, and entries that are not directories (a link is never followed), are left alone.
	 * @param now the time, to age directories with no pid in their name
	 * @return how many were deleted
	 */
	int sweepStale(Instant now) {
		UserPrincipal user;
		Path probe = null;
		try {
			// The owner of a directory made now is this user, whatever the user's name (a container may have none).
			probe = create();
			user = Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS);
		}
		catch (IOException | RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "Could not look for stale thread dump directories in " + this.root, ex);
			return 0;
		}
		finally {
			if (probe != null) {
				delete(probe);
			}
		}
		int swept = 0;
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.root, PREFIX + "*")) {
			for (Path entry : entries) {
				if (!entry.equals(probe) && isStale(entry, user, now) && delete(entry)) {
					swept++;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "Could not look for stale thread dump directories in " + this.root, ex);
		}
		return swept;
	}

	private static boolean isStale(Path entry, UserPrincipal user, Instant now) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			if (!attributes.isDirectory() || !user.equals(Files.getOwner(entry, LinkOption.NOFOLLOW_LINKS))) {
				return false;
			}
			Instant madeAt = attributes.lastModifiedTime().toInstant();
			Long pid = pidOf(entry.getFileName().toString());
			if (pid == null) {
				return madeAt.isBefore(now.minus(UNNAMED_STALE_AFTER));
			}
			Optional<ProcessHandle> process = ProcessHandle.of(pid);
			if (process.isEmpty() || !process.get().isAlive()) {
				return true;
			}
			Optional<Instant> started = process.get().info().startInstant();
			return started.isPresent() && started.get().isAfter(madeAt.plus(START_TOLERANCE));
		}
		catch (IOException | RuntimeException ex) {
			// Gone meanwhile, or unreadable: not ours to judge.
			return false;
		}
	}

	private static @Nullable Long pidOf(String name) {
		int end = name.indexOf('-', PREFIX.length());
		if (end <= PREFIX.length()) {
			return null;
		}
		try {
			return Long.parseLong(name.substring(PREFIX.length(), end));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
