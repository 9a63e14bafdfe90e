package dev.taskqueue.sample.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.imageio.ImageIO;

import org.springframework.stereotype.Component;

import dev.taskqueue.TaskContext;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.sample.AtomicFile;
import dev.taskqueue.sample.SampleProperties;

/**
 * Resizes images with {@code java.awt} (headless) and writes them to
 * {@code sample.images-dir}.
 * <p>
 * A demo reads whatever path or URL the task names; a real app would restrict sources,
 * since anyone who may enqueue tasks could make the server read them.
 */
@Component
public class ImageResizer {

	private final SampleProperties properties;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NORMAL)
		.build();

	public ImageResizer(SampleProperties properties) {
		this.properties = properties;
	}

	/**
	 * Resizes one image to the requested width, keeping its aspect ratio.
	 * @param request the image and size
	 * @param context the task's context
	 * @return the resized image's file and dimensions
	 * @throws Exception if the source cannot be read or is not an image, or the result
	 * cannot be written
	 */
	@TaskHandler(type = "resize-image", queue = "images", concurrency = 2, timeout = "1m")
	public ResizeResult resize(ResizeRequest request, TaskContext context) throws Exception {
		BufferedImage source = read(request);
		context.progress(30, "read " + source.getWidth() + "x" + source.getHeight());
		int height = Math.max(1, (int) Math.round((double) source.getHeight() * request.width() / source.getWidth()));
		BufferedImage resized = scale(source, request.width(), height, request.format().equals("jpeg"));
		context.progress(80, "resized to " + resized.getWidth() + "x" + resized.getHeight());
		String fileName = "image-" + context.taskId() + "." + (request.format().equals("jpeg") ? "jpg" : "png");
		Path file = AtomicFile.write(this.properties.getImagesDir().resolve(fileName), (out) -> {
			if (!ImageIO.write(resized, request.format(), out)) {
				throw new IOException("no ImageIO writer for " + request.format());
			}
		});
		return new ResizeResult(file.toString(), "/demo/images/" + fileName, request.format(), resized.getWidth(),
				resized.getHeight(), source.getWidth(), source.getHeight(), Files.size(file));
	}

	private BufferedImage read(ResizeRequest request) throws IOException, InterruptedException {
		if (request.generated()) {
			return TestImage.create();
		}
		String source = request.source().trim();
		if (source.startsWith("http://") || source.startsWith("https://")) {
			HttpRequest get = HttpRequest.newBuilder(URI.create(source)).timeout(Duration.ofSeconds(30)).GET().build();
			HttpResponse<InputStream> response = this.http.send(get, HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream body = response.body()) {
				if (response.statusCode() / 100 != 2) {
					throw new IOException("GET " + source + " answered " + response.statusCode());
				}
				return decode(body, source);
			}
		}
		try (InputStream in = Files.newInputStream(Path.of(source))) {
			return decode(in, source);
		}
	}

	private static BufferedImage decode(InputStream in, String source) throws IOException {
		BufferedImage image = ImageIO.read(in);
		if (image == null) {
			throw new IOException(source + " is not an image ImageIO can read (PNG, JPEG, GIF, BMP)");
		}
		return image;
	}

	/**
	 * Scales in steps of at most one half, which keeps downscaled images sharp without
	 * the cost of area averaging.
	 */
	private static BufferedImage scale(BufferedImage source, int width, int height, boolean opaque) {
		BufferedImage current = source;
		int w = source.getWidth();
		int h = source.getHeight();
		do {
			w = (w / 2 >= width) ? w / 2 : width;
			h = (h / 2 >= height) ? h / 2 : height;
			current = draw(current, w, h, opaque);
		}
		while (w != width || h != height);
		return current;
	}

	private static BufferedImage draw(BufferedImage source, int width, int height, boolean opaque) {
		BufferedImage target = new BufferedImage(width, height,
				opaque ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
		Graphics2D g = target.createGraphics();
		try {
			if (opaque) {
				// JPEG has no alpha: flatten transparent pixels onto white, not black.
				g.setColor(Color.WHITE);
				g.fillRect(0, 0, width, height);
			}
			g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			g.drawImage(source, 0, 0, width, height, null);
		}
		finally {
			g.dispose();
		}
		return target;
	}

}
