package dev.taskqueue.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns values into script arguments and script replies back into values.
 */
final class ScriptValues {

	private ScriptValues() {
	}

	static byte[][] args(String... values) {
		byte[][] args = new byte[values.length][];
		for (int i = 0; i < values.length; i++) {
			args[i] = bytes(values[i]);
		}
		return args;
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
