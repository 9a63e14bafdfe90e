package dev.taskqueue.boot.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LettuceLogLevels}.
 */
class LettuceLogLevelsTests {

	private static final String WATCHDOG = "logging.level.io.lettuce.core.protocol.ConnectionWatchdog";

	@Test
	void quietsLettucesReconnectionLoggersOnTheRedisBackend() {
		StandardEnvironment environment = environment(Map.of("taskqueue.backend", "redis"));
		new LettuceLogLevels().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(WATCHDOG)).isEqualTo("error");
		assertThat(environment.getProperty("logging.level.io.lettuce.core.protocol.ReconnectionHandler"))
			.isEqualTo("warn");
	}

	@Test
	void leavesThemAloneOnTheMemoryBackend() {
		StandardEnvironment environment = environment(Map.of());
		new LettuceLogLevels().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(WATCHDOG)).isNull();
	}

	@Test
	void theApplicationsOwnLevelWins() {
		StandardEnvironment environment = environment(Map.of("taskqueue.backend", "redis", WATCHDOG, "info"));
		new LettuceLogLevels().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(WATCHDOG)).isEqualTo("info");
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
		return environment;
	}

}
