package dev.taskqueue.test;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Resets the {@link TaskQueueTester} ({@link TaskQueueTester#reset()}: no tasks, inline
 * mode off) before each test method of a Spring test whose application context has one,
 * so that tests sharing a cached context do not see each other's tasks. Registered in
 * this module's {@code META-INF/spring.factories}; it only looks at contexts already
 * loaded and does nothing in others.
 */
public final class TaskQueueTesterResetListener implements TestExecutionListener, Ordered {

	/**
	 * Runs after Spring's own listeners have prepared the test instance (dependency
	 * injection), before the test's {@code @BeforeEach} methods.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		context.getBeanProvider(TaskQueueTester.class).ifAvailable(TaskQueueTester::reset);
	}

}
