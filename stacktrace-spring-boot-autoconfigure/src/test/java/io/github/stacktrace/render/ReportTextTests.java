package io.github.stacktrace.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReportText}.
 */
class ReportTextTests {

	@Test
	void joinedTextKeepsEveryPieceInOrder() {
		ReportText text = new ReportText().append("header: ").append(42L).append('\n');
		text.appendShared("x".repeat(100)).append(true).appendShared("short");
		assertThat(text.toString()).isEqualTo("header: 42\n" + "x".repeat(100) + "trueshort");
		assertThat(text.length()).isEqualTo(text.toString().length());
	}

	@Test
	void streamIsTheUtf8OfTheJoinedText() throws IOException {
		ReportText text = new ReportText();
		Random random = new Random(7);
		StringBuilder piece = new StringBuilder();
		for (int i = 0; i < 200; i++) {
			piece.setLength(0);
			int length = random.nextInt(3000);
			for (int c = 0; c < length; c++) {
				switch (random.nextInt(5)) {
					case 0 -> piece.append('\u00e9');
					case 1 -> piece.append("\u4e2d");
					case 2 -> piece.appendCodePoint(0x1F600);
					default -> piece.append((char) ('a' + random.nextInt(26)));
				}
			}
			if (random.nextBoolean()) {
				text.appendShared(piece.toString());
			}
			else {
				text.append(piece.toString());
			}
		}
		assertThat(readAll(text.openUtf8Stream(), 1000)).isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8));
		assertThat(readAll(text.openUtf8Stream(), 8192)).isEqualTo(text.toString().getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void surrogatePairAcrossTheCopyBufferIsEncodedWhole() throws IOException {
		String pieceWithPairAtTheBoundary = "a".repeat(8191) + "\ud83d\ude00" + "b".repeat(10);
		ReportText text = new ReportText().appendShared(pieceWithPairAtTheBoundary);
		assertThat(new String(readAll(text.openUtf8Stream(), 4096), StandardCharsets.UTF_8))
			.isEqualTo(pieceWithPairAtTheBoundary);
	}

	@Test
	void emptyTextStreamsNothing() throws IOException {
		try (InputStream in = new ReportText().openUtf8Stream()) {
			assertThat(in.read()).isEqualTo(-1);
		}
	}

	private static byte[] readAll(InputStream in, int chunk) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[chunk];
		for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
			out.write(buffer, 0, n);
		}
		in.close();
		return out.toByteArray();
	}

}
