package dev.taskqueue.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns text into script arguments and script replies back into values (the arguments
 * themselves are written by {@link ScriptArgs}).
 */
final class ScriptValues {

	private ScriptValues() {
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static String text(Object value) {
		return new String((byte[]) value, StandardCharsets.UTF_8);
	}

	/**
	 * The first number of a reply (every script replies with a list).
	 * @param reply the reply
	 * @return the number
	 */
	static long first(Object reply) {
		return (Long) ((List<?>) reply).get(0);
	}

	static boolean isOne(Object reply) {
		return first(reply) == 1L;
	}

}
