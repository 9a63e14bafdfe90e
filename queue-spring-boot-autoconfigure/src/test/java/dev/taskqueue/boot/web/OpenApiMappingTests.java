package dev.taskqueue.boot.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document a running application serves against the application's request
 * mappings: every mapping of the task queue's controllers is documented, every documented
 * operation is mapped, and the document holds together (references resolve, path
 * variables are parameters, every operation documents the refusals the API's guards can
 * answer with).
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestApplication.OPERATIONS_ENABLED, WebTestApplication.SHORT_SHUTDOWN })
class OpenApiMappingTests extends RawApiTestSupport {

	private static final Pattern VARIABLE = Pattern.compile("\\{([^/}]+)}");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	private OpenApiContract contract;

	@BeforeEach
	void readDocument() {
		this.contract = OpenApiContract.served(this.raw, "/api/tasks/openapi.json");
	}

	@Test
	void everyMappingIsDocumentedAndEveryDocumentedOperationIsMapped() {
		assertMappingsMatch(this.contract, this.mappings, "/api/tasks");
	}

	@Test
	void theServerIsTheApplicationAndTheBulkLimitTheConfiguredOne() {
		JsonNode document = this.contract.document();
		assertThat(document.get("openapi").asString()).isEqualTo("3.1.0");
		assertThat(document.get("servers").get(0).get("url").asString()).isEqualTo("/");
		assertThat(document.at("/components/schemas/BulkEnqueueRequest/maxItems").asInt()).isEqualTo(1000);
	}

	@Test
	void everyReferenceResolves() {
		List<String> references = new ArrayList<>();
		collectReferences(this.contract.document(), references);
		assertThat(references).hasSizeGreaterThan(50);
		for (String reference : references) {
			assertThat(reference).startsWith("#/");
			assertThat(this.contract.document().at(reference.substring(1)).isMissingNode()).as(reference).isFalse();
		}
	}

	@Test
	void everyPathVariableIsARequiredPathParameterAndOperationIdsAreUnique() {
		Set<String> operationIds = new HashSet<>();
		forEachOperation((path, method, operation) -> {
			Set<String> variables = new TreeSet<>();
			Matcher matcher = VARIABLE.matcher(path);
			while (matcher.find()) {
				variables.add(matcher.group(1));
			}
			Set<String> parameters = new TreeSet<>();
			for (JsonNode parameter : operation.path("parameters")) {
				JsonNode resolved = resolve(parameter);
				if (resolved.get("in").asString().equals("path")) {
					assertThat(resolved.get("required").asBoolean()).as(method + " " + path).isTrue();
					parameters.add(resolved.get("name").asString());
				}
			}
			assertThat(parameters).as("path parameters of %s %s", method, path).isEqualTo(variables);
			assertThat(operationIds.add(operation.get("operationId").asString())).as("unique operationId").isTrue();
		});
	}

	@Test
	void everyOperationDocumentsTheRefusalsItCanAnswerWith() {
		forEachOperation((path, method, operation) -> {
			JsonNode responses = operation.get("responses");
			String what = method + " " + path;
			assertThat(responses.propertyNames()).as(what).anyMatch((status) -> status.startsWith("2"));
			assertThat(responses.has("500")).as(what).isTrue();
			if (!method.equals("get") && !method.equals("head")) {
				assertThat(responses.propertyNames()).as("refusals of the write %s", what)
					.contains("400", "403", "413", "415");
			}
			if (operation.has("requestBody") || hasQueryParameters(operation)) {
				assertThat(responses.has("400")).as(what).isTrue();
			}
			for (Map.Entry<String, JsonNode> response : responses.properties()) {
				JsonNode resolved = resolve(response.getValue());
				assertThat(resolved.get("description").asString()).as(what).isNotBlank();
				if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
					assertThat(resolved.at("/content/application~1problem+json/schema/$ref").asString())
						.as("problem of %s %s", what, response.getKey())
						.isEqualTo("#/components/schemas/Problem");
				}
			}
		});
	}

	/**
	 * Asserts that the documented operations are the mapped ones.
	 * @param contract the document
	 * @param mappings the application's mappings
	 * @param base the configured base path
	 */
	static void assertMappingsMatch(OpenApiContract contract, RequestMappingHandlerMapping mappings, String base) {
		Set<String> mapped = OpenApiContract.mappedOperations(mappings);
		Set<String> documented = contract.operations();
		assertThat(mapped).as("mappings of the task queue's controllers").hasSizeGreaterThan(20);

		Set<String> undocumented = new TreeSet<>(mapped);
		undocumented.removeAll(documented);
		assertThat(undocumented).as("mapped but not in openapi.json").isEmpty();

		Set<String> unmapped = new TreeSet<>(documented);
		unmapped.removeAll(mapped);
		assertThat(unmapped).as("in openapi.json but not mapped").isEmpty();
	}

	private boolean hasQueryParameters(JsonNode operation) {
		for (JsonNode parameter : operation.path("parameters")) {
			if (resolve(parameter).get("in").asString().equals("query")) {
				return true;
			}
		}
		return false;
	}

	private JsonNode resolve(JsonNode node) {
		return node.has("$ref") ? this.contract.document().at(node.get("$ref").asString().substring(1)) : node;
	}

	private void forEachOperation(OperationCheck check) {
		for (Map.Entry<String, JsonNode> path : this.contract.document().get("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				if (OpenApiContract.METHODS.contains(operation.getKey())) {
					check.check(path.getKey(), operation.getKey(), operation.getValue());
				}
			}
		}
	}

	private static void collectReferences(JsonNode node, List<String> references) {
		if (node.isObject() && node.has("$ref")) {
			references.add(node.get("$ref").asString());
		}
		node.values().forEach((child) -> collectReferences(child, references));
	}

	@FunctionalInterface
	private interface OperationCheck {

		void check(String path, String method, JsonNode operation);

	}

}
