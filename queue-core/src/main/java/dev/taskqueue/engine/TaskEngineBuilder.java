package dev.taskqueue.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.taskqueue.observation.TaskEnqueueObservationConvention;
import dev.taskqueue.observation.TaskObservationDocumentation;
import dev.taskqueue.observation.TaskProcessObservationConvention;
import dev.taskqueue.spi.TaskBackend;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a {@link TaskEngine} ({@link TaskEngine#builder()}). Not thread-safe.
 */
public final class TaskEngineBuilder {

	/** The application name an engine announces unless told another. */
	public static final String DEFAULT_APPLICATION_NAME = "application";

	TaskBackend backend;

	Clock clock = Clock.systemUTC();

	ObjectMapper mapper;

	EngineSettings settings = EngineSettings.defaults();

	String applicationName = DEFAULT_APPLICATION_NAME;

	final List<HandlerDefinition> handlers = new ArrayList<>();

	EnqueueDeferral enqueueDeferral = EnqueueDeferral.NONE;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private TaskEnqueueObservationConvention enqueueConvention;

	private TaskProcessObservationConvention processConvention;

	TaskEngineBuilder() {
	}

	/**
	 * The backend (required).
	 * @param backend the backend
	 * @return this builder
	 */
	public TaskEngineBuilder backend(TaskBackend backend) {
		this.backend = backend;
		return this;
	}

	/**
	 * The clock; the system UTC clock by default. Use the backend's clock.
	 * @param clock the clock
	 * @return this builder
	 */
	public TaskEngineBuilder clock(Clock clock) {
		this.clock = clock;
		return this;
	}

	/**
	 * When enqueued tasks are stored; at once ({@link EnqueueDeferral#NONE}) by default.
	 * @param deferral the deferral
	 * @return this builder
	 */
	public TaskEngineBuilder enqueueDeferral(EnqueueDeferral deferral) {
		this.enqueueDeferral = Objects.requireNonNull(deferral, "deferral must not be null");
		return this;
	}

	/**
	 * The JSON mapper for payloads and results; a plain {@link JsonMapper} by default.
	 * @param mapper the mapper
	 * @return this builder
	 */
	public TaskEngineBuilder mapper(ObjectMapper mapper) {
		this.mapper = mapper;
		return this;
	}

	/**
	 * The settings; {@link EngineSettings#defaults()} by default.
	 * @param settings the settings
	 * @return this builder
	 */
	public TaskEngineBuilder settings(EngineSettings settings) {
		this.settings = settings;
		return this;
	}

	/**
	 * The name of the application, as the engine announces itself in
	 * {@link TaskEngine#instances()}; {@value #DEFAULT_APPLICATION_NAME} by default.
	 * @param name the name
	 * @return this builder
	 */
	public TaskEngineBuilder applicationName(String name) {
		this.applicationName = name;
		return this;
	}

	/**
	 * The registry of the observations the engine makes
	 * ({@link TaskObservationDocumentation}: {@code taskqueue.enqueue} around each
	 * enqueue, {@code taskqueue.process} around each run, the trace context carried in
	 * the task's headers from one to the other); {@link ObservationRegistry#NOOP} by
	 * default, which observes nothing and costs next to nothing.
	 * @param registry the registry
	 * @return this builder
	 */
	public TaskEngineBuilder observationRegistry(ObservationRegistry registry) {
		this.observationRegistry = (registry != null) ? registry : ObservationRegistry.NOOP;
		return this;
	}

	/**
	 * The convention of the {@code taskqueue.enqueue} observation, in place of the
	 * registry's global one or the default.
	 * @param convention the convention, or {@code null} for the default
	 * @return this builder
	 */
	public TaskEngineBuilder enqueueObservationConvention(TaskEnqueueObservationConvention convention) {
		this.enqueueConvention = convention;
		return this;
	}

	/**
	 * The convention of the {@code taskqueue.process} observation, in place of the
	 * registry's global one or the default.
	 * @param convention the convention, or {@code null} for the default
	 * @return this builder
	 */
	public TaskEngineBuilder processObservationConvention(TaskProcessObservationConvention convention) {
		this.processConvention = convention;
		return this;
	}

	TaskObservations observations() {
		return new TaskObservations(this.observationRegistry, this.enqueueConvention, this.processConvention);
	}

	/**
	 * Adds a handler.
	 * @param handler the handler
	 * @return this builder
	 */
	public TaskEngineBuilder handler(HandlerDefinition handler) {
		this.handlers.add(handler);
		return this;
	}

	/**
	 * Builds the engine (not started).
	 * @return the engine
	 */
	public TaskEngine build() {
		Objects.requireNonNull(this.backend, "a backend is required");
		Objects.requireNonNull(this.clock, "clock must not be null");
		Objects.requireNonNull(this.settings, "settings must not be null");
		if (this.applicationName == null || this.applicationName.isBlank()) {
			throw new IllegalArgumentException(
					"application name must not be blank, was '" + this.applicationName + "'");
		}
		if (this.mapper == null) {
			this.mapper = JsonMapper.builder().build();
		}
		return new TaskEngine(this);
	}

}
