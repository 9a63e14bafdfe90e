package dev.taskqueue.engine;

import java.util.Map;

import dev.taskqueue.TaskLimits;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a payload into the JSON tree a task carries, refusing one larger than the limit
 * as JSON. The tree is what writing the payload as JSON and reading it back gives (what a
 * task read from Redis holds), built without the bytes when that is safe: the payload
 * goes to a tree directly, and only a payload that may exceed the limit, or holds a value
 * a tree keeps differently from JSON text (binary, a float, a big decimal, an embedded
 * object), takes the round trip through bytes. Thread-safe.
 */
final class PayloadConverter {

	/** Bytes a JSON string may take per UTF-16 char, at most (a "\\u0000" escape). */
	private static final int MAX_BYTES_PER_CHAR = 6;

	/** Characters of a long or a double as JSON, at most. */
	private static final int MAX_NUMBER_CHARS = 25;

	private final ObjectMapper mapper;

	private final int maxBytes;

	/**
	 * Whether the mapper reads numbers into trees as it writes them in the direct way.
	 */
	private final boolean directAllowed;

	PayloadConverter(ObjectMapper mapper, int maxBytes) {
		this.mapper = mapper;
		this.maxBytes = maxBytes;
		this.directAllowed = !mapper.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
				&& !mapper.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
				&& !mapper.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS);
	}

	/**
	 * The payload as a JSON tree of its own.
	 * @param payload the payload, may be {@code null}
	 * @return the tree
	 * @throws IllegalArgumentException if the payload cannot be written as JSON, is
	 * larger than the limit, nests too deeply or holds a lone surrogate (see
	 * {@link TaskLimits})
	 */
	JsonNode convert(Object payload) {
		return TaskLimits.checkJson("payload", tree(payload));
	}

	private JsonNode tree(Object payload) {
		if (payload == null) {
			return NullNode.getInstance();
		}
		if (this.directAllowed) {
			JsonNode tree = write(payload,
					() -> (payload instanceof JsonNode node) ? node.deepCopy() : this.mapper.valueToTree(payload));
			if (tree == null) {
				tree = NullNode.getInstance();
			}
			else if (tree.isLong() && tree.canConvertToInt()) {
				tree = IntNode.valueOf(tree.intValue());
			}
			if (normalize(tree, this.maxBytes) >= 0) {
				return tree;
			}
			return roundTrip(tree);
		}
		return roundTrip(payload);
	}

	private JsonNode roundTrip(Object value) {
		byte[] bytes = write(value, () -> this.mapper.writeValueAsBytes(value));
		if (bytes.length > this.maxBytes) {
			throw new IllegalArgumentException("payload is " + bytes.length + " bytes as JSON; the limit is "
					+ this.maxBytes + " (taskqueue.defaults.max-payload-size)");
		}
		return this.mapper.readTree(bytes);
	}

	private <T> T write(Object payload, Writing<T> writing) {
		try {
			return writing.write();
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("payload of type " + payload.getClass().getName()
					+ " cannot be written as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Brings the integers of a tree to the node types reading JSON text gives (an int
	 * where the value fits one) and bounds the tree's size as compact JSON from above.
	 * @param node the tree
	 * @param budget the bytes it may take
	 * @return an upper bound of its bytes as JSON, or -1 when it may exceed the budget or
	 * holds a node this cannot bound or bring to the read form
	 */
	private static long normalize(JsonNode node, long budget) {
		long size = switch (node.getNodeType()) {
			case NULL -> 4;
			case BOOLEAN -> 5;
			case STRING -> stringBound(node.asString());
			case NUMBER -> (node.isInt() || node.isLong() || (node.isDouble() && Double.isFinite(node.doubleValue())))
					? MAX_NUMBER_CHARS : -1;
			case OBJECT -> objectBound((ObjectNode) node, budget);
			case ARRAY -> arrayBound((ArrayNode) node, budget);
			default -> -1;
		};
		return (size <= budget) ? size : -1;
	}

	private static long objectBound(ObjectNode object, long budget) {
		long size = 2;
		for (Map.Entry<String, JsonNode> field : object.properties()) {
			JsonNode value = field.getValue();
			if (value.isLong() && value.canConvertToInt()) {
				field.setValue(IntNode.valueOf(value.intValue()));
				value = field.getValue();
			}
			size += stringBound(field.getKey()) + 2; // the colon and a comma
			if (size > budget) {
				return -1;
			}
			long valueSize = normalize(value, budget - size);
			if (valueSize < 0) {
				return -1;
			}
			size += valueSize;
		}
		return size;
	}

	private static long arrayBound(ArrayNode array, long budget) {
		long size = 2;
		for (int i = 0; i < array.size(); i++) {
			JsonNode value = array.get(i);
			if (value.isLong() && value.canConvertToInt()) {
				value = IntNode.valueOf(value.intValue());
				array.set(i, value);
			}
			size += 1; // a comma
			long valueSize = normalize(value, budget - size);
			if (valueSize < 0) {
				return -1;
			}
			size += valueSize;
		}
		return size;
	}

	private static long stringBound(String text) {
		return 2 + (long) MAX_BYTES_PER_CHAR * text.length();
	}

	@FunctionalInterface
	private interface Writing<T> {

		T write();

	}

}
