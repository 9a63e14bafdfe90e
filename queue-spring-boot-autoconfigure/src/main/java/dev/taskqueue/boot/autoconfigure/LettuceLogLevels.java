package dev.taskqueue.boot.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code taskqueue.backend=redis}, quiets the Lettuce loggers that write a line per
 * connection and per reconnection attempt while Redis is unreachable ("Reconnecting, last
 * destination was ...", "Cannot reconnect to ...", "Reconnected to ...") or when
 * connections are closed during an outage: the Redis backend logs each outage itself,
 * once when it starts and once when it ends. The levels are defaults, below every
 * property source of the application, so that a {@code logging.level.*} of the
 * application for the same logger wins.
 */
public class LettuceLogLevels implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source holding the levels. */
	public static final String PROPERTY_SOURCE_NAME = "taskqueueLettuceLogLevels";

	static final Map<String, Object> LEVELS = Map.of("logging.level.io.lettuce.core.protocol.ConnectionWatchdog",
			"error", "logging.level.io.lettuce.core.protocol.ReconnectionHandler", "warn",
			"logging.level.io.lettuce.core.protocol.DefaultEndpoint", "warn");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!"redis".equalsIgnoreCase(environment.getProperty("taskqueue.backend"))
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, LEVELS));
	}

	/**
	 * After the application's configuration files are read.
	 * @return the lowest precedence
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
