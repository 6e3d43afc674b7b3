package io.github.stacktrace.capture;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.report.ThreadLocks.HeldMonitor;
import io.github.stacktrace.report.ThreadLocks.LockRef;
import org.jspecify.annotations.Nullable;

/**
 * Reads the JDK's JSON thread dump ({@code HotSpotDiagnosticMXBean#dumpThreads}, format {@code JSON}) as a stream,
 * one thread at a time: {@code threadDump.threadContainers[].threads[]}, each with {@code tid}, {@code name},
 * {@code stack} and, on Java 25, {@code virtual}, {@code state}, {@code carrier}, {@code parkBlocker},
 * {@code blockedOn}, {@code waitingOn} and {@code monitorsOwned}. Members it does not know are skipped, so a later
 * JDK's additions do no harm. Identical frames and identical stacks are read into one shared instance each, so that
 * 100,000 threads parked at the same place hold one stack between them.
 */
final class ThreadDumpReader {

	private final Map<String, StackTraceElement> frames = new HashMap<>();

	private final Map<List<StackTraceElement>, List<StackTraceElement>> stacks = new HashMap<>();

	private final Map<String, String> containers = new HashMap<>();

	/** Receives the threads of a dump; returns {@code false} to stop reading. */
	interface Sink {

		boolean accept(DumpedThread thread);

	}

	/**
	 * Reads a dump.
	 * @param in the dump's text
	 * @param sink receives every thread, platform and virtual, in the dump's order
	 * @return {@code true} when the whole dump was read, {@code false} when the sink stopped it
	 * @throws IOException if the dump cannot be read or is not what the JDK writes
	 */
	boolean read(Reader in, Sink sink) throws IOException {
		try (JsonStreamReader json = new JsonStreamReader(in)) {
			json.beginObject();
			while (json.hasNext()) {
				if (!json.nextName().equals("threadDump")) {
					json.skipValue();
					continue;
				}
				json.beginObject();
				while (json.hasNext()) {
					if (!json.nextName().equals("threadContainers")) {
						json.skipValue();
						continue;
					}
					json.beginArray();
					while (json.hasNext()) {
						if (!readContainer(json, sink)) {
							return false;
						}
					}
					json.endArray();
				}
				json.endObject();
			}
			json.endObject();
			return true;
		}
	}

	private boolean readContainer(JsonStreamReader json, Sink sink) throws IOException {
		String container = null;
		json.beginObject();
		while (json.hasNext()) {
			String name = json.nextName();
			if (name.equals("container") && json.peek() == JsonStreamReader.Token.STRING) {
				String read = json.nextScalar();
				container = (read != null) ? this.containers.computeIfAbsent(read, (c) -> c) : null;
			}
			else if (name.equals("threads") && json.peek() == JsonStreamReader.Token.BEGIN_ARRAY) {
				json.beginArray();
				while (json.hasNext()) {
					if (!sink.accept(readThread(json, container))) {
						return false;
					}
				}
				json.endArray();
			}
			else {
				json.skipValue();
			}
		}
		json.endObject();
		return true;
	}

	private DumpedThread readThread(JsonStreamReader json, @Nullable String container) throws IOException {
		long tid = -1;
		String name = null;
		String state = null;
		Boolean virtual = null;
		long carrier = -1;
		List<StackTraceElement> stack = List.of();
		String blockedOn = null;
		String waitingOn = null;
		String parkBlocker = null;
		long parkBlockerOwner = -1;
		List<HeldMonitor> held = List.of();
		json.beginObject();
		while (json.hasNext()) {
			String member = json.nextName();
			switch (member) {
				case "tid" -> tid = parseId(json.nextScalar());
				case "name" -> name = json.nextScalar();
				case "state" -> state = json.nextScalar();
				case "virtual" -> virtual = "true".equals(json.nextScalar());
				case "carrier" -> carrier = parseId(json.nextScalar());
				case "stack" -> stack = readStack(json);
				case "blockedOn" -> blockedOn = json.nextScalar();
				case "waitingOn" -> waitingOn = json.nextScalar();
				case "parkBlocker" -> {
					json.beginObject();
					while (json.hasNext()) {
						String field = json.nextName();
						if (field.equals("object")) {
							parkBlocker = json.nextScalar();
						}
						else if (field.equals("owner")) {
							parkBlockerOwner = parseId(json.nextScalar());
						}
						else {
							json.skipValue();
						}
					}
					json.endObject();
				}
				case "monitorsOwned" -> held = readMonitors(json);
				default -> json.skipValue();
			}
		}
		json.endObject();
		if (tid < 0) {
			throw new IOException("a thread without a tid");
		}
		LockRef waitingFor = lock((blockedOn != null) ? blockedOn : (waitingOn != null) ? waitingOn : parkBlocker);
		long owner = (waitingFor != null && blockedOn == null && waitingOn == null) ? parkBlockerOwner : -1;
		ThreadLocks locks = (waitingFor == null && held.isEmpty()) ? ThreadLocks.NONE
				: new ThreadLocks(waitingFor, owner, null, held);
		return new DumpedThread(tid, (name != null) ? name : "", parseState(state), state != null, virtual, container,
				carrier, stack, locks);
	}

	private List<StackTraceElement> readStack(JsonStreamReader json) throws IOException {
		List<StackTraceElement> stack = new ArrayList<>(24);
		json.beginArray();
		while (json.hasNext()) {
			String frame = json.nextScalar();
			if (frame != null) {
				stack.add(this.frames.computeIfAbsent(frame, ThreadDumpReader::parseFrame));
			}
		}
		json.endArray();
		List<StackTraceElement> shared = this.stacks.get(stack);
		if (shared == null) {
			shared = List.copyOf(stack);
			this.stacks.put(shared, shared);
		}
		return shared;
	}

	private static List<HeldMonitor> readMonitors(JsonStreamReader json) throws IOException {
		List<HeldMonitor> held = new ArrayList<>();
		json.beginArray();
		while (json.hasNext()) {
			int depth = -1;
			List<LockRef> locks = new ArrayList<>();
			json.beginObject();
			while (json.hasNext()) {
				String field = json.nextName();
				if (field.equals("depth")) {
					depth = (int) Math.min(Integer.MAX_VALUE, parseId(json.nextScalar()));
				}
				else if (field.equals("locks")) {
					json.beginArray();
					while (json.hasNext()) {
						LockRef lock = lock(json.nextScalar());
						if (lock != null) {
							locks.add(lock);
						}
					}
					json.endArray();
				}
				else {
					json.skipValue();
				}
			}
			json.endObject();
			for (LockRef lock : locks) {
				held.add(new HeldMonitor(lock, depth));
			}
		}
		json.endArray();
		return held;
	}

	/**
	 * Reads a frame as {@link StackTraceElement#toString()} writes it:
	 * {@code [loader/][module[@version]/]pkg.Class.method(File.java:12)}, with {@code (Native Method)},
	 * {@code (Unknown Source)} or {@code (File.java)} in place of the location. A hidden class's name
	 * ({@code Foo$$Lambda/0x…}) keeps its slash.
	 * @param frame the frame's text
	 * @return the frame
	 */
	static StackTraceElement parseFrame(String frame) {
		int open = frame.lastIndexOf('(');
		String head = (open >= 0) ? frame.substring(0, open) : frame;
		String location = (open >= 0 && frame.endsWith(")")) ? frame.substring(open + 1, frame.length() - 1) : "";
		String[] parts = head.split("/", -1);
		int count = parts.length;
		if (count >= 2 && parts[count - 1].startsWith("0x")) {
			parts[count - 2] = parts[count - 2] + "/" + parts[count - 1];
			count--;
		}
		String method = parts[count - 1];
		String loader = null;
		String module = null;
		if (count == 2) {
			module = parts[0];
		}
		else if (count >= 3) {
			loader = parts[count - 3];
			module = parts[count - 2];
		}
		String version = null;
		if (module != null) {
			int at = module.indexOf('@');
			if (at >= 0) {
				version = module.substring(at + 1);
				module = module.substring(0, at);
			}
			module = module.isEmpty() ? null : module;
		}
		int dot = method.lastIndexOf('.');
		String className = (dot > 0) ? method.substring(0, dot) : method;
		String methodName = (dot > 0) ? method.substring(dot + 1) : "?";
		String file = null;
		int line = -1;
		if (location.equals("Native Method")) {
			line = -2;
		}
		else if (!location.isEmpty() && !location.equals("Unknown Source")) {
			int colon = location.lastIndexOf(':');
			file = location;
			if (colon > 0) {
				try {
					line = Integer.parseInt(location.substring(colon + 1));
					file = location.substring(0, colon);
				}
				catch (NumberFormatException ex) {
					line = -1;
				}
			}
		}
		return new StackTraceElement((loader != null && !loader.isEmpty()) ? loader : null, module, version,
				className, methodName, file, line);
	}

	/**
	 * Reads a lock as the dump writes it, {@code class@identityHash} in hex.
	 */
	static @Nullable LockRef lock(@Nullable String text) {
		if (text == null || text.isEmpty()) {
			return null;
		}
		int at = text.lastIndexOf('@');
		if (at > 0) {
			try {
				return new LockRef(text.substring(0, at), Integer.parseUnsignedInt(text.substring(at + 1), 16));
			}
			catch (NumberFormatException ex) {
				// Not an identity hash: the whole text names the lock.
			}
		}
		return new LockRef(text, 0);
	}

	private static long parseId(@Nullable String text) throws IOException {
		try {
			return (text != null) ? Long.parseLong(text) : -1;
		}
		catch (NumberFormatException ex) {
			throw new IOException("not a thread id: " + text.substring(0, Math.min(text.length(), 32)), ex);
		}
	}

	private static Thread.@Nullable State parseState(@Nullable String state) {
		if (state != null) {
			for (Thread.State candidate : Thread.State.values()) {
				if (candidate.name().equals(state)) {
					return candidate;
				}
			}
		}
		return null;
	}

	/**
	 * One thread of a dump.
	 *
	 * @param tid the thread id
	 * @param name the thread name, empty when it has none
	 * @param state its state, or {@code null} when the dump gives none (Java 21) or one this JDK does not know
	 * @param hasState whether the dump gives states at all (Java 25 and later, where it also marks virtual threads)
	 * @param virtual the dump's {@code virtual} flag, or {@code null} when it has none
	 * @param container the container that owns it, as the JDK names it
	 * @param carrier the id of the carrier a virtual thread is mounted on, or {@code -1}
	 * @param frames its stack, shared with every other thread that has the same
	 * @param locks what it waits for and holds, as far as the dump says
	 */
	record DumpedThread(long tid, String name, Thread.@Nullable State state, boolean hasState,
			@Nullable Boolean virtual, @Nullable String container, long carrier, List<StackTraceElement> frames,
			ThreadLocks locks) {

		/**
		 * Whether this is a virtual thread: the dump says so, or, in a dump that does not say (Java 21), its id is not
		 * a platform thread's.
		 * @param platformIds whether an id is a live platform thread's
		 * @return {@code true} for a virtual thread
		 */
		boolean isVirtual(java.util.function.LongPredicate platformIds) {
			if (this.virtual != null) {
				return this.virtual;
			}
			return !this.hasState && !platformIds.test(this.tid);
		}

	}

}
