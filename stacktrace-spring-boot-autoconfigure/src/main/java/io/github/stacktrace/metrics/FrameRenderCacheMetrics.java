package io.github.stacktrace.metrics;

import io.github.stacktrace.render.FrameRenderCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Exposes a {@link FrameRenderCache} under Micrometer's cache conventions ({@code cache.gets}, {@code cache.puts},
 * {@code cache.evictions}, {@code cache.size}) with {@code cache=stacktrace.frames}. Like every
 * {@link CacheMeterBinder}, it holds the cache weakly.
 *
 * @since 0.1.0
 */
public class FrameRenderCacheMetrics extends CacheMeterBinder<FrameRenderCache> {

	/** The {@code cache} tag value. */
	public static final String CACHE_NAME = "stacktrace.frames";

	/**
	 * Creates a binder without extra tags.
	 * @param cache the cache to observe
	 */
	public FrameRenderCacheMetrics(FrameRenderCache cache) {
		this(cache, Tags.empty());
	}

	/**
	 * Creates a binder that adds the given tags to every meter.
	 * @param cache the cache to observe
	 * @param tags the extra tags
	 */
	public FrameRenderCacheMetrics(FrameRenderCache cache, Iterable<Tag> tags) {
		super(cache, CACHE_NAME, tags);
	}

	@Override
	protected @Nullable Long size() {
		FrameRenderCache cache = getCache();
		return (cache != null) ? Long.valueOf(cache.stats().size()) : null;
	}

	@Override
	protected long hitCount() {
		FrameRenderCache cache = getCache();
		return (cache != null) ? cache.stats().hits() : 0;
	}

	@Override
	protected @Nullable Long missCount() {
		FrameRenderCache cache = getCache();
		return (cache != null) ? cache.stats().misses() : null;
	}

	@Override
	protected @Nullable Long evictionCount() {
		FrameRenderCache cache = getCache();
		return (cache != null) ? cache.stats().evictions() : null;
	}

	@Override
	protected long putCount() {
		FrameRenderCache cache = getCache();
		return (cache != null) ? cache.stats().puts() : 0;
	}

	@Override
	protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
		// The cache's character count has no Micrometer convention; the four standard meters cover it.
	}

}
