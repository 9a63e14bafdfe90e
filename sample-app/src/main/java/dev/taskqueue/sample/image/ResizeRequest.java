package dev.taskqueue.sample.image;

import java.util.Locale;

/**
 * An image to resize.
 *
 * @param source a file path or an {@code http(s)} URL of a PNG, JPEG, GIF or BMP image;
 * {@code null} or empty to resize a generated test image
 * @param width the width wanted, in pixels (1 to 10,000); the height keeps the aspect
 * ratio
 * @param format {@code png} (default) or {@code jpeg}
 */
public record ResizeRequest(String source, int width, String format) {

	/** The widest image the handler makes. */
	public static final int MAX_WIDTH = 10_000;

	/**
	 * Applies defaults and validates the request.
	 * @param source the source
	 * @param width the width
	 * @param format the format
	 */
	public ResizeRequest {
		if (width < 1 || width > MAX_WIDTH) {
			throw new IllegalArgumentException("width must be between 1 and " + MAX_WIDTH + ", was " + width);
		}
		format = (format == null || format.isBlank()) ? "png" : format.trim().toLowerCase(Locale.ROOT);
		if (format.equals("jpg")) {
			format = "jpeg";
		}
		if (!format.equals("png") && !format.equals("jpeg")) {
			throw new IllegalArgumentException("format must be png or jpeg, was " + format);
		}
	}

	/**
	 * Whether the handler generates the image itself.
	 * @return true without a source
	 */
	public boolean generated() {
		return this.source == null || this.source.isBlank();
	}

}
