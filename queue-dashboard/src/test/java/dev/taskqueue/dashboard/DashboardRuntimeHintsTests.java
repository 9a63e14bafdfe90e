package dev.taskqueue.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file the dashboard serves is in the hints a native image gets from
 * {@code META-INF/spring/aot.factories}: its page, assets, the JavaScript client and
 * uPlot's files.
 */
class DashboardRuntimeHintsTests {

	@Test
	void everyServedFileIsKept() throws IOException {
		RuntimeHints hints = new RuntimeHints();
		AotServices.factories()
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
		List<String> files = new ArrayList<>(List.of(DashboardPage.TEMPLATE, DashboardRoutes.CLIENT));
		try (Stream<Path> assets = Files.list(Path.of("src/main/resources", DashboardRoutes.ASSETS))) {
			assets.forEach((asset) -> files.add(DashboardRoutes.ASSETS + asset.getFileName()));
		}
		ClassPathResource uplot = UplotWebJar.distribution(getClass().getClassLoader());
		assertThat(uplot).isNotNull();
		files.add(uplot.getPath() + "uPlot.esm.js");
		assertThat(files).hasSizeGreaterThan(5)
			.allSatisfy((file) -> assertThat(RuntimeHintsPredicates.resource().forResource(file)).accepts(hints));
	}

}
