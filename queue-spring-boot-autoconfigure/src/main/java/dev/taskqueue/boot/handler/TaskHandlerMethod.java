package dev.taskqueue.boot.handler;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.springframework.core.GenericTypeResolver;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.taskqueue.TaskContext;
import dev.taskqueue.TaskProcessor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs one {@link dev.taskqueue.TaskHandler @TaskHandler} method as a
 * {@link TaskProcessor}: binds the JSON payload to the method's payload parameter
 * (honouring generics such as {@code List<Order>}), passes the {@link TaskContext} where
 * asked, invokes the method and returns its result.
 * <p>
 * A payload that does not bind throws a {@link TaskPayloadBindingException}; an exception
 * the method throws is rethrown as it is (not wrapped in an
 * {@link InvocationTargetException}), so the task's error names the handler's own
 * failure. Thread-safe: the engine calls it from several worker threads at once.
 */
public final class TaskHandlerMethod implements TaskProcessor {

	private static final String ACTION = "A @TaskHandler method takes at most one payload parameter (any type "
			+ "Jackson can bind) and at most one TaskContext, in any order, and returns the result (or nothing).";

	private final Object bean;

	private final Method method;

	private final String description;

	private final int parameterCount;

	private final int payloadIndex;

	private final int contextIndex;

	private final Type payloadType;

	private final Supplier<ObjectMapper> mapper;

	private volatile JavaType payloadJavaType;

	private TaskHandlerMethod(Object bean, Method method, String description, int payloadIndex, int contextIndex,
			Type payloadType, Supplier<ObjectMapper> mapper) {
		this.bean = bean;
		this.method = method;
		this.description = description;
		this.parameterCount = method.getParameterCount();
		this.payloadIndex = payloadIndex;
		this.contextIndex = contextIndex;
		this.payloadType = payloadType;
		this.mapper = mapper;
	}

	/**
	 * Checks a method's signature and adapts it.
	 * @param bean the bean to invoke the method on (possibly a proxy)
	 * @param method the method as declared on the user class (for generics and messages)
	 * @param invocable the method to invoke on the bean (the proxy's method when the bean
	 * is a proxy)
	 * @param targetClass the user class, to resolve type variables
	 * @param mapper supplies the mapper that binds payloads, asked on first use
	 * @return the adapter
	 * @throws InvalidTaskHandlerException if the signature is not one of a handler
	 */
	public static TaskHandlerMethod of(Object bean, Method method, Method invocable, Class<?> targetClass,
			Supplier<ObjectMapper> mapper) {
		String description = describe(targetClass, method);
		int payloadIndex = -1;
		int contextIndex = -1;
		List<String> payloads = new ArrayList<>();
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i].getType() == TaskContext.class) {
				if (contextIndex >= 0) {
					throw invalid(description, "it takes TaskContext more than once");
				}
				contextIndex = i;
			}
			else {
				payloads.add(parameters[i].getType().getSimpleName() + " " + parameters[i].getName());
				payloadIndex = i;
			}
		}
		if (payloads.size() > 1) {
			throw invalid(description,
					"it takes " + payloads.size() + " payload parameters (" + String.join(", ", payloads)
							+ "); a handler receives one payload: wrap the values in one type (a record, for example)");
		}
		Class<?> returnType = method.getReturnType();
		if (Future.class.isAssignableFrom(returnType) || CompletionStage.class.isAssignableFrom(returnType)) {
			throw invalid(description, "it returns " + returnType.getSimpleName()
					+ "; handlers already run on worker threads, so return the result itself");
		}
		Type payloadType = (payloadIndex >= 0)
				? GenericTypeResolver.resolveType(method.getGenericParameterTypes()[payloadIndex], targetClass) : null;
		ReflectionUtils.makeAccessible(invocable);
		return new TaskHandlerMethod(bean, invocable, description, payloadIndex, contextIndex, payloadType, mapper);
	}

	/**
	 * How messages name a method: {@code com.example.Emails.send(..)}.
	 * @param targetClass the user class
	 * @param method the method
	 * @return the description
	 */
	static String describe(Class<?> targetClass, Method method) {
		return ClassUtils.getUserClass(targetClass).getName() + "." + method.getName() + "(..)";
	}

	static InvalidTaskHandlerException invalid(String description, String problem) {
		return new InvalidTaskHandlerException("Invalid @TaskHandler method " + description + ": " + problem, ACTION);
	}

	/**
	 * The method, as messages name it.
	 * @return for example {@code com.example.Emails.send(..)}
	 */
	public String description() {
		return this.description;
	}

	/**
	 * Binds the payload and calls the method, with the task in the logging MDC
	 * ({@link TaskMdc}) meanwhile.
	 */
	@Override
	public Object process(JsonNode payload, TaskContext context) throws Exception {
		try (TaskMdc.Scope mdc = TaskMdc.open(context)) {
			return invoke(payload, context);
		}
	}

	private Object invoke(JsonNode payload, TaskContext context) throws Exception {
		Object[] arguments = new Object[this.parameterCount];
		if (this.payloadIndex >= 0) {
			arguments[this.payloadIndex] = bind(payload, context);
		}
		if (this.contextIndex >= 0) {
			arguments[this.contextIndex] = context;
		}
		try {
			return this.method.invoke(this.bean, arguments);
		}
		catch (InvocationTargetException ex) {
			Throwable failure = ex.getTargetException();
			if (failure instanceof Exception exception) {
				throw exception;
			}
			if (failure instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	private Object bind(JsonNode payload, TaskContext context) {
		ObjectMapper objectMapper = this.mapper.get();
		JavaType type = this.payloadJavaType;
		if (type == null) {
			type = objectMapper.constructType(this.payloadType);
			this.payloadJavaType = type;
		}
		try {
			return objectMapper.treeToValue(payload, type);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			String reason = (ex instanceof JacksonException jackson) ? reason(jackson) : ex.getMessage();
			throw new TaskPayloadBindingException("The payload of task type '" + context.type() + "' does not bind to "
					+ type.toCanonical() + " (the payload parameter of " + this.description + "): " + reason, ex);
		}
	}

	private static String reason(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return (path.length() > 0) ? "at '" + path + "': " + ex.getOriginalMessage() : ex.getOriginalMessage();
	}

	@Override
	public String toString() {
		return this.description;
	}

}
