package dev.taskqueue.boot.transaction;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration;
import dev.taskqueue.redis.RedisServerSupport;
import dev.taskqueue.redis.TestResources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Transactional enqueue on the Redis backend, with a real {@code redis-server} and H2:
 * committed tasks are stored and run, rolled-back ones never reach Redis, and a task that
 * cannot be stored after its commit (Redis stopped meanwhile) is reported: an ERROR line
 * naming its id, and the {@code enqueueAsync} future completed with the failure, while
 * the database's commit stands.
 */
@ExtendWith(OutputCaptureExtension.class)
class TransactionalEnqueueRedisIT {

	@RegisterExtension
	final TestResources resources = new TestResources();

	private ApplicationContextRunner runner(RedisServerSupport server) {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				TransactionAutoConfiguration.class, DataRedisAutoConfiguration.class, TaskQueueAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:tx-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
					"spring.datasource.generate-unique-name=false", "taskqueue.backend=redis",
					"spring.data.redis.host=" + server.host(), "spring.data.redis.port=" + server.port(),
					"taskqueue.redis.command-timeout=1s", "taskqueue.shutdown.timeout=1s")
			.withBean(Work.class);
	}

	@Test
	void committedTasksRunAndRolledBackOnesNeverReachRedis() {
		RedisServerSupport server = this.resources.ownServer(false);
		runner(server).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
			String committed = transactions.execute((status) -> {
				String id = queue.enqueue("work", "committed");
				assertThat(queue.get(id)).isEmpty();
				return id;
			});
			String rolledBack = transactions.execute((status) -> {
				status.setRollbackOnly();
				return queue.enqueue("work", "rolled-back");
			});
			await().atMost(Duration.ofSeconds(10))
				.until(() -> queue.get(committed).map((task) -> task.status() == TaskStatus.COMPLETED).orElse(false));
			assertThat(queue.get(rolledBack)).isEmpty();
			String marker = queue.enqueue("work", "marker");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> queue.get(marker).map((task) -> task.status() == TaskStatus.COMPLETED).orElse(false));
			assertThat(context.getBean(Work.class).done).containsExactly("committed", "marker");
		});
	}

	@Test
	void aTaskThatCannotBeStoredAfterTheCommitIsLoggedAndFailsItsFuture(CapturedOutput output) {
		RedisServerSupport server = this.resources.ownServer(false);
		runner(server).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("create table orders (name varchar(100))");
			TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
			String[] ids = new String[1];
			CompletableFuture<String> future = transactions.execute((status) -> {
				jdbc.update("insert into orders (name) values ('lost')");
				ids[0] = queue.enqueue("work", "lost");
				CompletableFuture<String> async = queue.enqueueAsync("work", "lost-async");
				server.stop();
				return async;
			});
			assertThat(jdbc.queryForList("select name from orders", String.class)).as("the commit stands")
				.containsExactly("lost");
			assertThat(future).isCompletedExceptionally();
			assertThatThrownBy(future::join).hasCauseInstanceOf(TaskQueueUnavailableException.class);
			assertThat(output).contains("ERROR")
				.contains("Tasks [" + ids[0] + "] were not stored after their transaction committed and are lost");
		});
	}

	static class Work {

		final List<String> done = new CopyOnWriteArrayList<>();

		@TaskHandler(type = "work")
		void work(String name) {
			this.done.add(name);
		}

	}

}
