package dev.taskqueue.sample.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.sample.SampleAppTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the JavaScript client's Node tests ({@code clients/js/test}, {@code node --test})
 * against the running sample app: enqueue, progress to completion, errors as problem
 * details. Needs Node 18+ ({@code apt-get install -y nodejs}).
 */
@SampleAppTest
class JavaScriptClientIT {

	private static final Path CLIENT = Path.of("..", "clients", "js").toAbsolutePath().normalize();

	@LocalServerPort
	private int port;

	@Test
	void theClientsNodeTestsPassAgainstTheRunningApp() throws Exception {
		assertThat(nodeVersion())
			.as("The JavaScript client's tests need Node 18 or later on the PATH: "
					+ "install it with 'apt-get install -y nodejs'")
			.matches("v(1[89]|[2-9]\\d)\\..*");
		List<String> command = new ArrayList<>(List.of("node", "--test"));
		try (Stream<Path> files = Files.list(CLIENT.resolve("test"))) {
			files.filter((file) -> file.toString().endsWith(".test.js"))
				.sorted()
				.map(Path::toString)
				.forEach(command::add);
		}
		assertThat(command).as("test files in %s", CLIENT.resolve("test")).hasSizeGreaterThan(2);
		ProcessBuilder builder = new ProcessBuilder(command).directory(CLIENT.toFile()).redirectErrorStream(true);
		builder.environment().put("TASKQUEUE_APP_URL", "http://localhost:" + this.port);
		Process node = builder.start();
		CompletableFuture<String> output = read(node.getInputStream());

		boolean exited = node.waitFor(3, TimeUnit.MINUTES);
		if (!exited) {
			node.destroyForcibly();
		}

		String report = output.get(10, TimeUnit.SECONDS);
		assertThat(exited).as("node --test ended within 3 minutes:%n%s", report).isTrue();
		assertThat(node.exitValue()).as("node --test exit code; its output:%n%s", report).isZero();
		assertThat(report).contains("# fail 0").contains("# skipped 0").containsPattern("# pass [1-9]");
	}

	private static String nodeVersion() {
		try {
			Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
			String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? version : "none";
		}
		catch (IOException ex) {
			return "none (" + ex.getMessage() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "none";
		}
	}

	private static CompletableFuture<String> read(InputStream in) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return "(output unreadable: " + ex + ")";
			}
		});
	}

}
