package dev.taskqueue.memory;

import java.time.Clock;

import dev.taskqueue.contract.TaskQueueContractTests;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskBackend;

/**
 * The backend contract, run against the in-memory backend.
 */
class InMemoryTaskQueueContractTests extends TaskQueueContractTests {

	@Override
	protected TaskBackend createBackend(Clock clock, RetentionPolicy retention) {
		return new InMemoryTaskBackend(clock, retention);
	}

}
