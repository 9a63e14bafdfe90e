package dev.taskqueue.engine;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.taskqueue.TaskLimits;
import dev.taskqueue.TaskProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A queue's worker starts one thread per unit of concurrency, so a concurrency beyond
 * {@link TaskLimits#MAX_CONCURRENCY} is refused where it enters, naming the value.
 */
class ConcurrencyLimitTests {

	private static final TaskProcessor NOTHING = (payload, context) -> null;

	@Test
	void aHandlerMayAskForTheLargestConcurrencyButNotMore() {
		HandlerDefinition largest = new HandlerDefinition("t", "q", TaskLimits.MAX_CONCURRENCY, 0, null, NOTHING,
				"largest");
		assertThat(largest.concurrency()).isEqualTo(TaskLimits.MAX_CONCURRENCY);

		assertThatExceptionOfType(InvalidHandlerException.class)
			.isThrownBy(() -> new HandlerDefinition("t", "q", Integer.MAX_VALUE, 0, null, NOTHING, "huge"))
			.satisfies((ex) -> assertThat(ex.problem())
				.isEqualTo("concurrency = 2147483647 is more than 10000, the most threads a queue's worker starts"));
	}

	@Test
	void settingsRefuseAConcurrencyBeyondTheLimit() {
		EngineSettings defaults = EngineSettings.defaults();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> defaults.withConcurrency(TaskLimits.MAX_CONCURRENCY + 1, Map.of()))
			.withMessage("worker concurrency must be between 1 and 10000, was 10001");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> defaults.withConcurrency(5, Map.of("big", Integer.MAX_VALUE)))
			.withMessage("concurrency of queue 'big' must be between 1 and 10000, was 2147483647");
		assertThat(defaults.withConcurrency(TaskLimits.MAX_CONCURRENCY, Map.of()).concurrency())
			.isEqualTo(TaskLimits.MAX_CONCURRENCY);
	}

}
