package io.github.stacktrace.capture;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.stacktrace.capture.ThreadDumpReader.DumpedThread;
import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.report.ThreadLocks.HeldMonitor;
import io.github.stacktrace.report.ThreadLocks.LockRef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link ThreadDumpReader}, on dumps shaped as Java 25 and Java 21 write them.
 */
class ThreadDumpReaderTests {

	// Cut from a real Java 25 dump (jcmd Thread.dump_to_file -format=json), with a member no JDK writes yet.
	static final String JAVA_25_DUMP = """
			{
			  "threadDump": {
			    "processId": "936",
			    "time": "2026-11-27T08:25:38.494454676Z",
			    "runtimeVersion": "25.0.3+9-LTS",
			    "threadContainers": [
			      {
			        "container": "<root>",
			        "parent": null,
			        "owner": null,
			        "threads": [
			          {
			            "tid": "13",
			            "name": "Finalizer",
			            "state": "WAITING",
			            "waitingOn": "java.lang.ref.ReferenceQueue$Lock@294425a7",
			            "stack": [
			              "java.base\\/java.lang.Object.wait0(Native Method)",
			              "java.base\\/java.lang.ref.Finalizer$FinalizerThread.run(Finalizer.java:165)"
			            ],
			            "monitorsOwned": [ { "depth": 1, "locks": [ "java.lang.ref.ReferenceQueue$Lock@294425a7" ] } ]
			          },
			          {
			            "tid": "23",
			            "time": "2026-11-27T08:25:38.511622859Z",
			            "virtual": true,
			            "name": "parked\\n----- thread 1 (x)",
			            "state": "WAITING",
			            "parkBlocker": { "object": "java.util.concurrent.locks.ReentrantLock$NonfairSync@7ec7ffd3", "owner": "13" },
			            "futureMember": { "nested": [1, 2, {"x": null}] },
			            "stack": [
			              "java.base\\/java.lang.VirtualThread.park(VirtualThread.java:742)",
			              "app\\/\\/com.example.Orders.take(Orders.java:12)",
			              "Dump.lambda$main$0(Dump.java:11)"
			            ]
			          },
			          {
			            "tid": "30",
			            "virtual": true,
			            "name": "spinner",
			            "state": "RUNNABLE",
			            "stack": [ "Dump.lambda$main$0(Dump.java:11)" ],
			            "carrier": "24"
			          }
			        ],
			        "threadCount": "3"
			      },
			      {
			        "container": "java.util.concurrent.ThreadPerTaskExecutor@245b4bdc",
			        "parent": "<root>",
			        "owner": null,
			        "threads": [
			          {
			            "tid": "31",
			            "virtual": true,
			            "name": "",
			            "state": "TIMED_WAITING",
			            "stack": [
			              "java.base\\/java.lang.VirtualThread.park(VirtualThread.java:742)",
			              "app\\/\\/com.example.Orders.take(Orders.java:12)",
			              "Dump.lambda$main$0(Dump.java:11)"
			            ]
			          }
			        ],
			        "threadCount": "1"
			      }
			    ]
			  }
			}
			""";

	// Java 21 writes tid, name and stack only.
	static final String JAVA_21_DUMP = """
			{"threadDump": {"processId": "1", "threadContainers": [
			  {"container": "<root>", "parent": null, "owner": null, "threads": [
			    {"tid": "1", "name": "main", "stack": ["Main.main(Main.java:3)"]},
			    {"tid": "40", "name": "v", "stack": ["Main.lambda$main$0(Main.java:9)"]}
			  ], "threadCount": "2"}
			]}}
			""";

	@Test
	void readsAJava25DumpThreadByThread() throws IOException {
		List<DumpedThread> threads = readAll(JAVA_25_DUMP);
		assertThat(threads).extracting(DumpedThread::tid).containsExactly(13L, 23L, 30L, 31L);
		DumpedThread finalizer = threads.get(0);
		assertThat(finalizer.isVirtual((id) -> false)).as("a Java 25 dump says which threads are virtual").isFalse();
		assertThat(finalizer.locks()).isEqualTo(new ThreadLocks(new LockRef("java.lang.ref.ReferenceQueue$Lock",
				0x294425a7), -1, null, List.of(new HeldMonitor(new LockRef("java.lang.ref.ReferenceQueue$Lock", 0x294425a7), 1))));
		DumpedThread parked = threads.get(1);
		assertThat(parked.isVirtual((id) -> true)).isTrue();
		assertThat(parked.name()).isEqualTo("parked\n----- thread 1 (x)");
		assertThat(parked.state()).isEqualTo(Thread.State.WAITING);
		assertThat(parked.container()).isEqualTo("<root>");
		assertThat(parked.carrier()).isEqualTo(-1);
		assertThat(parked.locks().waitingFor()).isEqualTo(new LockRef("java.util.concurrent.locks.ReentrantLock$NonfairSync",
				0x7ec7ffd3));
		assertThat(parked.locks().ownerId()).isEqualTo(13);
		assertThat(parked.frames()).containsExactly(
				new StackTraceElement(null, "java.base", null, "java.lang.VirtualThread", "park", "VirtualThread.java", 742),
				new StackTraceElement("app", null, null, "com.example.Orders", "take", "Orders.java", 12),
				new StackTraceElement("Dump", "lambda$main$0", "Dump.java", 11));
		assertThat(threads.get(2).carrier()).isEqualTo(24);
		assertThat(threads.get(3).container()).isEqualTo("java.util.concurrent.ThreadPerTaskExecutor@245b4bdc");
		assertThat(threads.get(3).frames()).as("identical stacks are read into one instance")
			.isSameAs(parked.frames());
	}

	@Test
	void aJava21DumpTellsVirtualThreadsByTheirIds() throws IOException {
		List<DumpedThread> threads = readAll(JAVA_21_DUMP);
		Set<Long> platform = Set.of(1L);
		assertThat(threads).extracting((thread) -> thread.isVirtual(platform::contains)).containsExactly(false, true);
		assertThat(threads).extracting(DumpedThread::state).containsOnlyNulls();
	}

	@Test
	void framesReadBackAsTheJdkWroteThem() {
		List<StackTraceElement> frames = List.of(
				new StackTraceElement(null, "java.base", null, "java.lang.Object", "wait0", null, -2),
				new StackTraceElement("app", null, null, "com.example.A$B", "c", "A.java", 7),
				new StackTraceElement("app", "my.module", "1.0", "com.example.A", "c", "A.java", 7),
				new StackTraceElement(null, "my.module", "2.1", "com.example.A", "<init>", null, -1),
				new StackTraceElement("com.example.Gen", "apply", "Gen.java", -1),
				new StackTraceElement(null, "java.base", null, "java.lang.invoke.LambdaForm$MH/0x0000012", "invoke",
						"LambdaForm$MH", -1));
		for (StackTraceElement frame : frames) {
			assertThat(ThreadDumpReader.parseFrame(frame.toString())).as(frame.toString()).isEqualTo(frame);
		}
	}

	@Test
	void theSinkCanStopTheReading() throws IOException {
		List<Long> seen = new ArrayList<>();
		boolean whole = new ThreadDumpReader().read(new StringReader(JAVA_25_DUMP), (thread) -> {
			seen.add(thread.tid());
			return seen.size() < 2;
		});
		assertThat(whole).isFalse();
		assertThat(seen).containsExactly(13L, 23L);
	}

	@Test
	void aDumpThatIsNotTheJdksIsRefused() {
		assertThatIOException().isThrownBy(() -> readAll("{\"threadDump\": {\"threadContainers\": [{\"threads\": [{\"name\": \"no tid\"}]}]}}"));
		assertThatIOException().isThrownBy(() -> readAll("{\"threadDump\": {\"threadContainers\": [{\"threads\": [{\"tid\": \"x\"}]}]}}"));
		assertThatIOException().isThrownBy(() -> readAll(JAVA_25_DUMP.substring(0, 900)));
	}

	private static List<DumpedThread> readAll(String dump) throws IOException {
		List<DumpedThread> threads = new ArrayList<>();
		assertThat(new ThreadDumpReader().read(new StringReader(dump), threads::add)).isTrue();
		return threads;
	}

}
