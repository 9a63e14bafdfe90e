package dev.taskqueue.sample;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the sample's handlers write their files.
 */
@ConfigurationProperties("sample")
public class SampleProperties {

	private static final Path BASE = Path.of(System.getProperty("java.io.tmpdir"), "taskqueue-sample");

	/**
	 * Folder the e-mail handler writes .eml files to when no SMTP server is configured
	 * ({@code spring.mail.host}).
	 */
	private Path outboxDir = BASE.resolve("outbox");

	/**
	 * Folder the report handler writes CSV files to.
	 */
	private Path reportsDir = BASE.resolve("reports");

	/**
	 * Folder the image handler writes resized images to.
	 */
	private Path imagesDir = BASE.resolve("images");

	/**
	 * Sender of e-mails whose request names none.
	 */
	private String mailFrom = "Task Queue Sample <tasks@sample.taskqueue.dev>";

	public Path getOutboxDir() {
		return this.outboxDir;
	}

	public void setOutboxDir(Path outboxDir) {
		this.outboxDir = outboxDir;
	}

	public Path getReportsDir() {
		return this.reportsDir;
	}

	public void setReportsDir(Path reportsDir) {
		this.reportsDir = reportsDir;
	}

	public Path getImagesDir() {
		return this.imagesDir;
	}

	public void setImagesDir(Path imagesDir) {
		this.imagesDir = imagesDir;
	}

	public String getMailFrom() {
		return this.mailFrom;
	}

	public void setMailFrom(String mailFrom) {
		this.mailFrom = mailFrom;
	}

}
