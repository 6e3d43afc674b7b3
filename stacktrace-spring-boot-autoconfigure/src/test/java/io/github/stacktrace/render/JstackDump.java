package io.github.stacktrace.render;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A small, strict reader of {@code jstack -l} text, written from the format's rules as the thread-dump analysers
 * apply them: a thread starts at a {@code "name" #id … prio=n …} header; {@code java.lang.Thread.State:} gives its
 * state; {@code \tat} lines are frames; {@code \t- locked <0x…> (a …)}, {@code - waiting on}, {@code - waiting to lock}
 * and {@code - parking to wait for} are lock lines; {@code Locked ownable synchronizers:} is followed by
 * {@code \t- None}; a blank line ends the thread; {@code Found one Java-level deadlock:} opens a deadlock section that
 * ends at {@code Found n deadlock(s).}. A line inside a thread that none of these rules knows is an error, except a
 * {@code //} comment.
 */
final class JstackDump {

	private static final Pattern HEADER = Pattern
		.compile("^\"((?:[^\"\\\\]|\\\\.)*)\" #(\\d+)( daemon)? prio=(\\d+) tid=0x[0-9a-f]{16} nid=0x[0-9a-f]+(.*)$");

	private static final Pattern STATE = Pattern.compile("^   java\\.lang\\.Thread\\.State: ([A-Z_]+)( \\(.+\\))?$");

	private static final Pattern FRAME = Pattern.compile("^\tat (.+)$");

	private static final Pattern LOCK = Pattern
		.compile("^\t- (locked|waiting on|waiting to lock|parking to wait for ) <(0x[0-9a-f]{16})> \\(a (.+)\\)$");

	private static final Pattern DEADLOCKS_FOUND = Pattern.compile("^Found (\\d+) deadlocks?\\.$");

	final List<Thread> threads = new ArrayList<>();

	int deadlockCycles;

	@Nullable Integer deadlocksFound;

	final List<String> comments = new ArrayList<>();

	static JstackDump parse(String text) {
		JstackDump dump = new JstackDump();
		String[] lines = text.split("\n", -1);
		if (!lines[1].startsWith("Full thread dump ")) {
			throw new IllegalArgumentException("no preamble: " + lines[1]);
		}
		Thread current = null;
		boolean inDeadlock = false;
		for (int i = 2; i < lines.length; i++) {
			String line = lines[i];
			if (inDeadlock) {
				Matcher found = DEADLOCKS_FOUND.matcher(line);
				if (found.matches()) {
					dump.deadlocksFound = Integer.valueOf(found.group(1));
					inDeadlock = false;
				}
				else if (line.equals("Found one Java-level deadlock:")) {
					dump.deadlockCycles++;
				}
				continue;
			}
			if (line.equals("Found one Java-level deadlock:")) {
				dump.deadlockCycles++;
				inDeadlock = true;
				current = null;
				continue;
			}
			Matcher header = HEADER.matcher(line);
			if (header.matches()) {
				current = new Thread(header.group(1), Long.parseLong(header.group(2)), header.group(3) != null,
						Integer.parseInt(header.group(4)), header.group(5).trim());
				dump.threads.add(current);
				continue;
			}
			if (line.isEmpty()) {
				continue;
			}
			if (line.startsWith("//")) {
				dump.comments.add(line);
				continue;
			}
			if (current == null) {
				throw new IllegalArgumentException("line " + (i + 1) + " outside a thread: " + line);
			}
			current.read(line, i + 1);
		}
		return dump;
	}

	Thread thread(long id) {
		return this.threads.stream()
			.filter((thread) -> thread.id == id)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no thread #" + id));
	}

	/** One thread of the dump. */
	static final class Thread {

		final String name;

		final long id;

		final boolean daemon;

		final int priority;

		final String stateWords;

		@Nullable String state;

		final List<String> frames = new ArrayList<>();

		final List<String> locks = new ArrayList<>();

		final List<String> comments = new ArrayList<>();

		boolean ownableSynchronizers;

		Thread(String name, long id, boolean daemon, int priority, String stateWords) {
			this.name = name;
			this.id = id;
			this.daemon = daemon;
			this.priority = priority;
			this.stateWords = stateWords;
		}

		private void read(String line, int number) {
			Matcher matcher = STATE.matcher(line);
			if (matcher.matches()) {
				this.state = matcher.group(1);
				return;
			}
			matcher = FRAME.matcher(line);
			if (matcher.matches()) {
				this.frames.add(matcher.group(1));
				return;
			}
			matcher = LOCK.matcher(line);
			if (matcher.matches()) {
				this.locks.add(matcher.group(1).trim() + " " + matcher.group(2));
				return;
			}
			if (line.equals("   Locked ownable synchronizers:")) {
				this.ownableSynchronizers = true;
				return;
			}
			if (this.ownableSynchronizers && line.equals("\t- None")) {
				return;
			}
			if (line.startsWith("   //")) {
				this.comments.add(line.substring(3));
				return;
			}
			throw new IllegalArgumentException("line " + number + " of thread #" + this.id + " is not jstack: " + line);
		}

	}

}
