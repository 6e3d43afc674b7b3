package io.github.stacktrace.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Live data kept for the application's lifetime, so that a heap walk (Boot's {@code threaddump} asks for locked
 * ownable synchronizers, which walks the whole heap) and the GC see a heap like a real application's: many small
 * objects, about 272 bytes each (a {@code byte[256]} and its header), referenced from arrays of a million.
 */
final class LiveHeap {

	private static final int OBJECT_BYTES = 256;

	private static final int PER_BLOCK = 1 << 20;

	private final List<Object[]> blocks;

	private LiveHeap(List<Object[]> blocks) {
		this.blocks = blocks;
	}

	static LiveHeap allocate(long bytes) {
		long objects = bytes / (OBJECT_BYTES + 16);
		List<Object[]> blocks = new ArrayList<>();
		while (objects > 0) {
			Object[] block = new Object[(int) Math.min(PER_BLOCK, objects)];
			for (int i = 0; i < block.length; i++) {
				block[i] = new byte[OBJECT_BYTES];
			}
			blocks.add(block);
			objects -= block.length;
		}
		return new LiveHeap(blocks);
	}

	int blocks() {
		return this.blocks.size();
	}

}
