package dev.taskqueue.contract;

import java.time.Clock;

import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskBackend;
import org.junit.jupiter.api.Nested;

/**
 * The contract every {@link TaskBackend} fulfils, proven through the public
 * {@link dev.taskqueue.TaskQueue} API of {@link dev.taskqueue.engine.TaskEngine}s built
 * on the backend (and, for leases and fencing, through the SPI itself).
 * <p>
 * A backend module subclasses this one class and implements
 * {@link #createBackend(Clock, RetentionPolicy)}; every topic below then runs as a
 * {@link Nested} group. Each test gets a fresh backend on a
 * {@link dev.taskqueue.testing.SettableClock} that stands still until the test moves it,
 * and the suite calls {@link #cleanUp()} after each test so a backend with external state
 * (Redis) can delete what the test left.
 *
 * <pre class="code">
 * class RedisTaskQueueContractIT extends TaskQueueContractTests {
 *
 *     &#64;Override
 *     protected TaskBackend createBackend(Clock clock, RetentionPolicy retention) {
 *         return new RedisTaskBackend(factory, "test", clock, retention, mapper);
 *     }
 *
 *     &#64;Override
 *     protected TaskBackend connectPeer(TaskBackend backend, Clock clock, RetentionPolicy retention) {
 *         return new RedisTaskBackend(otherFactory, "test", clock, retention, mapper);
 *     }
 *
 *     &#64;Override
 *     protected void cleanUp() {
 *         flushTestKeys();
 *     }
 *
 * }
 * </pre>
 *
 * Run the whole contract with {@code -Dit.test='RedisTaskQueueContractIT*'} (the trailing
 * {@code *} takes the nested groups along). Time moves only when a test moves it, so a
 * backend must take every instant (lease expiry, due times, finish times) from the given
 * clock.
 */
public abstract class TaskQueueContractTests {

	/**
	 * Creates a backend for one test. Called at most once per test, before any engine is
	 * built; the suite closes it after the test.
	 * @param clock the clock the backend must take its time from
	 * @param retention the retention to apply
	 * @return a new backend with no tasks
	 */
	protected abstract TaskBackend createBackend(Clock clock, RetentionPolicy retention);

	/**
	 * A second view of the same tasks for another engine, as another instance of the
	 * application would have it: for a shared backend, a new backend object with its own
	 * connections on the same data. The default returns {@code backend} itself, which is
	 * right for backends that live in one process. The suite closes a returned backend
	 * that differs from {@code backend}.
	 * @param backend the backend made by {@link #createBackend(Clock, RetentionPolicy)}
	 * @param clock the clock
	 * @param retention the retention
	 * @return a backend on the same data
	 */
	protected TaskBackend connectPeer(TaskBackend backend, Clock clock, RetentionPolicy retention) {
		return backend;
	}

	/**
	 * Deletes what a test left behind, after its engines stopped and before its backends
	 * are closed. Does nothing by default.
	 */
	protected void cleanUp() {
	}

	@Nested
	class Processing extends ProcessingContract {

		Processing() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class Limits extends LimitsContract {

		Limits() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class Events extends EventsContract {

		Events() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class Ordering extends OrderingContract {

		Ordering() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class Scheduling extends SchedulingContract {

		Scheduling() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class Schedules extends ScheduleContract {

		Schedules() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class Retries extends RetryContract {

		Retries() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class Progress extends ProgressContract {

		Progress() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class Cancellation extends CancellationContract {

		Cancellation() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class Holding extends HoldContract {

		Holding() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class QueueOperations extends QueueOperationsContract {

		QueueOperations() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class Concurrency extends ConcurrencyContract {

		Concurrency() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class Leases extends LeaseContract {

		Leases() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class MissingHandlers extends MissingHandlerContract {

		MissingHandlers() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class Instances extends InstancesContract {

		Instances() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class StatsAndListing extends StatsContract {

		StatsAndListing() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class TypeCounts extends TypeCountsContract {

		TypeCounts() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class Throughput extends ThroughputContract {

		Throughput() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class QueueRetention extends RetentionContract {

		QueueRetention() {
			super(TaskQueueContractTests.this);
		}

	}

	@Nested
	class Observations extends ObservationContract {

		Observations() {
			super(TaskQueueContractTests.this);
		}

	}

}
