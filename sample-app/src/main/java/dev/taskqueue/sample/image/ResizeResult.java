package dev.taskqueue.sample.image;

/**
 * A resized image.
 *
 * @param file the image's absolute path
 * @param downloadUrl where the demo serves the image
 * @param format {@code png} or {@code jpeg}
 * @param width its width in pixels
 * @param height its height in pixels
 * @param sourceWidth the original's width
 * @param sourceHeight the original's height
 * @param bytes the file's size
 */
public record ResizeResult(String file, String downloadUrl, String format, int width, int height, int sourceWidth,
		int sourceHeight, long bytes) {

}
