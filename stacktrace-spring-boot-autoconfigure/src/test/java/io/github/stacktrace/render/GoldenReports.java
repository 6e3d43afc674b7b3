package io.github.stacktrace.render;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DeadlockSearch;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadCounters;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.report.ThreadLocks.HeldMonitor;
import io.github.stacktrace.report.ThreadLocks.LockRef;
import io.github.stacktrace.report.TimeoutReason;
import io.github.stacktrace.report.VirtualThreadFacts;
import io.github.stacktrace.report.VirtualThreadsOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Fixed reports, built by hand so that every status, diagnostic, lock line and hostile value appears, rendered into
 * the golden files under {@code src/test/resources/golden}.
 */
final class GoldenReports {

	/** The report variants, each rendered in every format. */
	enum Variant {

		DISABLED_FILTERED, FAST, FULL_DEADLOCKED, FULL_NO_DEADLOCK, FULL_WITH_INLINE_UNKNOWN_DEADLOCKS;

		String fileStem() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	private static final StackTraceElement[] POOL_STACK = {
			new StackTraceElement(null, "java.base", null, "jdk.internal.misc.Unsafe", "park", null, -2),
			frame("java.util.concurrent.locks.LockSupport", "park", "LockSupport.java", 341),
			frame("java.util.concurrent.ThreadPoolExecutor", "getTask", "ThreadPoolExecutor.java", 1070),
			frame("java.lang.Thread", "run", "Thread.java", 833) };

	private GoldenReports() {
	}

	static StackTraceReport report(Variant variant) {
		DetailMode mode = switch (variant) {
			case DISABLED_FILTERED -> DetailMode.DISABLED;
			case FAST -> DetailMode.FAST;
			case FULL_DEADLOCKED, FULL_NO_DEADLOCK -> DetailMode.FULL;
			case FULL_WITH_INLINE_UNKNOWN_DEADLOCKS -> DetailMode.FULL_WITH_INLINE;
		};
		boolean locks = mode.includesLocks();
		List<ThreadCapture> threads = new ArrayList<>();
		threads.add(captured(1, "main", Thread.State.RUNNABLE, CaptureStatus.OK,
				List.of(frame("com.example.Orders", "price", "Orders.java", 88),
						new StackTraceElement("app", null, null, "com.example.Orders", "create", "Orders.java", 41),
						new StackTraceElement("com.example.Gen$$Lambda", "apply", null, -1),
						new StackTraceElement("java.base", "java.base", "17.0.15", "java.lang.Thread", "run",
								"Thread.java", 833)),
				locks ? details(null, -1, null, List.of(), false, 5, true, 1, 2) : null));
		for (int i = 0; i < 3; i++) {
			threads.add(captured(2 + i, "pool-1-thread-" + (i + 1), Thread.State.WAITING, CaptureStatus.OK,
					List.of(POOL_STACK),
					locks ? details(new LockRef("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject",
							0x1a2b3c), -1, null, List.of(), true, 5, false, 0, 7) : null));
		}
		threads.add(captured(5, "http-nio-8080-exec-1", Thread.State.BLOCKED, CaptureStatus.OK,
				List.of(frame("com.example.Ledger", "post", "Ledger.java", 51),
						frame("com.example.Ledger", "transfer", "Ledger.java", 30),
						frame("java.lang.Thread", "run", "Thread.java", 833)),
				locks ? details(new LockRef("java.lang.Object", 0xbeef), 6, "deadlock \"b\"\n",
						List.of(new HeldMonitor(new LockRef("com.example.Ledger", 0xcafe), 1)), false, 5, false, 3, 0)
						: null));
		threads.add(captured(6, "deadlock \"b\"\n", Thread.State.BLOCKED, CaptureStatus.OK,
				List.of(frame("com.example.Inventory", "take", "Inventory.java", 12),
						frame("java.lang.Thread", "run", "Thread.java", 833)),
				locks ? details(new LockRef("com.example.Ledger", 0xcafe), 5, "http-nio-8080-exec-1",
						List.of(new HeldMonitor(new LockRef("java.lang.Object", 0xbeef), 0),
								new HeldMonitor(new LockRef("java.lang.Class", 0xf00), -1)),
						false, 5, false, 1, 0) : null));
		threads.add(captured(7, "waiter", Thread.State.WAITING, CaptureStatus.OK,
				List.of(new StackTraceElement("java.lang.Object", "wait", null, -2),
						frame("com.example.Mailbox", "take", "Mailbox.java", 9)),
				locks ? details(new LockRef("com.example.Mailbox", 0x77), -1, null,
						List.of(new HeldMonitor(new LockRef("com.example.Mailbox", 0x77), 1)), true, 10, false, 0, 4)
						: null));
		threads.add(captured(8, "evil\n----- thread 99 (forged) status=ok -----\u001b[31m\\\u2028", Thread.State.RUNNABLE,
				CaptureStatus.OK,
				List.of(new StackTraceElement("evil.Class; with space\n----- x", "m\u0007\"", "E vil;.java", 3)),
				locks ? details(null, -1, null, List.of(), false, 5, false, 0, 0) : null));
		threads.add(captured(9, "http-nio-8080-exec-2", Thread.State.RUNNABLE, CaptureStatus.OK_CURRENT_THREAD,
				List.of(frame("io.github.stacktrace.actuate.StackTraceEndpoint", "stackTrace", "StackTraceEndpoint.java",
						99), frame("java.lang.Thread", "run", "Thread.java", 833)),
				null));
		threads.add(ThreadCapture.skipped(10, "http-nio-8080-Poller", Thread.State.RUNNABLE, "epoll_wait"));
		threads.add(ThreadCapture.timedOut(11, "slow", Thread.State.TIMED_WAITING, TimeoutReason.PER_THREAD_TIMEOUT));
		threads.add(ThreadCapture.failed(12, "broken", new IllegalStateException("boom \"quoted\"\nline2")));
		threads.add(ThreadCapture.exited(13, null));
		threads.add(ThreadCapture.timedOut(14, "late", null, TimeoutReason.REQUEST_BUDGET_EXHAUSTED));
		threads.add(ThreadCapture.timedOut(15, "late-2", null, TimeoutReason.REQUEST_BUDGET_EXHAUSTED));
		// Differs from thread 1 only in line numbers: one group where the mode shows no lines, two where it does.
		threads.add(captured(16, "main-2", Thread.State.RUNNABLE, CaptureStatus.OK,
				List.of(frame("com.example.Orders", "price", "Orders.java", 90),
						new StackTraceElement("app", null, null, "com.example.Orders", "create", "Orders.java", 44),
						new StackTraceElement("com.example.Gen$$Lambda", "apply", null, -1),
						new StackTraceElement("java.base", "java.base", "17.0.15", "java.lang.Thread", "run",
								"Thread.java", 833)),
				locks ? details(null, -1, null, List.of(), false, 5, true, 1, 2) : null));
		// Application-provided values that try to forge report lines or hide what they are.
		threads.add(captured(17, "lone\uD83D high \u202Eevil\u200B (x) status=ok", Thread.State.RUNNABLE, CaptureStatus.OK,
				List.of(new StackTraceElement("----- thread 98 (forged) status=ok -----", null, null,
						"----- thread 99 (forged) status=ok state=RUNNABLE frames=1 x", "m", "F.java", 1),
						frame("summary: captured=9 skipped=0", "x\uDE00", null, -1),
						frame(" - locked <0x1> (a X)", "y", "\uFEFFF.java", 2)),
				locks ? details(new LockRef("X) owned by \"ghost\" id=1 (a Y", 0x42), 1, "owner \"quoted\" (x)",
						List.of(), false, 5, false, 0, 0) : null));
		for (int i = 0; i < 20; i++) {
			threads.add(captured(100 + i, "worker-" + i, Thread.State.WAITING, CaptureStatus.OK, List.of(POOL_STACK),
					locks ? details(new LockRef("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject",
							0x1a2b3c), -1, null, List.of(), true, 5, false, 0, 7) : null));
		}
		// Virtual threads: parked like the workers (one group with them), and one mounted on worker-0's carrier, its
		// name and container hostile.
		for (int i = 0; i < 3; i++) {
			threads.add(captured(200 + i, "", Thread.State.WAITING, CaptureStatus.OK, List.of(POOL_STACK),
					locks ? details(new LockRef("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject",
							0x1a2b3c), -1, null, List.of(), true, 5, false, 0, 7) : null)
				.withVirtual(VirtualThreadFacts.ofVirtual("java.util.concurrent.ThreadPerTaskExecutor@1f", -1)));
		}
		threads.add(captured(203, "vt\n----- thread 1 (x) -----", Thread.State.RUNNABLE, CaptureStatus.OK,
				List.of(frame("com.example.Orders", "price", "Orders.java", 88)),
				locks ? details(null, -1, null, List.of(), false, 5, false, 0, 0) : null)
			.withVirtual(VirtualThreadFacts.ofVirtual("scope \"x\"\n----- thread 2", 103)));
		threads.set(20, threads.get(20).withVirtual(VirtualThreadFacts.carrierOf(203)));
		ThreadFilter filter = (variant == Variant.DISABLED_FILTERED)
				? new ThreadFilter(EnumSet.of(Thread.State.WAITING, Thread.State.RUNNABLE), "*o?\u001b")
				: ThreadFilter.NONE;
		StackTraceRequest request = new StackTraceRequest(null, mode, Duration.ofMillis(250), variant == Variant.FAST,
				filter);
		DeadlockSearch deadlocks = switch (variant) {
			case FULL_DEADLOCKED -> DeadlockSearch.found(List.of(List.of(5L, 6L)));
			case FULL_NO_DEADLOCK -> DeadlockSearch.found(List.of());
			case FULL_WITH_INLINE_UNKNOWN_DEADLOCKS -> DeadlockSearch.UNKNOWN;
			default -> DeadlockSearch.NOT_LOOKED_FOR;
		};
		return new StackTraceReport(4242, "OpenJDK 64-Bit Server VM 17.0.15+6 \"golden\"\n",
				Instant.parse("2026-11-27T06:00:00.123456Z"), request, "thread_mx_bean_chunked",
				// Three chunks; a deadlock search that finds a cycle adds two more.
				(variant == Variant.FULL_DEADLOCKED) ? 5 : 3, threads,
				Duration.ofMillis(42), deadlocks, (variant == Variant.FULL_WITH_INLINE_UNKNOWN_DEADLOCKS)
						? List.of("the JVM answered 3100 ms after this request's bound of 100 ms\n(a test notice)") : List.of(),
				switch (variant) {
					case DISABLED_FILTERED -> VirtualThreadsOutcome.NOT_LOOKED_FOR;
					case FULL_WITH_INLINE_UNKNOWN_DEADLOCKS -> VirtualThreadsOutcome.TIMEOUT;
					default -> VirtualThreadsOutcome.INCLUDED;
				});
	}

	private static StackTraceElement frame(String className, String method, String file, int line) {
		return new StackTraceElement(className, method, file, line);
	}

	private static ThreadCapture captured(long id, String name, Thread.State state, CaptureStatus status,
			List<StackTraceElement> frames, @Nullable Details details) {
		return ThreadCapture.captured(id, name, state, status, frames, (details != null) ? details.locks() : null,
				(details != null) ? details.counters() : null);
	}

	private static Details details(@Nullable LockRef lock, long ownerId, @Nullable String ownerName,
			List<HeldMonitor> held, boolean daemon, int priority, boolean inNative, long blocked, long waited) {
		return new Details(new ThreadLocks(lock, ownerId, ownerName, held),
				new ThreadCounters(daemon, priority, inNative, false, blocked, waited));
	}

	private record Details(ThreadLocks locks, ThreadCounters counters) {

	}

}
