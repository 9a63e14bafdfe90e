package dev.taskqueue.boot.transaction;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.taskqueue.ScheduleRequest;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskRequest;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.observation.TaskEnqueueContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Tasks enqueued inside a Spring transaction are stored after it commits and dropped when
 * it rolls back: a real database engine (H2 in memory), Boot's
 * {@code DataSourceTransactionManager} and {@code @Transactional}, the in-memory backend.
 * Every case writes a row in the same transaction, so the database's outcome and the
 * queue's can be compared.
 */
class TransactionalEnqueueTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				TransactionAutoConfiguration.class, TaskQueueAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:tx-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.datasource.generate-unique-name=false", "taskqueue.shutdown.timeout=1s")
		.withBean(Work.class)
		.withBean(Orders.class);

	@Test
	void aTaskEnqueuedInATransactionIsStoredWhenItCommitsAndRuns() {
		run((app) -> {
			String id = app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> {
				String enqueued = app.order("a");
				assertThat(app.queue.get(enqueued)).as("not stored before the commit").isEmpty();
				assertThat(app.events.get(enqueued)).isNull();
				return enqueued;
			});
			assertThat(app.queue.get(id)).isPresent();
			assertThat(app.orders()).containsExactly("a");
			awaitCompleted(app, id);
			assertThat(app.work.done).containsExactly("a");
			assertThat(app.events.get(id)).startsWith("added");
		});
	}

	@Test
	void aRollbackDropsTheTaskAndItsEvents() {
		run((app) -> {
			String id = app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> {
				String enqueued = app.order("a");
				app.rollbackOnly();
				return enqueued;
			});
			assertThat(app.orders()).isEmpty();
			assertThat(app.queue.get(id)).isEmpty();
			assertThat(app.queue.stats("default").counts().getOrDefault(TaskStatus.WAITING, 0L)).isZero();
			assertThat(app.events.get(id)).isNull();
			assertNothingRuns(app);
		});
	}

	@Test
	void anExceptionAfterTheEnqueueInATransactionalMethodLeavesNoTask() {
		run((app) -> {
			Orders orders = app.context.getBean(Orders.class);
			assertThatThrownBy(() -> orders.placeAndFail("a")).isInstanceOf(IllegalStateException.class);
			assertThat(orders.lastId()).isNotNull();
			assertThat(app.orders()).isEmpty();
			assertThat(app.queue.get(orders.lastId())).isEmpty();
			assertThat(app.events).isEmpty();
			orders.place("b");
			assertThat(app.queue.get(orders.lastId())).isPresent();
			awaitCompleted(app, orders.lastId());
			assertThat(app.work.done).containsExactly("b");
		});
	}

	@Test
	void requiresNewStoresItsTasksAtItsOwnCommitWhateverTheOuterTransactionDoes() {
		run((app) -> {
			String[] ids = new String[2];
			app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> {
				ids[0] = app.order("outer");
				ids[1] = app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRES_NEW, () -> app.order("inner"));
				assertThat(app.queue.get(ids[1])).as("stored at the inner commit").isPresent();
				assertThat(app.queue.get(ids[0])).as("the outer one still waits").isEmpty();
				app.rollbackOnly();
				return null;
			});
			assertThat(app.orders()).containsExactly("inner");
			assertThat(app.queue.get(ids[0])).isEmpty();
			awaitCompleted(app, ids[1]);
			assertThat(app.work.done).containsExactly("inner");
		});
	}

	@Test
	void aNestedTransactionRolledBackToItsSavepointDropsOnlyItsOwnTasks() {
		run((app) -> {
			String[] ids = new String[4];
			app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> {
				ids[0] = app.order("before");
				ids[1] = app.inTransaction(TransactionDefinition.PROPAGATION_NESTED, () -> {
					String nested = app.order("nested-rolled-back");
					app.rollbackOnly();
					return nested;
				});
				ids[2] = app.inTransaction(TransactionDefinition.PROPAGATION_NESTED, () -> app.order("nested-kept"));
				ids[3] = app.order("after");
				assertThat(ids).allSatisfy((id) -> assertThat(app.queue.get(id)).isEmpty());
				return null;
			});
			assertThat(app.orders()).containsExactlyInAnyOrder("before", "nested-kept", "after");
			assertThat(app.queue.get(ids[1])).isEmpty();
			for (String id : List.of(ids[0], ids[2], ids[3])) {
				awaitCompleted(app, id);
			}
			assertThat(app.work.done).containsExactlyInAnyOrder("before", "nested-kept", "after");
		});
	}

	@Test
	void aNestedRollbackBeforeAnyTaskOfTheOuterTransactionDropsTheNestedOnes() {
		run((app) -> {
			String[] ids = new String[2];
			app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> {
				// the savepoint is made before the queue has anything in this transaction
				ids[0] = app.inTransaction(TransactionDefinition.PROPAGATION_NESTED, () -> {
					String nested = app.order("nested");
					app.rollbackOnly();
					return nested;
				});
				ids[1] = app.order("outer");
				return null;
			});
			assertThat(app.queue.get(ids[0])).isEmpty();
			awaitCompleted(app, ids[1]);
			assertThat(app.work.done).containsExactly("outer");
		});
	}

	@Test
	void enqueueAsyncCompletesAfterTheCommitAndIsCancelledByARollback() {
		run((app) -> {
			CompletableFuture<String> committed = app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> {
				CompletableFuture<String> future = app.queue.enqueueAsync("work", "async");
				assertThat(future).as("completes after the commit").isNotDone();
				return future;
			});
			assertThat(committed).isCompleted();
			awaitCompleted(app, committed.join());

			CompletableFuture<String> rolledBack = app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> {
				CompletableFuture<String> future = app.queue.enqueueAsync("work", "dropped");
				app.rollbackOnly();
				return future;
			});
			assertThat(rolledBack).isCancelled();
			assertThatThrownBy(rolledBack::join).hasMessageContaining("rolled back");
			assertThat(app.work.done).containsExactly("async");
		});
	}

	@Test
	void immediateOptionsStoreAtOnceAndSurviveARollback() {
		run((app) -> {
			String[] ids = new String[3];
			app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> {
				ids[0] = app.queue.enqueue("work", "immediate", TaskOptions.builder().immediate().build());
				assertThat(app.queue.get(ids[0])).isPresent();
				List<String> batch = app.queue
					.enqueueAll(List.of(new TaskRequest("work", "batch-later", TaskOptions.none()),
							new TaskRequest("work", "batch-immediate", TaskOptions.builder().immediate().build())));
				ids[1] = batch.get(0);
				ids[2] = batch.get(1);
				assertThat(app.queue.get(ids[1])).isEmpty();
				assertThat(app.queue.get(ids[2])).isPresent();
				app.rollbackOnly();
				return null;
			});
			assertThat(app.queue.get(ids[1])).isEmpty();
			awaitCompleted(app, ids[0]);
			awaitCompleted(app, ids[2]);
			assertThat(app.work.done).containsExactlyInAnyOrder("immediate", "batch-immediate");
		});
	}

	@Test
	void aTaskEnqueuedByAnotherSynchronizationsAfterCommitIsStored() {
		run((app) -> {
			String[] ids = new String[1];
			app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> {
				app.order("first");
				// registered after the queue's own synchronization: runs after it
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

					@Override
					public void afterCommit() {
						ids[0] = app.queue.enqueue("work", "from-after-commit");
					}

				});
				return null;
			});
			assertThat(ids[0]).isNotNull();
			awaitCompleted(app, ids[0]);
			assertThat(app.work.done).contains("first", "from-after-commit");
		});
	}

	@Test
	void enqueueAllInATransactionStoresTheBatchAfterTheCommit() {
		run((app) -> {
			List<String> ids = app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> {
				List<String> batch = app.queue
					.enqueueAll(List.of(new TaskRequest("work", "one", null), new TaskRequest("work", "two", null)));
				assertThat(batch).allSatisfy((id) -> assertThat(app.queue.get(id)).isEmpty());
				return batch;
			});
			ids.forEach((id) -> awaitCompleted(app, id));
			assertThat(app.work.done).containsExactlyInAnyOrder("one", "two");
		});
	}

	@Test
	void aRepeatEnqueuedInARolledBackTransactionStartsNoSeries() {
		run((app) -> {
			TaskOptions hourly = TaskOptions.builder().every(Duration.ofHours(1)).build();
			app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> {
				app.queue.enqueue("work", "repeat", hourly);
				app.rollbackOnly();
				return null;
			});
			assertThat(app.queue.schedules()).isEmpty();
			String id = app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED,
					() -> app.queue.enqueue("work", "repeat", hourly));
			assertThat(app.queue.schedules()).singleElement()
				.satisfies((schedule) -> assertThat(schedule.lastTaskId()).isEqualTo(id));
			awaitCompleted(app, id);
		});
	}

	@Test
	void schedulesAreNotTransactional() {
		run((app) -> {
			app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> {
				app.queue.upsertSchedule(ScheduleRequest.builder("nightly", "work").cron("0 0 2 * * *").build());
				app.rollbackOnly();
				return null;
			});
			assertThat(app.queue.getSchedule("nightly")).isPresent();
		});
	}

	@Test
	void withoutATransactionTasksAreStoredAtOnce() {
		run((app) -> {
			String id = app.queue.enqueue("work", "plain");
			assertThat(app.queue.get(id)).isPresent();
			String supported = app.inTransaction(TransactionDefinition.PROPAGATION_SUPPORTS, () -> {
				String enqueued = app.queue.enqueue("work", "supports");
				assertThat(app.queue.get(enqueued)).as("no actual transaction").isPresent();
				return enqueued;
			});
			awaitCompleted(app, id);
			awaitCompleted(app, supported);
		});
	}

	@Test
	void immediateByPropertyStoresAtOnceInsideTransactions() {
		this.runner.withPropertyValues("taskqueue.enqueue.transactional=immediate").run((context) -> {
			App app = new App(context);
			String id = app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> {
				String enqueued = app.order("kept");
				assertThat(app.queue.get(enqueued)).isPresent();
				app.rollbackOnly();
				return enqueued;
			});
			assertThat(app.orders()).isEmpty();
			awaitCompleted(app, id);
		});
	}

	@Test
	void theEnqueueObservationSaysTheTaskWasDeferred() {
		List<TaskEnqueueContext> enqueues = new CopyOnWriteArrayList<>();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<TaskEnqueueContext>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof TaskEnqueueContext;
			}

			@Override
			public void onStop(TaskEnqueueContext context) {
				enqueues.add(context);
			}

		});
		this.runner.withBean(ObservationRegistry.class, () -> registry).run((context) -> {
			App app = new App(context);
			String deferred = app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> app.order("later"));
			String immediate = app.queue.enqueue("work", "now");
			CompletableFuture<String> dropped = app.inTransaction(TransactionDefinition.PROPAGATION_REQUIRED, () -> {
				CompletableFuture<String> future = app.queue.enqueueAsync("work", "dropped");
				app.rollbackOnly();
				return future;
			});
			assertThat(dropped).isCancelled();
			assertThat(enqueues).extracting(TaskEnqueueContext::getOutcome, (enqueue) -> enqueue.getError() == null)
				.containsExactly(tuple("deferred", true), tuple("created", true), tuple("discarded", true));
			assertThat(enqueues.subList(0, 2)).extracting(TaskEnqueueContext::getTaskId)
				.containsExactly(deferred, immediate);
		});
	}

	private void run(Consumer<App> test) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			test.accept(new App(context));
		});
	}

	private static void awaitCompleted(App app, String id) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> app.queue.get(id).map((task) -> task.status() == TaskStatus.COMPLETED).orElse(false));
	}

	private static void assertNothingRuns(App app) {
		// a marker task enqueued after: once it ran, a dropped task would have run too
		String marker = app.queue.enqueue("work", "marker");
		awaitCompleted(app, marker);
		assertThat(app.work.done).containsExactly("marker");
	}

	/**
	 * The application under test and helpers over it.
	 */
	static final class App {

		final AssertableApplicationContext context;

		final TaskQueue queue;

		final Work work;

		final JdbcTemplate jdbc;

		final PlatformTransactionManager transactions;

		final Map<String, String> events = new ConcurrentHashMap<>();

		private org.springframework.transaction.TransactionStatus current;

		App(AssertableApplicationContext context) {
			this.context = context;
			this.queue = context.getBean(TaskQueue.class);
			this.work = context.getBean(Work.class);
			this.jdbc = context.getBean(JdbcTemplate.class);
			this.transactions = context.getBean(PlatformTransactionManager.class);
			this.jdbc.execute("create table if not exists orders (name varchar(100))");
			this.queue.addListener(this::record);
		}

		private void record(TaskEvent event) {
			if (event.taskId() != null) {
				this.events.merge(event.taskId(), event.type().value(), (a, b) -> a + "," + b);
			}
		}

		String order(String name) {
			this.jdbc.update("insert into orders (name) values (?)", name);
			return this.queue.enqueue("work", name);
		}

		List<String> orders() {
			return this.jdbc.queryForList("select name from orders", String.class);
		}

		<T> T inTransaction(int propagation, java.util.function.Supplier<T> work) {
			TransactionTemplate template = new TransactionTemplate(this.transactions);
			template.setPropagationBehavior(propagation);
			return template.execute((status) -> {
				org.springframework.transaction.TransactionStatus outer = this.current;
				this.current = status;
				try {
					return work.get();
				}
				finally {
					this.current = outer;
				}
			});
		}

		void rollbackOnly() {
			this.current.setRollbackOnly();
		}

	}

	static class Work {

		final List<String> done = new CopyOnWriteArrayList<>();

		@TaskHandler(type = "work")
		void work(String name) {
			this.done.add(name);
		}

	}

	static class Orders {

		private final JdbcTemplate jdbc;

		private final TaskQueue queue;

		private volatile String lastId;

		Orders(JdbcTemplate jdbc, TaskQueue queue) {
			this.jdbc = jdbc;
			this.queue = queue;
		}

		// read through the proxy: its own fields are not the target's
		public String lastId() {
			return this.lastId;
		}

		@Transactional
		public void place(String name) {
			this.jdbc.update("insert into orders (name) values (?)", name);
			this.lastId = this.queue.enqueue("work", name);
		}

		@Transactional
		public void placeAndFail(String name) {
			place(name);
			throw new IllegalStateException("payment declined");
		}

	}

}
