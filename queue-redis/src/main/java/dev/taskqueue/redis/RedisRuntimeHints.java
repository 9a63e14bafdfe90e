package dev.taskqueue.redis;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image of an application on the Redis backend needs to keep: the Lua
 * scripts, which {@link RedisScripts} reads from the class path. Registered in
 * {@code META-INF/spring/aot.factories}.
 */
public final class RedisRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.resources().registerPattern("dev/taskqueue/redis/*.lua");
	}

}
