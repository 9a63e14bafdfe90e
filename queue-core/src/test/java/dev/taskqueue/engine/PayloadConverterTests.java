package dev.taskqueue.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PayloadConverter}: the tree is always the one that writing the payload
 * as JSON and reading it back gives, node types included, and the size limit is exact.
 */
class PayloadConverterTests {

	private static final ObjectMapper MAPPER = JsonMapper.builder().build();

	record Numbers(int i, long small, long big, short s, double d, float f, BigDecimal decimal, BigInteger integer) {
	}

	record Texts(String plain, String escaped, String unicode, char c) {
	}

	record Nested(String name, List<Object> items, Map<String, Object> extra, Optional<String> maybe, byte[] data,
			Object nothing) {
	}

	static Stream<Object> payloads() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("n", 5L);
		map.put("list", List.of(1L, Long.MAX_VALUE, 2.5, "x", List.of(3L)));
		map.put("none", null);
		return Stream.of("text", 5, 5L, Long.MAX_VALUE, 2.5, 1.1f, Double.NaN, true, new BigDecimal("1.50"),
				BigInteger.TEN, BigInteger.TWO.pow(70), List.of(), Map.of(), map,
				new Numbers(1, 2L, Long.MIN_VALUE, (short) 3, 0.1, 0.1f, new BigDecimal("12.340"), BigInteger.ONE),
				new Texts("hello", "quote \" backslash \\ newline \n tab \t nul \u0000", "żółw 🐢 ✓", 'é'),
				new Nested("n", List.of(1, "two", Map.of("three", 3L)), map, Optional.of("yes"), new byte[] { 1, 2, 3 },
						null),
				new Nested("empty", List.of(), Map.of(), Optional.empty(), null, null),
				MAPPER.readTree("{\"a\":[1,2,{\"b\":null}],\"c\":\"d\"}"));
	}

	@ParameterizedTest
	@MethodSource("payloads")
	void treeIsWhatJsonTextReadsBackAs(Object payload) {
		PayloadConverter converter = new PayloadConverter(MAPPER, 1_000_000);
		JsonNode expected = MAPPER.readTree(MAPPER.writeValueAsBytes(payload));
		JsonNode tree = converter.convert(payload);
		assertThat(tree).isEqualTo(expected);
		assertSameNodeTypes(tree, expected);
	}

	@ParameterizedTest
	@MethodSource("payloads")
	void treeIsWhatJsonTextReadsBackAsWithBigNumbersEnabled(Object payload) {
		ObjectMapper mapper = JsonMapper.builder()
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
			.build();
		JsonNode expected = mapper.readTree(mapper.writeValueAsBytes(payload));
		JsonNode tree = new PayloadConverter(mapper, 1_000_000).convert(payload);
		assertThat(tree).isEqualTo(expected);
		assertSameNodeTypes(tree, expected);
	}

	@Test
	void nullIsJsonNull() {
		assertThat(new PayloadConverter(MAPPER, 10).convert(null).isNull()).isTrue();
	}

	@Test
	void treePayloadIsCopied() {
		ObjectNode payload = MAPPER.createObjectNode().put("a", 1);
		JsonNode tree = new PayloadConverter(MAPPER, 100).convert(payload);
		payload.put("a", 2);
		assertThat(tree.get("a").asInt()).isEqualTo(1);
	}

	@Test
	void payloadOfExactlyTheLimitIsAccepted() {
		// {"v":"xxx..."} with escapes that the bound counts at six bytes a char
		String value = "\n".repeat(40) + "ż".repeat(30) + "x".repeat(100);
		Map<String, String> payload = Map.of("v", value);
		int size = MAPPER.writeValueAsBytes(payload).length;
		assertThat(new PayloadConverter(MAPPER, size).convert(payload).get("v").asString()).isEqualTo(value);
		assertThatIllegalArgumentException().isThrownBy(() -> new PayloadConverter(MAPPER, size - 1).convert(payload))
			.withMessage("payload is " + size + " bytes as JSON; the limit is " + (size - 1)
					+ " (taskqueue.defaults.max-payload-size)");
	}

	@Test
	void largeNestedPayloadIsMeasuredExactly() {
		List<Map<String, Object>> rows = Arrays.asList(new Map[200]);
		for (int i = 0; i < rows.size(); i++) {
			rows.set(i, Map.of("id", i, "name", "row " + i, "score", i * 0.5));
		}
		int size = MAPPER.writeValueAsBytes(rows).length;
		assertThat(new PayloadConverter(MAPPER, size).convert(rows)).hasSize(200);
		assertThatIllegalArgumentException().isThrownBy(() -> new PayloadConverter(MAPPER, size - 1).convert(rows))
			.withMessageStartingWith("payload is " + size + " bytes as JSON");
	}

	@Test
	void bytesCountAsUtf8() {
		String value = "🐢".repeat(10);
		int size = ("\"" + value + "\"").getBytes(StandardCharsets.UTF_8).length;
		assertThat(new PayloadConverter(MAPPER, size).convert(value).asString()).isEqualTo(value);
		assertThatIllegalArgumentException().isThrownBy(() -> new PayloadConverter(MAPPER, size - 1).convert(value));
	}

	@Test
	void payloadThatCannotBeWrittenIsRefusedWithItsType() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PayloadConverter(MAPPER, 100).convert(new Unreadable()))
			.withMessageStartingWith("payload of type " + Unreadable.class.getName() + " cannot be written as JSON: ");
	}

	public static final class Unreadable {

		public String getValue() {
			throw new IllegalStateException("no value");
		}

	}

	private static void assertSameNodeTypes(JsonNode actual, JsonNode expected) {
		assertThat(actual.getClass()).as("node at %s", actual).isEqualTo(expected.getClass());
		if (expected.isContainer()) {
			assertThat(actual.size()).isEqualTo(expected.size());
			if (expected.isArray()) {
				for (int i = 0; i < expected.size(); i++) {
					assertSameNodeTypes(actual.get(i), expected.get(i));
				}
			}
			else {
				for (String name : expected.propertyNames()) {
					assertSameNodeTypes(actual.get(name), expected.get(name));
				}
			}
		}
	}

}
