package dev.taskqueue.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the in-memory and Redis groups of the suite on a hundred tasks, once, without
 * warm-up: the harness works end to end and writes its JSON lines. No figure is asserted
 * (performance is measured by running the suite, never by a test).
 */
class BenchmarkSuiteSmokeTests {

	@Test
	void runsTheMemoryAndRedisGroupsOnAFewTasks(@TempDir Path results) throws IOException {
		Options options = Options.parse(new String[] { "--group", "memory,redis", "--n", "100", "--reps", "1",
				"--no-warmup", "--results", results.toString() });
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = BenchmarkSuite.run(options, new PrintStream(out, true, StandardCharsets.UTF_8));
		assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
		List<Path> files;
		try (var listing = Files.list(results)) {
			files = listing.toList();
		}
		assertThat(files).hasSize(1);
		List<JsonNode> lines = Files.readAllLines(files.get(0))
			.stream()
			.map((line) -> JsonMapper.builder().build().readTree(line))
			.toList();
		assertThat(lines).extracting((line) -> line.path("name").asString(""))
			.contains("memory-throughput-c8", "memory-heap", "redis-enqueue", "redis-drain-c50", "redis-memory");
		assertThat(lines).filteredOn((line) -> line.has("rate")).allMatch((line) -> line.get("rate").asDouble() > 0);
	}

}
