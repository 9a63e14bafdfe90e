package dev.taskqueue.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.springframework.core.io.ClassPathResource;

/**
 * Where the uPlot webjar keeps its files. The version is read from the webjar's own Maven
 * properties, so that the dependency's version is written in one place, the pom.
 */
final class UplotWebJar {

	private static final String POM_PROPERTIES = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

	private UplotWebJar() {
	}

	/**
	 * The folder of uPlot's built files ({@code uPlot.esm.js}, {@code uPlot.min.css}).
	 * @param classLoader where to look
	 * @return the folder, or {@code null} when the webjar is not on the class path (the
	 * dashboard then shows no charts)
	 */
	static ClassPathResource distribution(ClassLoader classLoader) {
		ClassPathResource pom = new ClassPathResource(POM_PROPERTIES, classLoader);
		if (!pom.exists()) {
			return null;
		}
		Properties properties = new Properties();
		try (InputStream in = pom.getInputStream()) {
			properties.load(in);
		}
		catch (IOException ex) {
			return null;
		}
		String version = properties.getProperty("version");
		if (version == null || version.isBlank()) {
			return null;
		}
		return new ClassPathResource("META-INF/resources/webjars/uplot/" + version.trim() + "/dist/", classLoader);
	}

}
