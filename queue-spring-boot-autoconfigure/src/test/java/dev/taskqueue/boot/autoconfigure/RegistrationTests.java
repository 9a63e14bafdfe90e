package dev.taskqueue.boot.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import dev.taskqueue.TaskHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Checks that Spring Boot finds the auto-configurations, and that its start-up failure
 * report uses the failure analyzers.
 */
@ExtendWith(OutputCaptureExtension.class)
class RegistrationTests {

	@Test
	void autoConfigurationsAreListedInTheImportsFile() {
		List<String> candidates = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
			.getCandidates();
		assertThat(candidates).contains(TaskQueueAutoConfiguration.class.getName(),
				TaskQueueHealthContributorAutoConfiguration.class.getName(),
				TaskQueueMetricsAutoConfiguration.class.getName());
	}

	@Test
	void startupReportExplainsTheMissingRedisBackend(CapturedOutput output) {
		assertThatException().isThrownBy(() -> application().properties("taskqueue.backend=redis").run());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("taskqueue.backend is 'redis', but taskqueue.backend=redis needs a RedisConnectionFactory")
			.contains("Action:")
			.contains("spring-boot-starter-data-redis");
	}

	@Test
	void startupReportExplainsAnInvalidHandler(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> application().sources(TwoPayloads.class).properties("spring.main.banner-mode=off").run());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid @TaskHandler method " + TwoPayloads.class.getName() + ".handle(..)")
			.contains("at most one payload parameter");
	}

	private static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(TaskQueueAutoConfiguration.class)
	static class Empty {

	}

	static class TwoPayloads {

		@TaskHandler(type = "two")
		void handle(String one, String two) {
		}

	}

}
