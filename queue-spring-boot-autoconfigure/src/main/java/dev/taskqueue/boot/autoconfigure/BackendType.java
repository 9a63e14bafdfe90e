package dev.taskqueue.boot.autoconfigure;

/**
 * Where tasks live, chosen with {@code taskqueue.backend}.
 */
public enum BackendType {

	/**
	 * In this JVM's memory: no server, nothing survives a restart. For development and
	 * tests.
	 */
	MEMORY,

	/** In the Redis the application configures with {@code spring.data.redis.*}. */
	REDIS

}
