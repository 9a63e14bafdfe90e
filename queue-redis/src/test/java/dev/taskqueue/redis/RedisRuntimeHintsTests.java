package dev.taskqueue.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Lua script of the backend is in the hints a native image gets from
 * {@code META-INF/spring/aot.factories}.
 */
class RedisRuntimeHintsTests {

	@Test
	void everyScriptIsKept() throws IOException {
		RuntimeHints hints = new RuntimeHints();
		AotServices.factories()
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
		List<String> scripts;
		try (Stream<Path> files = Files.list(Path.of("src/main/resources/dev/taskqueue/redis"))) {
			scripts = files.map((file) -> "dev/taskqueue/redis/" + file.getFileName()).sorted().toList();
		}
		assertThat(scripts).hasSizeGreaterThan(10)
			.allSatisfy((script) -> assertThat(RuntimeHintsPredicates.resource().forResource(script)).accepts(hints));
	}

}
