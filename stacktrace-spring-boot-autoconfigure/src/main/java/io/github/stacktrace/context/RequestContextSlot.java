package io.github.stacktrace.context;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.time.Duration;

import io.github.stacktrace.report.RequestContext;
import org.jspecify.annotations.Nullable;

/**
 * What one thread is serving, written only by that thread and read by captures on other threads. A request start, its
 * route and its end each rewrite the slot in place: nothing is allocated and no lock is taken.
 * <p>
 * Writes are published as a sequence lock: the version is odd while the thread writes and even otherwise, so a reader
 * that sees the same even version before and after reading the fields has read one consistent entry, never half of
 * one. Every field is an immutable object or a primitive, so a racy read can at worst be thrown away.
 *
 * @since 0.1.0
 */
public final class RequestContextSlot {

	private static final VarHandle VERSION;

	static {
		try {
			VERSION = MethodHandles.lookup().findVarHandle(RequestContextSlot.class, "version", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	// A reader retries this often while the owner writes; a write is a handful of stores.
	private static final int MAX_READ_ATTEMPTS = 64;

	private final RequestContextRegistry registry;

	private final long threadId;

	private final WeakReference<Thread> thread;

	private final boolean releasedAtEnd;

	// Even: stable; odd: being written. Written only by the owning thread.
	private int version;

	private @Nullable String method;

	private @Nullable String route;

	private @Nullable RouteSource routeSource;

	private long startedNanos;

	private @Nullable Object traceContext;

	RequestContextSlot(RequestContextRegistry registry, Thread thread, long threadId, boolean releasedAtEnd) {
		this.registry = registry;
		this.threadId = threadId;
		this.thread = new WeakReference<>(thread);
		this.releasedAtEnd = releasedAtEnd;
	}

	/**
	 * Records that the owning thread starts serving a request now; its route is not known yet.
	 * @param method the HTTP method, one of a few constant strings
	 * @param startedNanos the {@link System#nanoTime()} it started at (earlier than now when an async dispatch resumes
	 * it)
	 * @param route the route template when already known, or {@code null}
	 * @param traceContext the tracer's context of the request, or {@code null}
	 */
	public void begin(String method, long startedNanos, @Nullable String route, @Nullable Object traceContext) {
		int stable = beginWrite();
		this.method = method;
		this.route = route;
		this.routeSource = null;
		this.startedNanos = startedNanos;
		this.traceContext = traceContext;
		endWrite(stable);
	}

	/**
	 * Records that the owning thread serves a request now whose route is read from a source when a report is made:
	 * for requests whose handler is mapped where no hook tells this slot.
	 * @param method the HTTP method, one of a few constant strings
	 * @param startedNanos the {@link System#nanoTime()} the request started at, earlier than now when the thread takes
	 * over a request that started elsewhere
	 * @param routeSource gives the route template once it is known
	 * @param traceContext the tracer's context of the request, or {@code null}
	 */
	public void beginWithRouteSource(String method, long startedNanos, RouteSource routeSource,
			@Nullable Object traceContext) {
		int stable = beginWrite();
		this.method = method;
		this.route = null;
		this.routeSource = routeSource;
		this.startedNanos = startedNanos;
		this.traceContext = traceContext;
		endWrite(stable);
	}

	/**
	 * Records the route template of the request being served, once the handler is known.
	 * @param route the route template
	 */
	public void route(String route) {
		if (this.method == null) {
			return;
		}
		int stable = beginWrite();
		this.route = route;
		endWrite(stable);
	}

	/**
	 * The route template recorded for the request being served, as the owning thread sees it.
	 * @return the route, or {@code null} while none is known
	 */
	public @Nullable String route() {
		return this.route;
	}

	/**
	 * Records that the owning thread no longer serves the request: it ended, failed, or was handed to another thread.
	 */
	public void end() {
		int stable = beginWrite();
		this.method = null;
		this.route = null;
		this.routeSource = null;
		this.traceContext = null;
		endWrite(stable);
		if (this.releasedAtEnd) {
			this.registry.release(this);
		}
	}

	/**
	 * Whether the owning thread serves a request now, as the owning thread sees it.
	 * @return {@code true} between {@link #begin} and {@link #end}
	 */
	public boolean isServing() {
		return this.method != null;
	}

	/**
	 * Whether the owning thread serves something of this kind now, as the owning thread sees it.
	 * @param method the method recorded at its start, such as {@link RequestContext#ASYNC}
	 * @return {@code true} between {@link #begin} with that method and {@link #end}
	 */
	public boolean serves(String method) {
		return method.equals(this.method);
	}

	/**
	 * When the request being served started, as the owning thread sees it.
	 * @return the {@link System#nanoTime()} given to {@link #begin}
	 */
	public long startedNanos() {
		return this.startedNanos;
	}

	private int beginWrite() {
		int stable = this.version;
		VERSION.setOpaque(this, stable + 1);
		// The odd version is visible before any field changes.
		VarHandle.releaseFence();
		return stable;
	}

	private void endWrite(int stable) {
		VERSION.setRelease(this, stable + 2);
	}

	/**
	 * Reads the slot from any thread.
	 * @param nowNanos the {@link System#nanoTime()} the elapsed time is measured to
	 * @param ids reads the trace ids
	 * @return what the thread serves, or {@code null} when nothing (or when the owner kept writing)
	 */
	@Nullable RequestContext read(long nowNanos, TraceIdReader ids) {
		for (int attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++) {
			int before = (int) VERSION.getAcquire(this);
			if ((before & 1) == 0) {
				String method = this.method;
				String route = this.route;
				RouteSource source = this.routeSource;
				long started = this.startedNanos;
				Object trace = this.traceContext;
				// The fields are read before the version is read again.
				VarHandle.acquireFence();
				if ((int) VERSION.getOpaque(this) == before) {
					if (method == null) {
						return null;
					}
					return context(method, (route == null && source != null) ? source.route() : route, started,
							nowNanos, trace, ids);
				}
			}
			Thread.onSpinWait();
		}
		return null;
	}

	private static RequestContext context(String method, @Nullable String route, long started, long nowNanos,
			@Nullable Object trace, TraceIdReader ids) {
		Duration elapsed = Duration.ofNanos(Math.max(0, nowNanos - started));
		String shownRoute = (route != null) ? route : RouteTemplates.UNKNOWN;
		if (trace == null) {
			return new RequestContext(method, shownRoute, started, elapsed, null, null);
		}
		return new RequestContext(method, shownRoute, started, elapsed, ids.traceId(trace), ids.spanId(trace));
	}

	long threadId() {
		return this.threadId;
	}

	@Nullable Thread thread() {
		return this.thread.get();
	}

	/**
	 * Whether the owning thread is a virtual thread: only their slots are released when their request ends.
	 */
	boolean isVirtual() {
		return this.releasedAtEnd;
	}

	/**
	 * Whether the owning thread is gone, so the slot can be dropped.
	 */
	boolean isOrphaned() {
		Thread owner = this.thread.get();
		return owner == null || !owner.isAlive();
	}

}
