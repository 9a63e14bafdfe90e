package dev.taskqueue.boot.handler;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import dev.taskqueue.Task;
import dev.taskqueue.TaskContext;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TaskHandlerAnnotationBeanPostProcessor} and {@link TaskHandlerMethod}
 * through the auto-configuration.
 */
class TaskHandlerAnnotationBeanPostProcessorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskQueueAutoConfiguration.class));

	@Test
	void runsAHandlerWithARecordPayloadAndContextAndRecordsItsResult() {
		this.runner.withBean(Orders.class).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			String id = queue.enqueue("order-total", new Order("book", 3, 12));
			Task task = Tasks.awaitFinal(queue, id);
			assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
			assertThat(task.result().get("taskId").asString()).isEqualTo(id);
			assertThat(task.result().get("total").asLong()).isEqualTo(36);
		});
	}

	@Test
	void theTaskIsInTheLoggingMdcWhileItsHandlerRuns() {
		this.runner.withBean(MdcReader.class).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			String id = queue.enqueue("mdc", null);
			Task task = Tasks.awaitFinal(queue, id);
			assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
			assertThat(task.result().get("taskId").asString()).isEqualTo(id);
			assertThat(task.result().get("taskType").asString()).isEqualTo("mdc");
			assertThat(task.result().get("taskQueue").asString()).isEqualTo("mdc-queue");
			assertThat(task.result().get("taskAttempt").asString()).isEqualTo("1");
			// a handler without the MDC (not a @TaskHandler method) on the queue's one
			// worker
			context.getBean(TaskEngine.class)
				.register(HandlerDefinition.of("raw", "mdc-queue",
						(payload, taskContext) -> String.valueOf(org.slf4j.MDC.get("taskId"))));
			String next = queue.enqueue("raw", null);
			assertThat(Tasks.awaitFinal(queue, next).result().asString()).as("nothing left on the worker thread")
				.isEqualTo("null");
		});
	}

	static class MdcReader {

		@TaskHandler(type = "mdc", queue = "mdc-queue", concurrency = 1)
		Map<String, String> read() {
			return org.slf4j.MDC.getCopyOfContextMap();
		}

	}

	@Test
	void injectsTheContextBeforeThePayload() {
		this.runner.withBean(Orders.class).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			Task task = Tasks.awaitFinal(queue, queue.enqueue("context-first", new Order("pen", 1, 2)));
			assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
			assertThat(task.result().asString()).isEqualTo("context-first:pen");
		});
	}

	@Test
	void bindsAGenericListOfRecords() {
		this.runner.withBean(Orders.class).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			String id = queue.enqueue("batch-total", List.of(new Order("a", 2, 5), new Order("b", 3, 7)));
			Task task = Tasks.awaitFinal(queue, id);
			assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
			assertThat(task.result().asLong()).isEqualTo(31);
		});
	}

	@Test
	void runsHandlersWithoutPayloadOrWithOnlyAContext() {
		this.runner.withBean(Orders.class).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			Task noArgs = Tasks.awaitFinal(queue, queue.enqueue("no-args", null));
			assertThat(noArgs.status()).isEqualTo(TaskStatus.COMPLETED);
			assertThat(noArgs.result()).isNull();
			assertThat(context.getBean(Orders.class).noArgsCalls.get()).isEqualTo(1);
			Task contextOnly = Tasks.awaitFinal(queue, queue.enqueue("context-only", Map.of("ignored", true)));
			assertThat(contextOnly.result().asString()).isEqualTo("default");
		});
	}

	@Test
	void recordsTheHandlersOwnException() {
		this.runner.withBean(Orders.class).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			Task task = Tasks.awaitFinal(queue, queue.enqueue("out-of-stock", new Order("lamp", 1, 30)));
			assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
			assertThat(task.error().type()).isEqualTo(IllegalStateException.class.getName());
			assertThat(task.error().message()).isEqualTo("out of stock: lamp");
		});
	}

	@Test
	void aPayloadThatDoesNotBindFailsTheTaskAndTheNextTaskStillRuns() {
		this.runner.withBean(Orders.class).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			Task bad = Tasks.awaitFinal(queue,
					queue.enqueue("strict", Map.of("item", "x", "quantity", "many", "price", 1)));
			assertThat(bad.status()).isEqualTo(TaskStatus.FAILED);
			assertThat(bad.attempts()).as("retrying cannot make it bind").isEqualTo(1);
			assertThat(bad.error().type()).isEqualTo(TaskPayloadBindingException.class.getName());
			assertThat(bad.error().message()).contains("The payload of task type 'strict' does not bind to")
				.contains(Order.class.getName())
				.contains("Orders.strict(..)")
				.contains("at 'quantity'");
			Task good = Tasks.awaitFinal(queue, queue.enqueue("strict", new Order("x", 2, 1)));
			assertThat(good.status()).isEqualTo(TaskStatus.COMPLETED);
			assertThat(good.result().asInt()).isEqualTo(2);
		});
	}

	@Test
	void registersTheAnnotationsSettings() {
		this.runner.withBean(Orders.class).run((context) -> {
			HandlerDefinition queued = handler(context.getBean(TaskEngine.class), "queued");
			assertThat(queued.queue()).isEqualTo("orders");
			assertThat(queued.concurrency()).isEqualTo(3);
			assertThat(queued.maxAttempts()).isEqualTo(4);
			assertThat(queued.timeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(queued.description()).isEqualTo(Orders.class.getName() + ".queued(..)");
			assertThat(handler(context.getBean(TaskEngine.class), "iso-timeout").timeout())
				.isEqualTo(Duration.ofMinutes(1));
			HandlerDefinition defaults = handler(context.getBean(TaskEngine.class), "order-total");
			assertThat(defaults.queue()).isEqualTo("default");
			assertThat(defaults.concurrency()).isZero();
			assertThat(defaults.maxAttempts()).isZero();
			assertThat(defaults.timeout()).isNull();
		});
	}

	@Test
	void invokesHandlersThroughAClassProxy() {
		this.runner.withUserConfiguration(ClassProxyConfiguration.class).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			Task task = Tasks.awaitFinal(queue, queue.enqueue("proxied", "x"));
			assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
			assertThat(task.result().asString()).isEqualTo("X");
			assertThat(context.getBean(ClassProxyConfiguration.class).advised.get()).isEqualTo(1);
		});
	}

	@Test
	void invokesHandlersThroughAnInterfaceProxy() {
		this.runner.withUserConfiguration(InterfaceProxyConfiguration.class).run((context) -> {
			assertThat(Proxy.isProxyClass(context.getBean(Greeter.class).getClass())).isTrue();
			TaskQueue queue = context.getBean(TaskQueue.class);
			Task task = Tasks.awaitFinal(queue, queue.enqueue("greet", "Ada"));
			assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
			assertThat(task.result().asString()).isEqualTo("Hello Ada");
		});
	}

	@Test
	void runsPrivateHandlerMethodsOfPlainBeans() {
		this.runner.withBean(PrivateHandler.class).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			assertThat(Tasks.awaitFinal(queue, queue.enqueue("private", "x")).status()).isEqualTo(TaskStatus.COMPLETED);
		});
	}

	@Test
	void registersHandlersOfLazyBeansWhenTheyAreCreated() {
		this.runner.withUserConfiguration(LazyHandlerConfiguration.class).run((context) -> {
			TaskEngine engine = context.getBean(TaskEngine.class);
			assertThat(engine.handlers()).extracting(HandlerDefinition::type).doesNotContain("private");
			context.getBean(PrivateHandler.class);
			Task task = Tasks.awaitFinal(engine, engine.enqueue("private", "x"));
			assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
		});
	}

	private static HandlerDefinition handler(TaskEngine engine, String type) {
		return engine.handlers().stream().filter((handler) -> handler.type().equals(type)).findFirst().orElseThrow();
	}

	record Order(String item, int quantity, long price) {

	}

	record Receipt(String taskId, long total) {

	}

	static class Orders {

		final AtomicInteger noArgsCalls = new AtomicInteger();

		@TaskHandler(type = "order-total")
		Receipt total(Order order, TaskContext context) {
			return new Receipt(context.taskId(), order.quantity() * order.price());
		}

		@TaskHandler(type = "context-first")
		String contextFirst(TaskContext context, Order order) {
			return context.type() + ":" + order.item();
		}

		@TaskHandler(type = "batch-total")
		long batch(List<Order> orders) {
			return orders.stream().mapToLong((order) -> order.quantity() * order.price()).sum();
		}

		@TaskHandler(type = "no-args")
		void noArgs() {
			this.noArgsCalls.incrementAndGet();
		}

		@TaskHandler(type = "context-only")
		String contextOnly(TaskContext context) {
			return context.queue();
		}

		@TaskHandler(type = "out-of-stock", maxAttempts = 1)
		void outOfStock(Order order) {
			throw new IllegalStateException("out of stock: " + order.item());
		}

		@TaskHandler(type = "strict", maxAttempts = 1)
		int strict(Order order) {
			return order.quantity();
		}

		@TaskHandler(type = "queued", queue = "orders", concurrency = 3, maxAttempts = 4, timeout = "30s")
		void queued() {
		}

		@TaskHandler(type = "iso-timeout", timeout = "PT1M")
		void isoTimeout() {
		}

	}

	static class Shouter {

		@TaskHandler(type = "proxied")
		String shout(String text) {
			return text.toUpperCase();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClassProxyConfiguration {

		final AtomicInteger advised = new AtomicInteger();

		@Bean
		Object shouter() {
			ProxyFactory factory = new ProxyFactory(new Shouter());
			factory.setProxyTargetClass(true);
			factory.addAdvice((MethodInterceptor) (invocation) -> {
				this.advised.incrementAndGet();
				return invocation.proceed();
			});
			return factory.getProxy();
		}

	}

	interface Greeter {

		String greet(String name);

	}

	static class FriendlyGreeter implements Greeter {

		@Override
		@TaskHandler(type = "greet")
		public String greet(String name) {
			return "Hello " + name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InterfaceProxyConfiguration {

		@Bean
		Greeter greeter() {
			ProxyFactory factory = new ProxyFactory(new FriendlyGreeter());
			factory.addInterface(Greeter.class);
			return (Greeter) factory.getProxy();
		}

	}

	static class PrivateHandler {

		@TaskHandler(type = "private")
		private String handle(String text) {
			return text;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LazyHandlerConfiguration {

		@Bean
		@Lazy
		PrivateHandler lazyHandler() {
			return new PrivateHandler();
		}

	}

}
