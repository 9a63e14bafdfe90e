package dev.taskqueue.boot.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

import dev.taskqueue.TaskQueue;
import dev.taskqueue.boot.handler.TaskHandlerAnnotationBeanPostProcessor;
import dev.taskqueue.boot.handler.DeclaredSchedules;
import dev.taskqueue.boot.handler.RecurringDeclaration.ScheduleOverride;
import dev.taskqueue.boot.handler.TaskHandlerRegistry;
import dev.taskqueue.boot.handler.TaskQueueLifecycle;
import dev.taskqueue.engine.EnqueueDeferral;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.engine.TaskEngineBuilder;
import dev.taskqueue.memory.InMemoryTaskBackend;
import dev.taskqueue.observation.TaskEnqueueObservationConvention;
import dev.taskqueue.observation.TaskProcessObservationConvention;
import dev.taskqueue.redis.RedisTaskBackend;
import dev.taskqueue.spi.TaskBackend;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the task queue: the {@link TaskBackend} chosen by
 * {@code taskqueue.backend}, the {@link TaskEngine} (exposed as {@link TaskQueue}),
 * discovery of {@link dev.taskqueue.TaskHandler @TaskHandler} methods, and the engine's
 * lifecycle (start once the context is ready, graceful stop on close).
 * <p>
 * Each bean backs off when the application defines its own: a {@link TaskBackend} bean
 * replaces the configured backend, a {@link TaskQueue} bean replaces the engine (handlers
 * and lifecycle then need it to be a {@link TaskEngine}).
 * <p>
 * The engine announces itself under {@code spring.application.name} (see
 * {@link TaskQueue#instances()}). Time comes from the {@link Clock} bean named
 * {@value #CLOCK_BEAN_NAME} when there is one (tests use it to move time), else from
 * {@link Clock#systemUTC()}. Payloads and results are mapped with the application's
 * {@link JsonMapper} bean when there is exactly one, else with a default mapper. Enqueues
 * and runs are observed ({@code taskqueue.enqueue}, {@code taskqueue.process}) through
 * the application's {@link ObservationRegistry} when there is one, with the
 * {@link TaskEnqueueObservationConvention} and {@link TaskProcessObservationConvention}
 * beans when defined; {@code management.observations.enable.taskqueue=false} turns them
 * off.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@EnableConfigurationProperties(TaskQueueProperties.class)
public final class TaskQueueAutoConfiguration {

	/**
	 * The name of the optional {@link Clock} bean the task queue uses instead of the
	 * system clock.
	 */
	public static final String CLOCK_BEAN_NAME = "taskQueueClock";

	private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

	static final String REDIS_BACKEND_CLASS = "dev.taskqueue.redis.RedisTaskBackend";

	static final String TRANSACTIONS_CLASS = "org.springframework.transaction.support.TransactionSynchronizationManager";

	static final String REDIS_CONNECTION_FACTORY_CLASS = "org.springframework.data.redis.connection.RedisConnectionFactory";

	TaskQueueAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(TaskQueue.class)
	TaskEngine taskQueue(TaskQueueProperties properties, TaskBackend backend,
			@Qualifier(CLOCK_BEAN_NAME) ObjectProvider<Clock> clock, ObjectProvider<JsonMapper> jsonMapper,
			Environment environment, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<TaskEnqueueObservationConvention> enqueueConvention,
			ObjectProvider<TaskProcessObservationConvention> processConvention) {
		return TaskEngine.builder()
			.backend(backend)
			.observationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP))
			.enqueueObservationConvention(enqueueConvention.getIfUnique())
			.processObservationConvention(processConvention.getIfUnique())
			.applicationName(applicationName(environment))
			// Boot's own reading of spring.threads.virtual.enabled (true on Java 21+
			// only)
			.settings(TaskQueueSettings.engineSettings(properties, Threading.VIRTUAL.isActive(environment)))
			.clock(clock(clock))
			.mapper(mapper(jsonMapper))
			.enqueueDeferral(enqueueDeferral(properties))
			.build();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static TaskHandlerAnnotationBeanPostProcessor taskHandlerAnnotationBeanPostProcessor() {
		return new TaskHandlerAnnotationBeanPostProcessor();
	}

	@Bean
	@ConditionalOnBean(TaskEngine.class)
	@ConditionalOnMissingBean
	TaskHandlerRegistry taskHandlerRegistry(TaskEngine engine, ObjectProvider<JsonMapper> jsonMapper) {
		return new TaskHandlerRegistry(engine, mapper(jsonMapper));
	}

	@Bean
	@ConditionalOnBean(TaskEngine.class)
	@ConditionalOnMissingBean
	DeclaredSchedules taskQueueDeclaredSchedules(TaskHandlerRegistry registry, TaskEngine engine,
			TaskQueueProperties properties) {
		Map<String, ScheduleOverride> overrides = new LinkedHashMap<>();
		properties.getSchedules()
			.forEach((id, schedule) -> overrides.put(id, new ScheduleOverride(schedule.getCron(), schedule.getEvery(),
					schedule.getZone(), schedule.isEnabled())));
		return new DeclaredSchedules(registry, engine, overrides);
	}

	@Bean
	@ConditionalOnBean(TaskEngine.class)
	@ConditionalOnMissingBean
	TaskQueueLifecycle taskQueueLifecycle(TaskEngine engine, ApplicationEventPublisher publisher,
			Environment environment, ApplicationContext context) {
		Duration phaseTimeout = Binder.get(environment)
			.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(DEFAULT_PHASE_TIMEOUT);
		return new TaskQueueLifecycle(engine, publisher, phaseTimeout, context);
	}

	/**
	 * The clock the task queue uses.
	 * @param clock the {@value #CLOCK_BEAN_NAME} bean, if any
	 * @return that bean, or the system UTC clock
	 */
	static Clock clock(ObjectProvider<Clock> clock) {
		return clock.getIfAvailable(Clock::systemUTC);
	}

	/**
	 * The name the engine announces itself under.
	 * @param environment the environment
	 * @return {@code spring.application.name}, or
	 * {@value TaskEngineBuilder#DEFAULT_APPLICATION_NAME} when it is not set
	 */
	static String applicationName(Environment environment) {
		String name = environment.getProperty("spring.application.name");
		return (name == null || name.isBlank()) ? TaskEngineBuilder.DEFAULT_APPLICATION_NAME : name.strip();
	}

	/**
	 * When enqueued tasks are stored.
	 * @param properties the properties
	 * @return after the caller's transaction commits, unless
	 * {@code taskqueue.enqueue.transactional=immediate} or spring-tx is missing
	 */
	static EnqueueDeferral enqueueDeferral(TaskQueueProperties properties) {
		if (properties.getEnqueue().getTransactional() == EnqueueProperties.Transactional.IMMEDIATE
				|| !ClassUtils.isPresent(TRANSACTIONS_CLASS, TaskQueueAutoConfiguration.class.getClassLoader())) {
			return EnqueueDeferral.NONE;
		}
		return new AfterCommitEnqueues();
	}

	private static ObjectMapper mapper(ObjectProvider<JsonMapper> jsonMapper) {
		return jsonMapper.getIfUnique(() -> JsonMapper.builder().findAndAddModules().build());
	}

	/**
	 * Tasks in this JVM's memory (the default).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(TaskBackend.class)
	@ConditionalOnProperty(name = "taskqueue.backend", havingValue = "memory", matchIfMissing = true)
	static class MemoryBackendConfiguration {

		@Bean
		InMemoryTaskBackend taskQueueBackend(TaskQueueProperties properties,
				@Qualifier(CLOCK_BEAN_NAME) ObjectProvider<Clock> clock) {
			return new InMemoryTaskBackend(clock(clock), TaskQueueSettings.retentionPolicy(properties));
		}

	}

	/**
	 * Tasks in the application's Redis ({@code spring.data.redis.*}), shared by every
	 * instance.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(TaskBackend.class)
	@ConditionalOnProperty(name = "taskqueue.backend", havingValue = "redis")
	@ConditionalOnClass(name = { REDIS_BACKEND_CLASS, REDIS_CONNECTION_FACTORY_CLASS })
	static class RedisBackendConfiguration {

		@Bean
		TaskBackend taskQueueBackend(TaskQueueProperties properties,
				ObjectProvider<RedisConnectionFactory> connectionFactory,
				@Qualifier(CLOCK_BEAN_NAME) ObjectProvider<Clock> clock, ObjectProvider<JsonMapper> jsonMapper) {
			RedisConnectionFactory factory = connectionFactory.getIfAvailable();
			if (factory == null) {
				throw new BackendUnavailableException(BackendType.REDIS,
						"taskqueue.backend=redis needs a RedisConnectionFactory, and the application has none",
						"Add spring-boot-starter-data-redis and point spring.data.redis.host/port "
								+ "(or spring.data.redis.url) at your Redis, or set taskqueue.backend=memory.");
			}
			if (!(factory instanceof LettuceConnectionFactory)) {
				throw new BackendUnavailableException(BackendType.REDIS,
						"taskqueue.backend=redis needs Lettuce, but the RedisConnectionFactory is a "
								+ factory.getClass().getName(),
						"Use Lettuce, the default client of spring-boot-starter-data-redis "
								+ "(remove the Jedis dependency or spring.data.redis.client-type=jedis).");
			}
			return new RedisTaskBackend(factory, properties.getRedis().getKeyPrefix(), clock(clock),
					TaskQueueSettings.retentionPolicy(properties), mapper(jsonMapper),
					RedisTaskBackend.DEFAULT_EVENT_STREAM_LENGTH, TaskQueueSettings.redisCommandTimeout(properties));
		}

	}

	/**
	 * {@code taskqueue.backend=redis} without Spring Data Redis on the class path: fail
	 * and say what to add.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(TaskBackend.class)
	@ConditionalOnProperty(name = "taskqueue.backend", havingValue = "redis")
	@ConditionalOnMissingClass(REDIS_CONNECTION_FACTORY_CLASS)
	static class RedisClassesMissingConfiguration {

		@Bean
		TaskBackend taskQueueBackend() {
			throw new BackendUnavailableException(BackendType.REDIS,
					"taskqueue.backend=redis needs Spring Data Redis, which is not on the class path",
					"Add the dependency org.springframework.boot:spring-boot-starter-data-redis and configure "
							+ "spring.data.redis.host/port (or spring.data.redis.url).");
		}

	}

}
