package io.github.stacktrace.actuate;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Chooses the report's content type from the raw {@code Accept} header the way Spring MVC and WebFlux choose between
 * the operations of Boot's own endpoints (e.g. {@code threaddump}'s text and JSON): the accepted media types are
 * sorted by quality, then by specificity ({@link MimeTypeUtils#sortBySpecificity}, which compares a
 * {@link MediaType}'s quality first), and the first of them that one of our types matches decides. So
 * {@code application/json;q=0.1, text/plain;q=0.9} gets text, in either order.
 * <p>
 * Within one accepted media type: our type equal to it; else, for <code>&#42;/&#42;</code>, the default (text); else
 * the last-declared of our types it includes, as Boot's own resolution picks ({@code text/*} is the HTML page,
 * {@code application/*} JSON). A type the header refuses, one whose most specific matching range has {@code q=0}, is
 * never chosen: {@code text/plain;q=0} alone is not acceptable, <code>text/plain;q=0, &#42;/&#42;</code> gets the page.
 */
final class AcceptNegotiation {

	private AcceptNegotiation() {
	}

	/**
	 * The content type the header asks for.
	 * @param accept the {@code Accept} header's values; none means the default
	 * @return the content type, or {@link StackTraceContentType#OTHER} when the header accepts none of ours (or is
	 * not a list of media types)
	 */
	static StackTraceContentType negotiate(List<String> accept) {
		List<MediaType> accepted;
		try {
			accepted = new ArrayList<>(MediaType.parseMediaTypes(accept));
			MimeTypeUtils.sortBySpecificity(accepted);
		}
		catch (InvalidMediaTypeException | InvalidMimeTypeException ex) {
			return StackTraceContentType.OTHER;
		}
		if (accepted.isEmpty()) {
			return StackTraceContentType.TEXT;
		}
		for (MediaType range : accepted) {
			if (range.getQualityValue() > 0) {
				StackTraceContentType chosen = choose(range, accepted);
				if (chosen != null) {
					return chosen;
				}
			}
		}
		return StackTraceContentType.OTHER;
	}

	private static @Nullable StackTraceContentType choose(MediaType range, List<MediaType> accepted) {
		StackTraceContentType[] ours = StackTraceContentType.values();
		for (StackTraceContentType type : ours) {
			if (type != StackTraceContentType.OTHER && sameType(range, type.getProducedMimeType())
					&& !refused(type, accepted)) {
				return type;
			}
		}
		if (range.isWildcardType() && !refused(StackTraceContentType.TEXT, accepted)) {
			return StackTraceContentType.TEXT;
		}
		for (int i = ours.length - 1; i >= 0; i--) {
			StackTraceContentType type = ours[i];
			if (type != StackTraceContentType.OTHER && range.includes(type.getProducedMimeType())
					&& !refused(type, accepted)) {
				return type;
			}
		}
		return null;
	}

	/** Whether the most specific accepted range that includes the type gives it quality 0. */
	private static boolean refused(StackTraceContentType type, List<MediaType> accepted) {
		MediaType closest = null;
		for (MediaType range : accepted) {
			if (range.includes(type.getProducedMimeType())
					&& (closest == null || specificity(range) > specificity(closest))) {
				closest = range;
			}
		}
		return closest != null && closest.getQualityValue() == 0;
	}

	private static int specificity(MimeType range) {
		return range.isWildcardType() ? 0 : (range.isWildcardSubtype() ? 1 : 2);
	}

	private static boolean sameType(MimeType range, MimeType type) {
		return range.getType().equals(type.getType()) && range.getSubtype().equals(type.getSubtype());
	}

}
