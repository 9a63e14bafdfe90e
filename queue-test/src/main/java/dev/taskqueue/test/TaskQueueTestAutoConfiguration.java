package dev.taskqueue.test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

import dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration;
import dev.taskqueue.engine.TaskEngine;

import java.time.Clock;

/**
 * Test support, active whenever this module is on the class path (add it in test scope
 * only): a {@link TaskQueueTestClock} as the task queue's clock (the bean named
 * {@value TaskQueueAutoConfiguration#CLOCK_BEAN_NAME}, unless the application defines
 * one) and a {@link TaskQueueTester} for the engine. Between tests,
 * {@link TaskQueueTesterResetListener} resets the tester.
 */
@AutoConfiguration(after = TaskQueueAutoConfiguration.class)
public final class TaskQueueTestAutoConfiguration {

	TaskQueueTestAutoConfiguration() {
	}

	/**
	 * The task queue's clock: the system clock plus what tests advance it by. A bean
	 * definition made here is in place before the engine and backend are created, so they
	 * use it although this configuration comes after theirs.
	 * @return the clock
	 */
	@Bean(TaskQueueAutoConfiguration.CLOCK_BEAN_NAME)
	@ConditionalOnMissingBean(name = TaskQueueAutoConfiguration.CLOCK_BEAN_NAME)
	static TaskQueueTestClock taskQueueClock() {
		return new TaskQueueTestClock();
	}

	/**
	 * The tester.
	 * @param engine the engine
	 * @param clock the task queue's clock; a {@link TaskQueueTestClock} so that the
	 * tester can move it
	 * @param jsonMapper the application's JSON mapper, if it has exactly one
	 * @return the tester
	 */
	@Bean
	@ConditionalOnBean(TaskEngine.class)
	@ConditionalOnMissingBean
	TaskQueueTester taskQueueTester(TaskEngine engine,
			@Qualifier(TaskQueueAutoConfiguration.CLOCK_BEAN_NAME) Clock clock, ObjectProvider<JsonMapper> jsonMapper) {
		if (!(clock instanceof TaskQueueTestClock testClock)) {
			throw new IllegalStateException("The bean '" + TaskQueueAutoConfiguration.CLOCK_BEAN_NAME + "' is a "
					+ clock.getClass().getName() + "; the TaskQueueTester needs a " + TaskQueueTestClock.class.getName()
					+ " there to move time: remove that bean or define a TaskQueueTestClock instead");
		}
		return new TaskQueueTester(engine, testClock,
				jsonMapper.getIfUnique(() -> JsonMapper.builder().findAndAddModules().build()));
	}

}
