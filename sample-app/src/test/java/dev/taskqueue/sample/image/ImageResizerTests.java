package dev.taskqueue.sample.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.sample.SampleAppTest;
import dev.taskqueue.sample.SampleClient;

import static org.assertj.core.api.Assertions.assertThat;

@SampleAppTest
class ImageResizerTests {

	@LocalServerPort
	private int port;

	private SampleClient client;

	@BeforeEach
	void client() {
		this.client = new SampleClient(this.port);
	}

	@Test
	void resizesTheGeneratedTestImageKeepingTheAspectRatio() throws Exception {
		String id = this.client.enqueue("resize-image", Map.of("width", 320));

		JsonNode result = this.client.awaitCompleted(id).path("result");

		assertThat(result.path("sourceWidth").asInt()).isEqualTo(1600);
		assertThat(result.path("sourceHeight").asInt()).isEqualTo(1000);
		Path file = Path.of(result.path("file").asString());
		BufferedImage image = ImageIO.read(file.toFile());
		assertThat(image.getWidth()).isEqualTo(320).isEqualTo(result.path("width").asInt());
		assertThat(image.getHeight()).isEqualTo(200).isEqualTo(result.path("height").asInt());
		assertThat(Files.readAllBytes(file)).startsWith(0x89, 'P', 'N', 'G');
	}

	@Test
	void resizesAFileToJpegFlatteningTransparency() throws Exception {
		Path input = Files.createDirectories(Path.of("target/test-data/input")).resolve("transparent.png");
		BufferedImage original = new BufferedImage(300, 150, BufferedImage.TYPE_INT_ARGB);
		Graphics2D g = original.createGraphics();
		g.setColor(Color.RED);
		g.fillRect(150, 0, 150, 150);
		g.dispose();
		ImageIO.write(original, "png", input.toFile());

		String id = this.client.enqueue("resize-image",
				Map.of("source", input.toAbsolutePath().toString(), "width", 100, "format", "jpg"));

		JsonNode result = this.client.awaitCompleted(id).path("result");
		assertThat(result.path("format").asString()).isEqualTo("jpeg");
		byte[] bytes = Files.readAllBytes(Path.of(result.path("file").asString()));
		assertThat(bytes).startsWith(0xFF, 0xD8);
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
		assertThat(image.getWidth()).isEqualTo(100);
		assertThat(image.getHeight()).isEqualTo(50);
		assertThat(new Color(image.getRGB(10, 25))).satisfies((left) -> assertThat(left.getRed()).isGreaterThan(240))
			.satisfies((left) -> assertThat(left.getGreen()).isGreaterThan(240));
		assertThat(new Color(image.getRGB(90, 25))).satisfies((right) -> assertThat(right.getRed()).isGreaterThan(200))
			.satisfies((right) -> assertThat(right.getGreen()).isLessThan(60));
	}

	@Test
	void resizesAnImageReadFromAUrl() throws Exception {
		JsonNode first = this.client.awaitCompleted(this.client.enqueue("resize-image", Map.of("width", 400)))
			.path("result");
		String url = this.client.baseUrl() + first.path("downloadUrl").asString();

		JsonNode result = this.client
			.awaitCompleted(this.client.enqueue("resize-image", Map.of("source", url, "width", 80)))
			.path("result");

		assertThat(result.path("sourceWidth").asInt()).isEqualTo(400);
		BufferedImage image = ImageIO.read(Path.of(result.path("file").asString()).toFile());
		assertThat(image.getWidth()).isEqualTo(80);
		assertThat(image.getHeight()).isEqualTo(50);
	}

	@Test
	void failsWithAClearErrorWhenTheSourceIsNotAnImage() throws Exception {
		Path text = Files.createDirectories(Path.of("target/test-data/input")).resolve("not-an-image.png");
		Files.writeString(text, "just text");

		JsonNode task = this.client.awaitFinal(
				this.client.enqueue("resize-image", Map.of("source", text.toAbsolutePath().toString(), "width", 100)));

		assertThat(task.path("status").asString()).isEqualTo("failed");
		assertThat(task.path("error").path("message").asString()).contains("is not an image ImageIO can read");
	}

}
