package io.github.stacktrace.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A full capture of an application holding 1,000 and 10,000 virtual threads that run Spring tasks
 * ({@link HeldThreadsController}, or with {@code --hold requests} as many HTTP requests held
 * open by a loopback client), on the default path (the starter's tracked threads) against the JDK's JSON thread
 * dump ({@code stacktrace.virtual-threads.dump=always}), one child JVM per path on the same application: per round the
 * time of {@code GET /actuator/stacktrace} over loopback and the report's own {@code capture_duration_ms}, the
 * response's bytes, and the heap's peak above its use after
 * a collection just before the request. Java 21+.
 * <p>
 * Options: {@code --java} (the child's JDK), {@code --threads 1000,10000}, {@code --warmup 1}, {@code --rounds 3},
 * {@code --paths tracked,always}, {@code --heap 2g}, {@code --hold tasks|requests}.
 */
public final class VirtualThreadCaptureCost {

	private static final Pattern LONG = Pattern.compile("(\\w+): (\\d+)");

	private VirtualThreadCaptureCost() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = BenchmarkSupport.options(args);
		String java = BenchmarkSupport.java(options);
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "1"));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
		List<String> jvm = List.of("-Xmx" + options.getOrDefault("heap", "2g"));
		List<String> results = new ArrayList<>();
		boolean requests = options.getOrDefault("hold", "tasks").equals("requests");
		for (String path : options.getOrDefault("paths", "tracked,always").split(",")) {
			List<String> app = new ArrayList<>(List.of("--spring.threads.virtual.enabled=true",
					"--bench.pool-threads=1", "--management.endpoints.web.exposure.include=*"));
			if (path.equals("always")) {
				app.add("--stacktrace.virtual-threads.dump=always");
			}
			try (ChildApplication child = ChildApplication.start(java, jvm, app)) {
				for (String value : options.getOrDefault("threads", "1000,10000").split(",")) {
					int threads = Integer.parseInt(value.trim());
					List<CompletableFuture<HttpResponse<String>>> held = requests ? holdRequests(child, threads)
							: List.of();
					if (!requests) {
						System.out.print(child.get("/bench/hold?n=" + threads, "text/plain").text());
					}
					try {
						results.add(measure(child, path, threads, warmup, rounds));
					}
					finally {
						child.get("/bench/release", "text/plain");
						for (CompletableFuture<HttpResponse<String>> response : held) {
							response.get(2, TimeUnit.MINUTES);
						}
					}
				}
			}
			catch (Exception ex) {
				results.add(path + ": FAILED " + ex);
				ex.printStackTrace(System.out);
			}
		}
		System.out.println();
		System.out.println("# path threads median_ms median_server_capture_duration_ms median_bytes median_peak_heap_above_live_mb (rounds)");
		results.forEach(System.out::println);
	}

	/**
	 * Sends {@code n} requests that the application holds open, each on its own connection, and waits until every
	 * one is held.
	 */
	private static List<CompletableFuture<HttpResponse<String>>> holdRequests(ChildApplication child, int n)
			throws Exception {
		child.get("/bench/hold-requests", "text/plain");
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest.newBuilder(child.uri("/bench/held-request")).timeout(Duration.ofMinutes(10))
			.GET().build();
		List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			held.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
		}
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		long count = 0;
		while (System.nanoTime() < deadline) {
			count = values(child.get("/bench/held-requests", "text/plain").text()).get("held_requests");
			if (count >= n) {
				System.out.println("held_requests: " + count);
				return held;
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("only " + count + " of " + n + " requests held");
	}

	private static String measure(ChildApplication child, String path, int threads, int warmup, int rounds)
			throws Exception {
		double[] millis = new double[rounds];
		double[] bytes = new double[rounds];
		double[] heap = new double[rounds];
		double[] server = new double[rounds];
		for (int i = -warmup; i < rounds; i++) {
			Map<String, Long> before = values(child.get("/bench/memory?reset=true", "text/plain").text());
			ChildApplication.Response report = child.get("/actuator/stacktrace", "text/plain");
			Map<String, Long> after = values(child.get("/bench/memory", "text/plain").text());
			double peakMb = (after.get("peak_heap_bytes") - before.get("heap_used_bytes")) / 1048576.0;
			if (i == -warmup) {
				System.out.println("# " + path + " " + threads + " header:");
				report.head().lines().limit(12).forEach((line) -> System.out.println("#   " + line));
				System.out.println("#   heap used after GC with the threads held: "
						+ BenchmarkSupport.fmt(before.get("heap_used_bytes") / 1048576.0) + " MB");
			}
			long serverMillis = values(report.head()).getOrDefault("capture_duration_ms", -1L);
			System.out.printf("%s %d round %d: %.1f ms, server %d ms, %d bytes, peak heap %.1f MB above live%n", path,
					threads, i, report.millis(), serverMillis, report.body().length, peakMb);
			if (i >= 0) {
				millis[i] = report.millis();
				bytes[i] = report.body().length;
				heap[i] = peakMb;
				server[i] = serverMillis;
			}
		}
		return String.format("%s %d %s %s %s %s (%d)", path, threads,
				BenchmarkSupport.fmt(BenchmarkSupport.median(millis)), BenchmarkSupport.fmt(BenchmarkSupport.median(server)),
				BenchmarkSupport.fmt(BenchmarkSupport.median(bytes)), BenchmarkSupport.fmt(BenchmarkSupport.median(heap)),
				rounds);
	}

	private static Map<String, Long> values(String text) {
		Map<String, Long> values = new java.util.HashMap<>();
		Matcher matcher = LONG.matcher(text);
		while (matcher.find()) {
			values.put(matcher.group(1), Long.parseLong(matcher.group(2)));
		}
		return values;
	}

}
