package dev.taskqueue.sample;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see either no file or the complete one. Handlers run at
 * least once, so a retried or cancelled attempt must never leave half a file behind; and
 * a retry simply replaces the file of an earlier attempt.
 */
public final class AtomicFile {

	private AtomicFile() {
	}

	/**
	 * Writes {@code target} through a temporary file in the same folder, moved into place
	 * once the content is complete. Creates the folder if needed.
	 * @param target the file to write
	 * @param content writes the content; if it throws, no file appears
	 * @return the absolute path of the file written
	 * @throws Exception what {@code content} throws, or an {@link IOException}
	 */
	public static Path write(Path target, Content content) throws Exception {
		Path file = target.toAbsolutePath().normalize();
		Files.createDirectories(file.getParent());
		Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".part");
		try {
			try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
				content.writeTo(out);
			}
			try {
				Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
			}
			return file;
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * The content of a file.
	 */
	@FunctionalInterface
	public interface Content {

		/**
		 * Writes the content.
		 * @param out the stream to write to, closed by the caller
		 * @throws Exception if the content cannot be produced
		 */
		void writeTo(OutputStream out) throws Exception;

	}

}
