package io.github.stacktrace.render;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.stacktrace.report.DetailMode;

/**
 * A bounded, least-recently-used cache of rendered frame blocks. Pooled threads share stacks, so most blocks of a
 * capture render once. The key is the frames themselves (content, not identity), the offset and size of the block,
 * the detail mode and the form (text lines, a JSON array, a folded line or jstack lines), so a rendering never answers a request of another mode
 * or format. Bounded by entry count and by total characters; safe for concurrent use.
 * <p>
 * A synchronized access-ordered map rather than a caching library: the cache must be bounded by entries and by size
 * at once (Caffeine bounds one or the other), the engine stays free of dependencies, and captures are single-flight,
 * so the lock is uncontended.
 *
 * @since 0.1.0
 */
public final class FrameRenderCache {

	private final int maxEntries;

	private final long maxChars;

	private final LinkedHashMap<Key, String> entries = new LinkedHashMap<>(64, 0.75f, true);

	private long chars;

	private long hits;

	private long misses;

	private long puts;

	private long evictions;

	/**
	 * Creates a cache.
	 * @param maxEntries the most blocks kept; 0 disables caching
	 * @param maxChars the most characters kept over all blocks; 0 disables caching
	 */
	public FrameRenderCache(int maxEntries, long maxChars) {
		if (maxEntries < 0 || maxChars < 0) {
			throw new IllegalArgumentException("cache bounds must not be negative");
		}
		this.maxEntries = maxEntries;
		this.maxChars = maxChars;
	}

	/**
	 * The rendering of {@code size} frames from {@code offset} in the given mode, from the cache or rendered now.
	 * @param frames the stack
	 * @param offset the first frame of the block
	 * @param size how many frames the block has
	 * @param mode the detail mode
	 * @return the rendered block, one line per frame, each ending with a newline
	 */
	public String render(List<StackTraceElement> frames, int offset, int size, DetailMode mode) {
		checkBlock(frames, offset, size);
		if (size == 0) {
			return "";
		}
		return lookup(new Key(frames, offset, size, mode, Form.TEXT));
	}

	/**
	 * The rendering of {@code size} frames from {@code offset} as {@code jstack} frame lines
	 * ({@code \tat <frame>}), from the cache or rendered now.
	 * @param frames the stack
	 * @param offset the first frame of the block
	 * @param size how many frames the block has
	 * @param mode the detail mode
	 * @return the rendered block, one line per frame, each ending with a newline
	 */
	String renderJstack(List<StackTraceElement> frames, int offset, int size, DetailMode mode) {
		checkBlock(frames, offset, size);
		if (size == 0) {
			return "";
		}
		return lookup(new Key(frames, offset, size, mode, Form.JSTACK));
	}

	/**
	 * The frames as a JSON array of frame objects in the given mode, from the cache or rendered now. Text and JSON
	 * renderings of the same frames are separate entries and never answer each other.
	 * @param frames the stack
	 * @param mode the detail mode
	 * @return the JSON array
	 */
	String renderJson(List<StackTraceElement> frames, DetailMode mode) {
		if (frames.isEmpty()) {
			return "[]";
		}
		return lookup(new Key(frames, 0, frames.size(), mode, Form.JSON));
	}

	/**
	 * The frames folded into one line, root first, in the given mode, from the cache or rendered now.
	 * @param frames the stack, not empty
	 * @param mode the detail mode
	 * @return the folded line, without a count
	 */
	String renderFolded(List<StackTraceElement> frames, DetailMode mode) {
		return lookup(new Key(frames, 0, frames.size(), mode, Form.FOLDED));
	}

	private static void checkBlock(List<StackTraceElement> frames, int offset, int size) {
		if (offset < 0 || size < 0 || offset + size > frames.size()) {
			throw new IndexOutOfBoundsException("block [" + offset + ", " + (offset + size) + ") of "
					+ frames.size() + " frames");
		}
	}

	private String lookup(Key key) {
		synchronized (this.entries) {
			String cached = this.entries.get(key);
			if (cached != null) {
				this.hits++;
				return cached;
			}
			this.misses++;
		}
		String rendered = switch (key.form) {
			case TEXT -> FrameRenderer.render(key.frames, 0, key.size, key.mode);
			case JSON -> FrameRenderer.renderJson(key.frames, key.mode);
			case FOLDED -> FrameRenderer.renderFolded(key.frames, key.mode);
			case JSTACK -> FrameRenderer.renderJstack(key.frames, 0, key.size, key.mode);
		};
		store(key, rendered);
		return rendered;
	}

	private void store(Key key, String rendered) {
		if (rendered.length() > this.maxChars || this.maxEntries == 0) {
			return;
		}
		synchronized (this.entries) {
			String previous = this.entries.put(key, rendered);
			if (previous != null) {
				this.chars -= previous.length();
			}
			else {
				this.puts++;
			}
			this.chars += rendered.length();
			Iterator<Map.Entry<Key, String>> eldest = this.entries.entrySet().iterator();
			while ((this.entries.size() > this.maxEntries || this.chars > this.maxChars) && eldest.hasNext()) {
				Map.Entry<Key, String> entry = eldest.next();
				this.chars -= entry.getValue().length();
				eldest.remove();
				this.evictions++;
			}
		}
	}

	/** Removes every entry; counts are kept. */
	public void clear() {
		synchronized (this.entries) {
			this.entries.clear();
			this.chars = 0;
		}
	}

	/**
	 * A consistent snapshot of the cache's counts.
	 * @return the statistics
	 */
	public Stats stats() {
		synchronized (this.entries) {
			return new Stats(this.entries.size(), this.chars, this.hits, this.misses, this.puts, this.evictions);
		}
	}

	/**
	 * Counts of a {@link FrameRenderCache}.
	 *
	 * @param size entries held now
	 * @param chars characters held now
	 * @param hits lookups answered from the cache
	 * @param misses lookups that rendered
	 * @param puts entries added
	 * @param evictions entries removed to stay within bounds
	 * @since 0.1.0
	 */
	public record Stats(int size, long chars, long hits, long misses, long puts, long evictions) {

	}

	private enum Form {

		TEXT, JSON, FOLDED, JSTACK

	}

	private static final class Key {

		private final List<StackTraceElement> frames;

		private final int offset;

		private final int size;

		private final DetailMode mode;

		private final Form form;

		private final int hash;

		Key(List<StackTraceElement> frames, int offset, int size, DetailMode mode, Form form) {
			// Only the block is kept: a key never pins frames it does not render.
			// List.copyOf returns an immutable list as it is, so keys stay immutable at no cost for captured stacks.
			this.frames = (offset == 0 && size == frames.size()) ? List.copyOf(frames)
					: List.copyOf(frames.subList(offset, offset + size));
			this.offset = offset;
			this.size = size;
			this.mode = mode;
			this.form = form;
			this.hash = 31 * (31 * (31 * (31 * this.frames.hashCode() + offset) + size) + mode.hashCode())
					+ form.hashCode();
		}

		@Override
		public boolean equals(Object other) {
			if (this == other) {
				return true;
			}
			if (!(other instanceof Key that)) {
				return false;
			}
			return this.hash == that.hash && this.offset == that.offset && this.size == that.size
					&& this.mode == that.mode && this.form == that.form && this.frames.equals(that.frames);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
