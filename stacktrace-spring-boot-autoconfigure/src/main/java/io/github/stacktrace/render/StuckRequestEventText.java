package io.github.stacktrace.render;

import java.util.List;
import java.util.Locale;

import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.report.StuckRequest;
import io.github.stacktrace.report.StuckRequestEvent;
import io.github.stacktrace.report.ThreadCapture;

/**
 * The text of a stuck-request log event: a first line that says what happened, the stack of the first request (FAST
 * frames, with lock lines where the capture has them, cut with {@code ... N more}), then a line per other request of
 * the group, up to a bound. Every value from the application (thread names, routes, trace ids) is escaped, so an event
 * can never forge a line of another.
 *
 * <pre>
 * Stuck request: GET /orders/{id} for 61.2 s thread_id=42 thread_name="http-nio-8080-exec-1" state=WAITING virtual=false trace_id=4bf9… span_id=00f0…
 * java.base/java.lang.Object.wait0(Native Method)
 *   - waiting on &lt;0x1a2b&gt; (a java.lang.Object)
 * ...
 * ... 37 more
 * </pre>
 *
 * @since 0.1.0
 */
public final class StuckRequestEventText {

	private final TextStackWriter stacks;

	private final int maxRequests;

	/**
	 * Creates the event text.
	 * @param cache the frame cache the stacks render through
	 * @param maxRequests the most requests an event names one by one
	 */
	public StuckRequestEventText(FrameRenderCache cache, int maxRequests) {
		this.stacks = new TextStackWriter(cache, TextStackWriter.Dialect.TEXT);
		this.maxRequests = maxRequests;
	}

	/**
	 * The event's text.
	 * @param event the event
	 * @return the text, several lines, without a final newline
	 */
	public String message(StuckRequestEvent event) {
		ReportText out = new ReportText();
		List<StuckRequest> requests = event.requests();
		StuckRequest first = event.first();
		boolean stuck = event.kind() == StuckRequestEvent.Kind.STUCK;
		if (requests.size() == 1) {
			out.append(stuck ? "Stuck request: " : "Stuck request ended: ");
		}
		else {
			out.append(requests.size()).append(stuck ? " stuck requests at one stack, the oldest: "
					: " stuck requests found at one stack ended, the oldest: ");
		}
		appendRequest(out, first, stuck);
		if (event.suppressedBefore() > 0) {
			out.append(" suppressed_events=").append(event.suppressedBefore());
		}
		out.append('\n');
		if (stuck) {
			this.stacks.append(out, first.thread(), DetailMode.FAST, true);
			if (first.omittedFrames() > 0) {
				out.append("... ").append(first.omittedFrames()).append(" more\n");
			}
		}
		int shown = Math.min(requests.size(), this.maxRequests);
		for (int i = 1; i < shown; i++) {
			out.append(stuck ? "also stuck at this stack: " : "also ended: ");
			appendRequest(out, requests.get(i), stuck);
			out.append('\n');
		}
		if (requests.size() > shown) {
			out.append("... and ").append(requests.size() - shown).append(" more requests\n");
		}
		String text = out.toString();
		return text.substring(0, text.length() - 1);
	}

	private static void appendRequest(ReportText out, StuckRequest request, boolean stuck) {
		RequestContext context = request.request();
		out.append(TextEscaper.escape(context.description()));
		StuckRequest.Ending ending = request.ending();
		if (stuck || ending == null) {
			out.append(" for ").append(seconds(context.elapsed().toNanos()));
		}
		else {
			out.append(" after ").append(seconds(ending.total().toNanos())).append(' ').append(ending.how());
		}
		TextSectionFields fields = new TextSectionFields(out);
		ThreadCapture thread = request.thread();
		StuckRequestFields.writeThread(thread, fields);
		if (context.traceId() != null) {
			fields.text("trace_id", context.traceId());
		}
		if (context.spanId() != null) {
			fields.text("span_id", context.spanId());
		}
	}

	private static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
	}

}
