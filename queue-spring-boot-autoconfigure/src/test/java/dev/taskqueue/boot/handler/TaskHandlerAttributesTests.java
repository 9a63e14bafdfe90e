package dev.taskqueue.boot.handler;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.taskqueue.Backoff;
import dev.taskqueue.Task;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for the {@code priority} and {@code backoff} attributes of
 * {@link TaskHandler @TaskHandler}: how they are read, where they stand among the other
 * defaults, and the start-up failures of values that cannot be read.
 */
class TaskHandlerAttributesTests {

	private static final String METHOD = "Handlers.run(..)";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskQueueAutoConfiguration.class))
		.withPropertyValues("taskqueue.worker.enabled=false");

	@Test
	void priorityAndBackoffBecomeTheHandlersSettings() {
		this.runner.withBean(Tuned.class).run((context) -> {
			TaskEngine engine = context.getBean(TaskEngine.class);
			HandlerDefinition tuned = handler(engine, "tuned");
			assertThat(tuned.priority()).isEqualTo(10);
			assertThat(tuned.backoff()).isEqualTo(Backoff.fixed(Duration.ofSeconds(10)));
			HandlerDefinition numbered = handler(engine, "numbered");
			assertThat(numbered.priority()).isEqualTo(-15);
			assertThat(numbered.backoff())
				.isEqualTo(new Backoff(Backoff.Kind.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofMinutes(5), 0.2));
			HandlerDefinition plain = handler(engine, "plain");
			assertThat(plain.priority()).isNull();
			assertThat(plain.backoff()).isNull();
		});
	}

	@Test
	void theHandlersAttributesWinOverTheQueuesPropertiesAndLoseToTheTasksOptions() {
		this.runner.withBean(Tuned.class)
			.withPropertyValues("taskqueue.queues.tuned.max-attempts=2", "taskqueue.queues.tuned.backoff.delay=3s",
					"taskqueue.queues.tuned.timeout=1m")
			.run((context) -> {
				TaskEngine engine = context.getBean(TaskEngine.class);
				Task byHandler = engine.get(engine.enqueue("tuned", null)).orElseThrow();
				assertThat(byHandler.priority()).isEqualTo(10);
				assertThat(byHandler.backoff()).isEqualTo(Backoff.fixed(Duration.ofSeconds(10)));
				assertThat(byHandler.maxAttempts()).as("the handler's").isEqualTo(4);
				assertThat(byHandler.timeout()).as("the queue's: the handler sets none")
					.isEqualTo(Duration.ofMinutes(1));
				Task plain = engine.get(engine.enqueue("plain", null)).orElseThrow();
				assertThat(plain.priority()).isZero();
				assertThat(plain.maxAttempts()).isEqualTo(2);
				assertThat(plain.backoff()).as("the queue's delay, the other values from taskqueue.defaults.backoff")
					.isEqualTo(Backoff.exponential(Duration.ofSeconds(3), Duration.ofMinutes(5)));
				Task byOptions = engine
					.get(engine.enqueue("tuned", null,
							TaskOptions.builder().priority(1).backoff(Backoff.fixed(Duration.ofSeconds(1))).build()))
					.orElseThrow();
				assertThat(byOptions.priority()).isEqualTo(1);
				assertThat(byOptions.backoff()).isEqualTo(Backoff.fixed(Duration.ofSeconds(1)));
			});
	}

	@Test
	void anExponentialBackoffWithoutMaxDelayIsCappedAtADay() {
		this.runner.withBean(Uncapped.class)
			.run((context) -> assertThat(handler(context.getBean(TaskEngine.class), "uncapped").backoff())
				.isEqualTo(Backoff.exponential(Duration.ofSeconds(2))));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			'urgent'                     | priority = "urgent" is neither low, normal, high, critical nor an integer
			'99999999999'                | priority = "99999999999" is neither
			'1.5'                        | priority = "1.5" is neither
			""")
	void anUnreadablePriorityIsRefusedNamingTheMethodAndAttribute(String priority, String message) {
		assertThatExceptionOfType(InvalidTaskHandlerException.class)
			.isThrownBy(() -> TaskHandlerAttributes.priority(priority, METHOD))
			.withMessageStartingWith("Invalid @TaskHandler method " + METHOD + ": ")
			.withMessageContaining(message);
	}

	static Stream<Arguments> unreadableBackoffs() {
		return Stream.of(arguments("10s", "'10s' is not key=value; write it as key=value pairs"),
				arguments("type=fixed", "delay is required"),
				arguments("type=linear, delay=1s", "type 'linear' is neither fixed nor exponential"),
				arguments("delay=soon", "delay 'soon' is not a duration"),
				arguments("delay=1s, max-delay=forever", "max-delay 'forever' is not a duration"),
				arguments("delay=1s, jitter=lots", "jitter 'lots' is not a number from 0 to 1"),
				arguments("delay=1s, jitter=1.5", "backoff jitter must be between 0 and 1, was 1.5"),
				arguments("delay=1s, jitter=NaN", "backoff jitter must be between 0 and 1, was NaN"),
				arguments("delay=-1s", "backoff delay must not be negative"),
				arguments("delay=1m, max-delay=1s", "must not be shorter than the delay"),
				arguments("delay=36501d", "backoff delay must be between 0 and 36500 days"),
				arguments("delay=99999999999999999999d", "delay '99999999999999999999d' is not a duration"),
				arguments("delay=1s, retries=3",
						"unknown key 'retries'; the keys are type, delay, max-delay and jitter"),
				arguments("delay=1s, delay=2s", "'delay' is given twice"),
				arguments("delay=1s, Max-Delay=1m, maxdelay=2m", "'maxdelay' is given twice"),
				arguments("delay=1s,", "'' is not key=value"));
	}

	@ParameterizedTest
	@MethodSource("unreadableBackoffs")
	void anUnreadableBackoffIsRefusedNamingTheMethodAndAttribute(String backoff, String message) {
		assertThatExceptionOfType(InvalidTaskHandlerException.class)
			.isThrownBy(() -> TaskHandlerAttributes.backoff(backoff, METHOD))
			.withMessageStartingWith("Invalid @TaskHandler method " + METHOD + ": backoff = \"" + backoff + "\": ")
			.withMessageContaining(message);
	}

	@Test
	void anUnreadablePriorityFailsStartUp() {
		assertStartUpFails(BadPriority.class,
				"priority = \"top\" is neither low, normal, high, critical nor an integer");
	}

	@Test
	void anUnreadableBackoffFailsStartUp() {
		assertStartUpFails(BadBackoff.class, "backoff = \"delay=1m, max-delay=1s\": backoff max delay PT1S must not "
				+ "be shorter than the delay PT1M");
	}

	@Test
	void textAttributesResolvePlaceholders() {
		this.runner.withBean(Placed.class).withPropertyValues("app.queue=from-property").run((context) -> {
			HandlerDefinition placed = handler(context.getBean(TaskEngine.class), "placed");
			assertThat(placed.queue()).isEqualTo("from-property");
			assertThat(placed.timeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(placed.priority()).isEqualTo(10);
		});
		this.runner.withBean(Placed.class)
			.run((context) -> assertThat(handler(context.getBean(TaskEngine.class), "placed").queue())
				.isEqualTo("default-queue"));
		this.runner.withBean(Unplaced.class)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("has a placeholder that cannot be resolved")
				.hasStackTraceContaining(Unplaced.class.getName() + ".run(..)"));
	}

	@Test
	void numberAttributesResolvePlaceholdersThroughTheirTextVariants() {
		this.runner.withBean(PlacedNumbers.class)
			.withPropertyValues("app.workers=7", "app.attempts=9")
			.run((context) -> {
				HandlerDefinition placed = handler(context.getBean(TaskEngine.class), "placed-numbers");
				assertThat(placed.concurrency()).isEqualTo(7);
				assertThat(placed.maxAttempts()).isEqualTo(9);
				HandlerDefinition literal = handler(context.getBean(TaskEngine.class), "literal-numbers");
				assertThat(literal.concurrency()).isEqualTo(3);
				assertThat(literal.maxAttempts()).isEqualTo(2);
			});
		this.runner.withBean(PlacedNumbers.class).run((context) -> {
			HandlerDefinition placed = handler(context.getBean(TaskEngine.class), "placed-numbers");
			assertThat(placed.concurrency()).as("the placeholder's default").isEqualTo(4);
			assertThat(placed.maxAttempts()).as("empty: the configured default").isZero();
		});
	}

	@Test
	void aQueuesWorkersFollowAConcurrencyPlaceholder() {
		this.runner.withBean(PlacedNumbers.class)
			.withPropertyValues("app.workers=6", "taskqueue.worker.enabled=true")
			.run((context) -> assertThat(context.getBean(TaskEngine.class).workerStates())
				.filteredOn((worker) -> worker.queue().equals("placed-numbers"))
				.singleElement()
				.satisfies((worker) -> assertThat(worker.concurrency()).isEqualTo(6)));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					'many'         | 'many'         | concurrencyString = "many" is not a whole number; write one from 0 to 2147483647
					'${app.n}'     | '1.5'          | concurrencyString = "${app.n}" (resolved to "1.5") is not a whole number
					'-1'           | '-1'           | concurrencyString = "-1" is negative; use 1 or more, or 0 for the configured default
					'-99999999999' | '-99999999999' | concurrencyString = "-99999999999" is negative
					'99999999999'  | '99999999999'  | concurrencyString = "99999999999" is too large; write a number from 0 to 2147483647
					'0x10'         | '0x10'         | concurrencyString = "0x10" is not a whole number
					""")
	void anUnreadableNumberIsRefusedNamingTheMethodAndAttribute(String declared, String resolved, String message) {
		assertThatExceptionOfType(InvalidTaskHandlerException.class)
			.isThrownBy(() -> TaskHandlerAttributes.count("concurrency", 0, declared, resolved, METHOD))
			.withMessageStartingWith("Invalid @TaskHandler method " + METHOD + ": " + message);
	}

	@Test
	void numberTextIsTrimmedAndEmptyTextLeavesTheNumber() {
		assertThat(TaskHandlerAttributes.count("maxAttempts", 0, "${n}", " 12 ", METHOD)).isEqualTo(12);
		assertThat(TaskHandlerAttributes.count("maxAttempts", 5, "", "", METHOD)).isEqualTo(5);
		assertThat(TaskHandlerAttributes.count("maxAttempts", 0, "${n:}", "", METHOD)).isZero();
		assertThat(TaskHandlerAttributes.count("maxAttempts", 0, "+3", "+3", METHOD)).isEqualTo(3);
	}

	@Test
	void aNumberSetBothWaysFailsStartUp() {
		assertStartUpFails(BothConcurrencies.class,
				"concurrency = 2 and concurrencyString = \"${app.workers:3}\" are both set; set one of them");
		assertStartUpFails(BothAttempts.class,
				"maxAttempts = 2 and maxAttemptsString = \"4\" are both set; set one of them");
	}

	@Test
	void anUnreadableNumberPlaceholderFailsStartUp() {
		this.runner.withBean(PlacedNumbers.class)
			.withPropertyValues("app.attempts=lots")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidTaskHandlerException.class)
				.hasMessage("Invalid @TaskHandler method " + PlacedNumbers.class.getName()
						+ ".run(..): maxAttemptsString = \"${app.attempts:}\" (resolved to \"lots\") is not a whole "
						+ "number; write one from 0 to 2147483647, such as \"5\""));
		this.runner.withBean(PlacedNumbers.class)
			.withPropertyValues("app.workers=99999999999")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(
						"concurrencyString = \"${app.workers:4}\" (resolved to \"99999999999\") is " + "too large"));
		this.runner.withBean(PlacedNumbers.class)
			.withPropertyValues("app.workers=20000")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidTaskHandlerException.class)
				.hasMessageContaining("concurrency = 20000 is more than 10000"));
		this.runner.withBean(PlacedNumbers.class)
			.withPropertyValues("app.attempts=-2")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("(resolved to \"-2\") is negative"));
	}

	static class PlacedNumbers {

		@TaskHandler(type = "placed-numbers", queue = "placed-numbers", concurrencyString = "${app.workers:4}",
				maxAttemptsString = "${app.attempts:}")
		void run() {
		}

		@TaskHandler(type = "literal-numbers", concurrencyString = " 3 ", maxAttempts = 2)
		void literal() {
		}

	}

	static class BothConcurrencies {

		@TaskHandler(type = "both", concurrency = 2, concurrencyString = "${app.workers:3}")
		void run() {
		}

	}

	static class BothAttempts {

		@TaskHandler(type = "both", maxAttempts = 2, maxAttemptsString = "4")
		void run() {
		}

	}

	static class Placed {

		@TaskHandler(type = "${app.type:placed}", queue = "${app.queue:default-queue}", timeout = "${app.timeout:5s}",
				priority = "${app.priority:high}")
		void run() {
		}

	}

	static class Unplaced {

		@TaskHandler(type = "unplaced", queue = "${app.no-such-queue}")
		void run() {
		}

	}

	@Test
	void maxDelayMayBeWrittenInCamelCase() {
		this.runner.withBean(CamelCase.class)
			.run((context) -> assertThat(handler(context.getBean(TaskEngine.class), "camel").backoff().maxDelay())
				.isEqualTo(Duration.ofMinutes(2)));
	}

	private void assertStartUpFails(Class<?> handlerClass, String message) {
		this.runner.withBean(handlerClass)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidTaskHandlerException.class)
				.hasMessageContaining(
						"Invalid @TaskHandler method " + handlerClass.getName() + ".run(..): " + message));
	}

	private static HandlerDefinition handler(TaskEngine engine, String type) {
		return engine.handlers().stream().filter((handler) -> handler.type().equals(type)).findFirst().orElseThrow();
	}

	@Test
	void emptyAttributesAreUnsetAndNamesMayBeSpaced() {
		assertThat(TaskHandlerAttributes.priority(" ", METHOD)).isNull();
		assertThat(TaskHandlerAttributes.backoff("", METHOD)).isNull();
		assertThat(TaskHandlerAttributes.priority(" Critical ", METHOD)).isEqualTo(20);
		assertThatExceptionOfType(InvalidTaskHandlerException.class)
			.isThrownBy(() -> TaskHandlerAttributes.backoff("delay=", METHOD))
			.withMessageContaining("delay '' is not a duration");
	}

	static class Tuned {

		@TaskHandler(type = "tuned", queue = "tuned", maxAttempts = 4, priority = "high",
				backoff = "type=fixed, delay=10s")
		void run() {
		}

		@TaskHandler(type = "numbered", priority = "-15", backoff = "delay=1s, max-delay=5m, jitter=0.2")
		void numbered() {
		}

		@TaskHandler(type = "plain", queue = "tuned")
		void plain() {
		}

	}

	static class Uncapped {

		@TaskHandler(type = "uncapped", backoff = "type=exponential, delay=2s")
		void run() {
		}

	}

	static class BadPriority {

		@TaskHandler(type = "bad-priority", priority = "top")
		void run() {
		}

	}

	static class BadBackoff {

		@TaskHandler(type = "bad-backoff", backoff = "delay=1m, max-delay=1s")
		void run() {
		}

	}

	static class CamelCase {

		@TaskHandler(type = "camel", backoff = " delay = 1s , maxDelay = 2m ")
		void run() {
		}

	}

}
