package dev.taskqueue.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.taskqueue.spi.TaskBackend;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a {@link TaskEngine} ({@link TaskEngine#builder()}). Not thread-safe.
 */
public final class TaskEngineBuilder {

	TaskBackend backend;

	Clock clock = Clock.systemUTC();

	ObjectMapper mapper;

	EngineSettings settings = EngineSettings.defaults();

	final List<HandlerDefinition> handlers = new ArrayList<>();

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
		if (this.mapper == null) {
			this.mapper = JsonMapper.builder().build();
		}
		return new TaskEngine(this);
	}

}
