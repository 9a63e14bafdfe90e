package dev.taskqueue.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * With {@code --jfr DIR}: a JFR recording of execution samples (every millisecond, see
 * {@code sampling.jfc}) around the timed part of each repetition, written to
 * {@code DIR/<measurement>-<repetition>.jfr} for {@link JfrTop}. Without it, nothing.
 */
final class Profiling implements AutoCloseable {

	private static final Profiling NONE = new Profiling(null, null);

	private final Recording recording;

	private final Path file;

	private Profiling(Recording recording, Path file) {
		this.recording = recording;
		this.file = file;
	}

	static Profiling start(Path directory, String name) {
		if (directory == null) {
			return NONE;
		}
		try (InputStream in = Profiling.class.getResourceAsStream("/sampling.jfc")) {
			Configuration configuration = Configuration.create(new InputStreamReader(in, StandardCharsets.UTF_8));
			Files.createDirectories(directory);
			int rep = 1;
			Path file;
			while (Files.exists(file = directory.resolve(name + "-" + rep + ".jfr"))) {
				rep++;
			}
			Recording recording = new Recording(configuration);
			recording.start();
			return new Profiling(recording, file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("sampling.jfc is not a JFR configuration", ex);
		}
	}

	@Override
	public void close() {
		if (this.recording == null) {
			return;
		}
		try {
			this.recording.stop();
			this.recording.dump(this.file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.recording.close();
		}
	}

}
