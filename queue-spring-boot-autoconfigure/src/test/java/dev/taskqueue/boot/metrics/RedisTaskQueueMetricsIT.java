package dev.taskqueue.boot.metrics;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.taskqueue.TaskOptions;
import dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration;
import dev.taskqueue.boot.autoconfigure.TaskQueueMetricsAutoConfiguration;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.redis.RedisServerSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stall and cancellation counters of two instances sharing a real Redis: each
 * instance reads every event of the shared stream, yet a stall or a cancellation is
 * counted once in the cluster, by the instance that made it.
 */
class RedisTaskQueueMetricsIT {

	private static final String QUEUE = "nobody-works-here";

	private final RedisServerSupport redis = RedisServerSupport.shared();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, TaskQueueAutoConfiguration.class,
				TaskQueueMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
		.withBean(TaskQueueMetricsTests.Handlers.class)
		.withPropertyValues("taskqueue.backend=redis", "spring.data.redis.host=" + this.redis.host(),
				"spring.data.redis.port=" + this.redis.port(),
				"taskqueue.redis.key-prefix=metrics-" + UUID.randomUUID(), "taskqueue.shutdown.timeout=1s");

	@Test
	void stallsAndCancellationsAreCountedOnceAcrossInstances() {
		this.runner.run((first) -> this.runner.run((second) -> {
			TaskEngine one = first.getBean(TaskEngine.class);
			TaskEngine two = second.getBean(TaskEngine.class);
			List<MeterRegistry> registries = List.of(first.getBean(MeterRegistry.class),
					second.getBean(MeterRegistry.class));
			assertThat(registries).allSatisfy((registry) -> {
				assertThat(
						registry.get("taskqueue.tasks.stalled").tags("queue", "mail", "type", "mail").counter().count())
					.isZero();
				assertThat(registry.get("taskqueue.tasks.cancelled")
					.tags("queue", "mail", "type", "mail")
					.counter()
					.count()).isZero();
			});
			// both instances read every event of the queue's stream
			one.addListener((event) -> {
			});
			two.addListener((event) -> {
			});
			String stalling = one.enqueue("mail", "stalls", TaskOptions.builder().queue(QUEUE).build());
			assertThat(one.backend().claim(QUEUE, 1, Duration.ofMillis(1))).singleElement()
				.satisfies((claim) -> assertThat(claim.id()).isEqualTo(stalling));

			await().atMost(Duration.ofSeconds(10)).until(() -> {
				one.wakeUp();
				two.wakeUp();
				return sum(registries, "taskqueue.tasks.stalled") >= 1;
			});
			String cancelled = two.enqueue("mail", "cancel me", TaskOptions.builder().queue(QUEUE).build());
			two.cancel(cancelled);
			one.wakeUp();
			two.wakeUp();

			await().during(Duration.ofMillis(300))
				.atMost(Duration.ofSeconds(5))
				.until(() -> sum(registries, "taskqueue.tasks.stalled") == 1);
			assertThat(TaskQueueMetricsTests.counted(registries.get(1), "taskqueue.tasks.cancelled", QUEUE))
				.isEqualTo(1);
			assertThat(TaskQueueMetricsTests.counted(registries.get(0), "taskqueue.tasks.cancelled", QUEUE))
				.as("the instance that only read the event")
				.isZero();
		}));
	}

	private static double sum(List<MeterRegistry> registries, String name) {
		return registries.stream()
			.mapToDouble((registry) -> TaskQueueMetricsTests.counted(registry, name, QUEUE))
			.sum();
	}

}
