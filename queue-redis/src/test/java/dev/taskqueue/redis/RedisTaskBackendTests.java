package dev.taskqueue.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskOutcome;
import dev.taskqueue.testing.SettableClock;
import tools.jackson.databind.node.StringNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis specifics of {@link RedisTaskBackend}: key layout, fencing, several instances,
 * wake-ups across instances and cancellation across instances. The behaviour every
 * backend shares is proven by {@code RedisTaskQueueContractTests}.
 */
class RedisTaskBackendTests {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final RedisServerSupport redis = RedisServerSupport.shared();

	private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00.000123456Z"));

	private final RedisTestTasks tasks = new RedisTestTasks(this.clock);

	private final List<AutoCloseable> resources = new ArrayList<>();

	private RedisTaskBackend backend;

	@BeforeEach
	void setUp() {
		redis.flush();
		this.backend = backend();
	}

	@AfterEach
	void tearDown() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	/** A backend on a connection factory of its own: one application instance. */
	private RedisTaskBackend backend() {
		LettuceConnectionFactory factory = redis.connectionFactory();
		this.resources.add(factory::destroy);
		RedisTaskBackend created = new RedisTaskBackend(factory, "tq", this.clock, RetentionPolicy.defaults(),
				RedisTestTasks.MAPPER);
		this.resources.add(created);
		return created;
	}

	@Test
	void enqueuedTaskIsFoundWithEveryFieldAsGiven() {
		NewTask task = this.tasks.task("mail");
		assertThat(this.backend.enqueue(task).created()).isTrue();
		Task found = this.backend.find(task.id()).orElseThrow();
		assertThat(found.id()).isEqualTo(task.id());
		assertThat(found.queue()).isEqualTo("mail");
		assertThat(found.type()).isEqualTo("test");
		assertThat(found.status()).isEqualTo(TaskStatus.WAITING);
		assertThat(found.payload()).isEqualTo(task.payload());
		assertThat(found.createdAt()).isEqualTo(task.createdAt());
		assertThat(found.scheduledAt()).isEqualTo(task.scheduledAt());
		assertThat(found.backoff()).isEqualTo(task.backoff());
		assertThat(found.timeout()).isEqualTo(task.timeout());
		assertThat(found.maxAttempts()).isEqualTo(3);
		assertThat(found.occurrence()).isEqualTo(1);
		assertThat(this.backend.find("nope")).isEmpty();
	}

	@Test
	void claimAndFinishRoundTrip() {
		NewTask first = this.tasks.task("q");
		NewTask second = this.tasks.task("q");
		this.backend.enqueueAll(List.of(first, second));
		List<ClaimedTask> claims = this.backend.claim("q", 1, LEASE);
		assertThat(claims).hasSize(1);
		ClaimedTask claim = claims.get(0);
		assertThat(claim.id()).isEqualTo(first.id());
		assertThat(claim.task().status()).isEqualTo(TaskStatus.ACTIVE);
		assertThat(claim.task().attempts()).isEqualTo(1);
		assertThat(claim.task().startedAt()).isEqualTo(this.clock.instant());
		this.clock.advance(Duration.ofMillis(250));
		FinishResult result = this.backend.finish(
				new TaskOutcome.Completed(claim, StringNode.valueOf("done"), this.clock.instant(), null), true, LEASE);
		assertThat(result.accepted()).isTrue();
		assertThat(result.task().status()).isEqualTo(TaskStatus.COMPLETED);
		assertThat(result.task().result()).isEqualTo(StringNode.valueOf("done"));
		assertThat(result.task().finishedAt()).isEqualTo(this.clock.instant());
		assertThat(result.next().id()).isEqualTo(second.id());
		assertThat(this.backend.stats("q").metrics().avgProcessingMillis()).isEqualTo(250.0);
	}

	@Test
	void keysOfAQueueShareOneHashTag() {
		NewTask task = this.tasks.task("emails");
		this.backend.enqueue(task);
		ClaimedTask claim = this.backend.claim("emails", 1, LEASE).get(0);
		this.backend.finish(new TaskOutcome.Failed(claim, new TaskError("boom", "X", null), this.clock.instant(),
				this.clock.instant().plusSeconds(5), null), false, LEASE);
		LettuceConnectionFactory factory = redis.connectionFactory();
		this.resources.add(factory::destroy);
		try (var connection = factory.getConnection()) {
			Set<byte[]> keys = connection.keyCommands().keys("*".getBytes());
			List<String> names = keys.stream().map(String::new).sorted().toList();
			assertThat(names).contains("tq:{emails}:tasks", "tq:{emails}:retrying", "tq:{emails}:meta", "tq:queues");
			assertThat(names).allSatisfy((name) -> assertThat(name).matches("tq:\\{emails\\}:[a-z]+|tq:queues.*"));
		}
	}

}
