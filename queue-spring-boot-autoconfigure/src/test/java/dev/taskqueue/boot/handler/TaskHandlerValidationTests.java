package dev.taskqueue.boot.handler;

import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.taskqueue.TaskContext;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration;
import dev.taskqueue.boot.handler.TaskHandlerAnnotationBeanPostProcessorTests.Order;
import dev.taskqueue.boot.handler.TaskHandlerAnnotationBeanPostProcessorTests.PrivateHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that wrong {@code @TaskHandler} methods fail start-up with a message naming the
 * method and the problem.
 */
class TaskHandlerValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskQueueAutoConfiguration.class));

	@Test
	void failsForTwoPayloadParameters() {
		assertInvalid(TwoPayloads.class, "Invalid @TaskHandler method " + TwoPayloads.class.getName()
				+ ".handle(..): it takes 2 payload parameters (Order order, String note)");
	}

	@Test
	void failsForTwoContexts() {
		assertInvalid(TwoContexts.class,
				TwoContexts.class.getName() + ".handle(..): it takes TaskContext more than once");
	}

	@Test
	void failsForAnAsynchronousReturnType() {
		assertInvalid(ReturnsFuture.class, ReturnsFuture.class.getName()
				+ ".handle(..): it returns CompletableFuture; handlers already run on worker threads");
	}

	@Test
	void failsForATimeoutThatIsNotADuration() {
		assertInvalid(BadTimeout.class, BadTimeout.class.getName()
				+ ".handle(..): timeout = \"thirty seconds\" is not a duration; write it like \"30s\"");
	}

	@Test
	void failsForATimeoutLongerThanTheLongestDuration() {
		assertInvalid(HugeTimeout.class,
				HugeTimeout.class.getName() + ".handle(..): timeout = PT9999999999999H is longer than 36500 days");
	}

	@Test
	void failsForAZeroTimeout() {
		assertInvalid(ZeroTimeout.class, ZeroTimeout.class.getName() + ".handle(..): timeout = PT0S must be positive");
	}

	@Test
	void failsForAnEmptyType() {
		assertInvalid(EmptyType.class, EmptyType.class.getName() + ".handle(..): type must not be empty");
	}

	@Test
	void failsForAnInvalidQueueName() {
		assertInvalid(BadQueue.class, BadQueue.class.getName() + ".handle(..): queue name 'no spaces' is not valid");
	}

	@Test
	void failsForNegativeConcurrencyOrAttempts() {
		assertInvalid(NegativeConcurrency.class,
				NegativeConcurrency.class.getName() + ".handle(..): concurrency = -1 is negative");
		assertInvalid(NegativeAttempts.class,
				NegativeAttempts.class.getName() + ".handle(..): maxAttempts = -2 is negative");
	}

	@Test
	void failsForAPrivateMethodBehindAClassProxy() {
		this.runner.withUserConfiguration(PrivateBehindProxyConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidTaskHandlerException.class)
				.hasMessageContaining(PrivateHandler.class.getName() + ".handle(..)"));
	}

	@Test
	void failsForTwoHandlersOfOneType() {
		// the engine refuses the second handler when the handlers are registered, after
		// every
		// singleton exists: the failure is the exception itself
		this.runner.withBean(DuplicateA.class)
			.withBean(DuplicateB.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidTaskHandlerException.class)
				.hasMessageContaining("Two @TaskHandler methods handle task type 'dup': ")
				.hasMessageContaining(DuplicateA.class.getName() + ".handle(..)")
				.hasMessageContaining(DuplicateB.class.getName() + ".handle(..)"));
	}

	@Test
	void failsWhenTheTaskQueueIsNotAnEngine() {
		TaskQueue client = (TaskQueue) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { TaskQueue.class }, (proxy, method, args) -> {
					throw new UnsupportedOperationException();
				});
		this.runner.withBean("clientQueue", TaskQueue.class, () -> client)
			.withBean(PrivateHandler.class)
			.run((context) -> assertThat(context).getFailure()

				.isInstanceOf(InvalidTaskHandlerException.class)
				.hasMessageContaining(PrivateHandler.class.getName() + ".handle(..)")
				.hasMessageContaining("is not a TaskEngine"));
	}

	@Test
	void failureAnalysisExplainsWhatToDo() {
		this.runner.withBean(TwoPayloads.class).run((context) -> {
			var analysis = new InvalidTaskHandlerFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(TwoPayloads.class.getName() + ".handle(..)");
			assertThat(analysis.getAction()).contains("at most one payload parameter")
				.contains("at most one TaskContext");
		});
	}

	private void assertInvalid(Class<?> handlerClass, String message) {
		this.runner.withBean(handlerClass)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidTaskHandlerException.class)
				.hasMessageContaining(message));
	}

	@Configuration(proxyBeanMethods = false)
	static class PrivateBehindProxyConfiguration {

		@Bean
		Object privateHandler() {
			ProxyFactory factory = new ProxyFactory(new PrivateHandler());
			factory.setProxyTargetClass(true);
			return factory.getProxy();
		}

	}

	static class TwoPayloads {

		@TaskHandler(type = "two")
		void handle(Order order, String note) {
		}

	}

	static class TwoContexts {

		@TaskHandler(type = "two-contexts")
		void handle(TaskContext one, Order order, TaskContext two) {
		}

	}

	static class ReturnsFuture {

		@TaskHandler(type = "future")
		CompletableFuture<String> handle(Order order) {
			return CompletableFuture.completedFuture(order.item());
		}

	}

	static class BadTimeout {

		@TaskHandler(type = "bad-timeout", timeout = "thirty seconds")
		void handle() {
		}

	}

	static class HugeTimeout {

		@TaskHandler(type = "huge-timeout", timeout = "PT9999999999999H")
		void handle() {
		}

	}

	static class ZeroTimeout {

		@TaskHandler(type = "zero-timeout", timeout = "0s")
		void handle() {
		}

	}

	static class EmptyType {

		@TaskHandler(type = " ")
		void handle() {
		}

	}

	static class BadQueue {

		@TaskHandler(type = "bad-queue", queue = "no spaces")
		void handle() {
		}

	}

	static class NegativeConcurrency {

		@TaskHandler(type = "negative-concurrency", concurrency = -1)
		void handle() {
		}

	}

	static class NegativeAttempts {

		@TaskHandler(type = "negative-attempts", maxAttempts = -2)
		void handle() {
		}

	}

	static class DuplicateA {

		@TaskHandler(type = "dup")
		void handle() {
		}

	}

	static class DuplicateB {

		@TaskHandler(type = "dup")
		void handle() {
		}

	}

}
