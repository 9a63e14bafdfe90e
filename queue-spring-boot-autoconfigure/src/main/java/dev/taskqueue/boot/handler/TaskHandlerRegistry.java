package dev.taskqueue.boot.handler;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import tools.jackson.databind.ObjectMapper;

/**
 * Where {@link TaskHandlerAnnotationBeanPostProcessor} registers the handlers it finds:
 * the application's {@link TaskEngine}, and the mapper that binds payloads to handler
 * parameters. Thread-safe.
 */
public class TaskHandlerRegistry {

	private final TaskEngine engine;

	private final ObjectMapper mapper;

	private final List<RecurringDeclaration> declarations = new CopyOnWriteArrayList<>();

	/** Told of declarations made after start-up (lazy beans), or {@code null}. */
	private Consumer<RecurringDeclaration> lateDeclarations;

	/**
	 * Creates a registry.
	 * @param engine the engine that runs the handlers
	 * @param mapper binds payloads to handler parameters
	 */
	public TaskHandlerRegistry(TaskEngine engine, ObjectMapper mapper) {
		this.engine = engine;
		this.mapper = mapper;
	}

	/**
	 * Registers a handler with the engine (which starts its queue's worker at once when
	 * the engine already runs).
	 * @param handler the handler
	 * @throws InvalidTaskHandlerException if the engine already has a handler of that
	 * type
	 */
	public void register(HandlerDefinition handler) {
		try {
			this.engine.register(handler);
		}
		catch (IllegalStateException ex) {
			String existing = this.engine.handlers()
				.stream()
				.filter((other) -> other.type().equals(handler.type()))
				.map(HandlerDefinition::description)
				.findFirst()
				.orElse("another handler");
			throw new InvalidTaskHandlerException(
					"Two @TaskHandler methods handle task type '" + handler.type() + "': " + existing + " and "
							+ handler.description(),
					"Give each @TaskHandler method its own type, or remove one of them.");
		}
	}

	/**
	 * Registers a schedule declared with {@link dev.taskqueue.Recurring @Recurring},
	 * which {@link DeclaredSchedules} upserts at start-up.
	 * @param declaration the declaration
	 * @throws InvalidTaskHandlerException if another method declares the same id
	 */
	public synchronized void declare(RecurringDeclaration declaration) {
		for (RecurringDeclaration other : this.declarations) {
			if (other.id().equals(declaration.id())) {
				throw new InvalidTaskHandlerException("Two @Recurring declarations have id '" + declaration.id()
						+ "': on " + other.description() + " and on " + declaration.description(),
						"Give each @Recurring schedule its own id.");
			}
		}
		this.declarations.add(declaration);
		if (this.lateDeclarations != null) {
			this.lateDeclarations.accept(declaration);
		}
	}

	/**
	 * Tells a consumer of the declarations made from now on (by beans created after
	 * start-up), and returns those made so far, in one step.
	 * @param consumer the consumer, or {@code null} to stop telling
	 * @return the declarations made so far
	 */
	public synchronized List<RecurringDeclaration> declarationsFollowingLater(Consumer<RecurringDeclaration> consumer) {
		this.lateDeclarations = consumer;
		return declarations();
	}

	/**
	 * The schedules declared with {@code @Recurring}, in the order they were found.
	 * @return the declarations
	 */
	public List<RecurringDeclaration> declarations() {
		return List.copyOf(this.declarations);
	}

	/**
	 * The handlers the engine knows (also those registered without annotations).
	 * @return the handlers
	 */
	public Collection<HandlerDefinition> handlers() {
		return this.engine.handlers();
	}

	/**
	 * The mapper that binds payloads to handler parameters.
	 * @return the mapper
	 */
	public ObjectMapper mapper() {
		return this.mapper;
	}

}
