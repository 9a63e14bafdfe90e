package dev.taskqueue.sample.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.taskqueue.sample.SampleProperties;

/**
 * Serves the files the handlers wrote: reports and resized images. Only names the
 * handlers make are accepted, so no other file can be read.
 */
@RestController
@RequestMapping("/demo")
public class DemoFilesController {

	private static final Pattern REPORT = Pattern.compile("report-[0-9A-Za-z_-]{1,64}\\.csv");

	private static final Pattern IMAGE = Pattern.compile("image-[0-9A-Za-z_-]{1,64}\\.(png|jpg)");

	private final SampleProperties properties;

	public DemoFilesController(SampleProperties properties) {
		this.properties = properties;
	}

	@GetMapping("/reports/{name}")
	public ResponseEntity<Resource> report(@PathVariable String name) {
		if (!REPORT.matcher(name).matches()) {
			return ResponseEntity.notFound().build();
		}
		return serve(this.properties.getReportsDir().resolve(name), MediaType.parseMediaType("text/csv"), true);
	}

	@GetMapping("/images/{name}")
	public ResponseEntity<Resource> image(@PathVariable String name) {
		if (!IMAGE.matcher(name).matches()) {
			return ResponseEntity.notFound().build();
		}
		MediaType type = name.endsWith(".png") ? MediaType.IMAGE_PNG : MediaType.IMAGE_JPEG;
		return serve(this.properties.getImagesDir().resolve(name), type, false);
	}

	private static ResponseEntity<Resource> serve(Path file, MediaType type, boolean attachment) {
		if (!Files.isRegularFile(file)) {
			return ResponseEntity.notFound().build();
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(type);
		if (attachment) {
			response.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.getFileName() + "\"");
		}
		return response.body(new FileSystemResource(file));
	}

}
