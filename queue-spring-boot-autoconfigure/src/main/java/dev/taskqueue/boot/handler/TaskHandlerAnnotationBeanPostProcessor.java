package dev.taskqueue.boot.handler;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

import dev.taskqueue.Recurring;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.InvalidHandlerException;
import tools.jackson.databind.ObjectMapper;

/**
 * Finds {@link TaskHandler @TaskHandler} methods on beans (also behind AOP proxies),
 * checks them, and registers one {@link HandlerDefinition} per method with the
 * {@link TaskHandlerRegistry}.
 * <p>
 * A wrong handler fails start-up with an {@link InvalidTaskHandlerException} naming the
 * method: a parameter list other than an optional payload and an optional
 * {@link dev.taskqueue.TaskContext}, or a timeout, priority, backoff,
 * {@code concurrencyString} or {@code maxAttemptsString} attribute that cannot be read
 * (or a number set both as number and as text) ({@link TaskHandlerAttributes}), found
 * here; any value {@link HandlerDefinition} refuses (an empty type, an invalid queue
 * name, a negative concurrency or attempt count, a timeout out of range); or a task type
 * that another method already handles, which the engine refuses when the handler is
 * registered.
 * <p>
 * {@link Recurring @Recurring} schedules on those methods are registered with the
 * registry too, their placeholders resolved, for {@link DeclaredSchedules} to upsert at
 * start-up; one on a method without {@code @TaskHandler} fails start-up.
 * <p>
 * Handlers found while singletons are created are held back and registered once all of
 * them exist (so the engine is not created early); handlers of beans created later (lazy
 * beans) are registered at once.
 */
public class TaskHandlerAnnotationBeanPostProcessor
		implements BeanPostProcessor, BeanFactoryAware, EnvironmentAware, SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(TaskHandlerAnnotationBeanPostProcessor.class);

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

	private final Object lock = new Object();

	private final List<HandlerDefinition> pending = new ArrayList<>();

	private final List<RecurringDeclaration> pendingSchedules = new ArrayList<>();

	private final Supplier<ObjectMapper> mapper = SingletonSupplier.of(() -> registry().mapper());

	private ListableBeanFactory beanFactory;

	private volatile TaskHandlerRegistry registry;

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		Assert.isInstanceOf(ListableBeanFactory.class, beanFactory);
		this.beanFactory = (ListableBeanFactory) beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AopInfrastructureBean || this.nonAnnotatedClasses.contains(bean.getClass())) {
			return bean;
		}
		Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
		if (!AnnotationUtils.isCandidateClass(targetClass, List.of(TaskHandler.class, Recurring.class))) {
			this.nonAnnotatedClasses.add(bean.getClass());
			return bean;
		}
		Map<Method, TaskHandler> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<TaskHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, TaskHandler.class));
		Map<Method, Set<Recurring>> schedules = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<Set<Recurring>>) (method) -> {
					Set<Recurring> found = AnnotatedElementUtils.findMergedRepeatableAnnotations(method,
							Recurring.class);
					return found.isEmpty() ? null : found;
				});
		if (methods.isEmpty() && schedules.isEmpty()) {
			this.nonAnnotatedClasses.add(bean.getClass());
			return bean;
		}
		methods.forEach((method, annotation) -> register(definition(bean, targetClass, method, annotation)));
		schedules.forEach((method, declared) -> declared
			.forEach((recurring) -> declare(declaration(targetClass, method, recurring))));
		if (logger.isDebugEnabled()) {
			logger.debug(methods.size() + " @TaskHandler method(s) found on bean '" + beanName + "'");
		}
		return bean;
	}

	private HandlerDefinition definition(Object bean, Class<?> targetClass, Method method, TaskHandler annotation) {
		String description = TaskHandlerMethod.describe(targetClass, method);
		Method invocable;
		try {
			invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		}
		catch (IllegalStateException ex) {
			throw TaskHandlerMethod.invalid(description, ex.getMessage());
		}
		TaskHandlerMethod processor = TaskHandlerMethod.of(bean, method, invocable, targetClass, this.mapper);
		try {
			return new HandlerDefinition(resolve(annotation.type(), description),
					resolve(annotation.queue(), description),
					TaskHandlerAttributes.count("concurrency", annotation.concurrency(), annotation.concurrencyString(),
							resolve(annotation.concurrencyString(), description), description),
					TaskHandlerAttributes.count("maxAttempts", annotation.maxAttempts(), annotation.maxAttemptsString(),
							resolve(annotation.maxAttemptsString(), description), description),
					TaskHandlerAttributes.timeout(resolve(annotation.timeout(), description), description),
					TaskHandlerAttributes.priority(resolve(annotation.priority(), description), description),
					TaskHandlerAttributes.backoff(resolve(annotation.backoff(), description), description), processor,
					description);
		}
		catch (InvalidHandlerException ex) {
			throw TaskHandlerMethod.invalid(description, ex.problem());
		}
	}

	private RecurringDeclaration declaration(Class<?> targetClass, Method method, Recurring recurring) {
		String description = TaskHandlerMethod.describe(targetClass, method);
		TaskHandler handler = AnnotatedElementUtils.findMergedAnnotation(method, TaskHandler.class);
		if (handler == null) {
			throw new InvalidTaskHandlerException(
					"@Recurring(id = \"" + recurring.id() + "\") on " + description
							+ " has no @TaskHandler on the same method: the schedule would make tasks nobody handles",
					"Put @Recurring on a @TaskHandler method.");
		}
		return new RecurringDeclaration(resolve(recurring.id(), description), resolve(handler.type(), description),
				resolve(recurring.cron(), description), resolve(recurring.every(), description),
				resolve(recurring.zone(), description), resolve(recurring.payload(), description),
				resolve(recurring.misfire(), description), description);
	}

	/**
	 * Resolves the {@code ${...}} placeholders of a text attribute of
	 * {@code @TaskHandler} or {@code @Recurring}, strictly: one that cannot be resolved
	 * fails start-up.
	 */
	private String resolve(String text, String description) {
		if (this.environment == null || !text.contains("${")) {
			return text;
		}
		try {
			return this.environment.resolveRequiredPlaceholders(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidTaskHandlerException(
					"An attribute of @TaskHandler or @Recurring on " + description
							+ " has a placeholder that cannot be resolved: " + ex.getMessage(),
					"Define the property, or give the placeholder a default: ${name:default}.");
		}
	}

	private void declare(RecurringDeclaration declaration) {
		TaskHandlerRegistry target;
		synchronized (this.lock) {
			target = this.registry;
			if (target == null) {
				this.pendingSchedules.add(declaration);
				return;
			}
		}
		target.declare(declaration);
	}

	private void register(HandlerDefinition handler) {
		TaskHandlerRegistry target;
		synchronized (this.lock) {
			target = this.registry;
			if (target == null) {
				this.pending.add(handler);
				return;
			}
		}
		target.register(handler);
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.nonAnnotatedClasses.clear();
		List<HandlerDefinition> handlers;
		List<RecurringDeclaration> schedules;
		synchronized (this.lock) {
			TaskHandlerRegistry found = this.beanFactory.getBeanProvider(TaskHandlerRegistry.class).getIfAvailable();
			if (found == null) {
				if (!this.pending.isEmpty()) {
					throw new InvalidTaskHandlerException("@TaskHandler methods were found ("
							+ String.join(", ", descriptions(this.pending))
							+ ") but the application's TaskQueue bean is not a TaskEngine, so nothing can run them",
							"Remove your own TaskQueue bean to use the auto-configured engine, "
									+ "or define it as a dev.taskqueue.engine.TaskEngine.");
				}
				return;
			}
			this.registry = found;
			handlers = List.copyOf(this.pending);
			this.pending.clear();
			schedules = List.copyOf(this.pendingSchedules);
			this.pendingSchedules.clear();
		}
		handlers.forEach(this.registry::register);
		schedules.forEach(this.registry::declare);
	}

	private TaskHandlerRegistry registry() {
		TaskHandlerRegistry current = this.registry;
		return (current != null) ? current : this.beanFactory.getBean(TaskHandlerRegistry.class);
	}

	private static List<String> descriptions(List<HandlerDefinition> handlers) {
		return handlers.stream().map(HandlerDefinition::description).toList();
	}

}
