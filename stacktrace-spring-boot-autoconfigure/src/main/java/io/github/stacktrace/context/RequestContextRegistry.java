package io.github.stacktrace.context;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ObjLongConsumer;

import io.github.stacktrace.report.RequestContext;
import org.jspecify.annotations.Nullable;

/**
 * Knows which request each thread is serving, for the stack captures to show. Each thread that serves a request gets
 * one {@link RequestContextSlot}, created and registered the first time, then rewritten in place for every request it
 * serves: the bookkeeping per request allocates nothing and takes no lock. A virtual thread serves one request and
 * ends, so its slot is released when its request ends; the slot of a pooled platform thread stays until the thread
 * is gone.
 *
 * @since 0.1.0
 */
public final class RequestContextRegistry {

	private static final int FIRST_SWEEP_AT = 64;

	private static final @Nullable Class<?> VIRTUAL_THREAD_CLASS = virtualThreadClass();

	private final Map<Long, RequestContextSlot> slots = new ConcurrentHashMap<>();

	private final ThreadLocal<RequestContextSlot> current = ThreadLocal.withInitial(this::register);

	private final TraceIdReader traceIds;

	// Slots of ended threads are swept when registrations reach this count: work in proportion to registrations.
	private volatile int sweepAt = FIRST_SWEEP_AT;

	/**
	 * Creates a registry whose requests carry no trace ids.
	 */
	public RequestContextRegistry() {
		this(TraceIdReader.NONE);
	}

	/**
	 * Creates a registry.
	 * @param traceIds reads trace and span ids out of the trace contexts requests store
	 */
	public RequestContextRegistry(TraceIdReader traceIds) {
		this.traceIds = Objects.requireNonNull(traceIds, "traceIds");
	}

	/**
	 * The calling thread's slot, created on the thread's first call.
	 * @return the slot
	 */
	public RequestContextSlot slot() {
		return this.current.get();
	}

	/**
	 * The calling thread's slot if it has one, without creating one: for hooks that only amend what a thread already
	 * serves, so that a thread that serves nothing gets no slot.
	 * @return the slot, or {@code null}
	 */
	public @Nullable RequestContextSlot existingSlot() {
		Thread thread = Thread.currentThread();
		RequestContextSlot slot = this.slots.get(idOf(thread));
		return (slot != null && slot.thread() == thread) ? slot : null;
	}

	/**
	 * What a thread serves now.
	 * @param threadId the Java thread id
	 * @param nowNanos the {@link System#nanoTime()} to measure the elapsed time to
	 * @return its request, or {@code null} when it serves none
	 */
	public @Nullable RequestContext read(long threadId, long nowNanos) {
		RequestContextSlot slot = this.slots.get(threadId);
		return (slot != null) ? slot.read(nowNanos, this.traceIds) : null;
	}

	/**
	 * Walks the threads that serve a request or run a recorded task now, in no particular order. The cost grows with
	 * the number of slots (one per thread that served something and is alive, plus ended ones not swept yet); the walk
	 * allocates one {@link RequestContext} per serving thread and nothing per idle one.
	 * @param nowNanos the {@link System#nanoTime()} the elapsed times are measured to
	 * @param visitor sees each serving thread
	 */
	public void forEachServing(long nowNanos, ServingThreadVisitor visitor) {
		for (RequestContextSlot slot : this.slots.values()) {
			Thread thread = slot.thread();
			if (thread == null || !thread.isAlive()) {
				continue;
			}
			RequestContext context = slot.read(nowNanos, this.traceIds);
			if (context != null) {
				visitor.visit(thread, slot.threadId(), slot.isVirtual(), context);
			}
		}
	}

	/**
	 * Walks the virtual threads that serve a request or run a recorded task now without reading what they serve, in no
	 * particular order: the walk for a sampler that looks at them again and again, which allocates nothing per thread.
	 * Whether a thread serves is read as a plain field, so a walk may miss a request that has just begun or see one
	 * that has just ended.
	 * @param visitor sees each serving virtual thread and its id; the thread is strongly held only for the call
	 */
	public void forEachServingVirtualThread(ObjLongConsumer<Thread> visitor) {
		for (RequestContextSlot slot : this.slots.values()) {
			Thread thread = slot.isVirtual() ? slot.thread() : null;
			if (thread != null && slot.isServing()) {
				visitor.accept(thread, slot.threadId());
			}
		}
	}

	/**
	 * Whether no thread has a slot: then no thread serves a request and reading can be skipped.
	 * @return {@code true} when no slot is registered
	 */
	public boolean isEmpty() {
		return this.slots.isEmpty();
	}

	/**
	 * How many threads serve a request now.
	 * @return the count
	 */
	public int servingCount() {
		long now = System.nanoTime();
		int serving = 0;
		for (RequestContextSlot slot : this.slots.values()) {
			if (slot.read(now, TraceIdReader.NONE) != null) {
				serving++;
			}
		}
		return serving;
	}

	/**
	 * How many slots are registered: at most one per live thread that served a request, plus ended threads not swept
	 * yet.
	 * @return the count
	 */
	public int slotCount() {
		return this.slots.size();
	}

	private RequestContextSlot register() {
		Thread thread = Thread.currentThread();
		long id = idOf(thread);
		RequestContextSlot slot = new RequestContextSlot(this, thread, id, isVirtual(thread));
		this.slots.put(id, slot);
		if (this.slots.size() >= this.sweepAt) {
			sweep();
		}
		return slot;
	}

	/**
	 * Drops a slot whose thread will serve nothing more; called by the slot of a virtual thread when its request ends.
	 */
	void release(RequestContextSlot slot) {
		this.slots.remove(slot.threadId(), slot);
		this.current.remove();
	}

	private synchronized void sweep() {
		this.slots.values().removeIf(RequestContextSlot::isOrphaned);
		this.sweepAt = Math.max(FIRST_SWEEP_AT, this.slots.size() * 2);
	}

	@SuppressWarnings("deprecation") // Thread#getId: Thread#threadId does not exist on Java 17
	private static long idOf(Thread thread) {
		return thread.getId();
	}

	private static boolean isVirtual(Thread thread) {
		return VIRTUAL_THREAD_CLASS != null && VIRTUAL_THREAD_CLASS.isInstance(thread);
	}

	private static @Nullable Class<?> virtualThreadClass() {
		try {
			return Class.forName("java.lang.VirtualThread");
		}
		catch (ClassNotFoundException ex) {
			// Java 17: no virtual threads.
			return null;
		}
	}

}
