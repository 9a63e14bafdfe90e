package dev.taskqueue.boot.web;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.taskqueue.boot.web.RawHttp.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document of an application that serves the API elsewhere: under a context
 * path, a dispatcher servlet path and a base path written without its leading slash and
 * with a trailing one, with a smaller bulk limit. Its server URL is where a client finds
 * the API, its paths are still the mapped ones, and its bulk limit is the configured one.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestApplication.OPERATIONS_ENABLED, WebTestApplication.SHORT_SHUTDOWN,
				"server.servlet.context-path=/ctx", "spring.mvc.servlet.path=/mvc", "taskqueue.web.base-path=ops/jobs/",
				"taskqueue.web.max-bulk-size=25" })
class OpenApiBasePathTests extends RawApiTestSupport {

	private static final String SERVER = "/ctx/mvc";

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Test
	void theDocumentShowsWhereTheApiIs() {
		OpenApiContract contract = OpenApiContract.served(this.raw, SERVER, "/ops/jobs/openapi.json");
		JsonNode document = contract.document();
		assertThat(document.get("servers").get(0).get("url").asString()).isEqualTo(SERVER);
		assertThat(document.get("paths").propertyNames()).allMatch((path) -> path.startsWith("/ops/jobs/"))
			.contains("/ops/jobs/", "/ops/jobs/bulk", "/ops/jobs/{id}");
		assertThat(document.at("/components/schemas/BulkEnqueueRequest/maxItems").asInt()).isEqualTo(25);
		OpenApiMappingTests.assertMappingsMatch(contract, this.mappings, "/ops/jobs");
	}

	@Test
	void answersThereMatchTheDocument() {
		OpenApiContract contract = OpenApiContract.served(this.raw, SERVER, "/ops/jobs/openapi.json");
		String element = "{\"type\": \"echo\", \"queue\": \"elsewhere\"}";
		Answer accepted = post("/ops/jobs/bulk", "[" + String.join(",", Collections.nCopies(25, element)) + "]");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		contract.check("POST", "/ops/jobs/bulk", accepted);
		Answer refused = post("/ops/jobs/bulk", "[" + String.join(",", Collections.nCopies(26, element)) + "]");
		assertThat(refused.status()).isEqualTo(400);
		contract.check("POST", "/ops/jobs/bulk", refused);
		assertThat(ApiClient.json.readTree(refused.body()).get("maxTasks").asInt()).isEqualTo(25);

		Answer enqueued = post("/ops/jobs/", element);
		assertThat(enqueued.status()).as(enqueued.body()).isEqualTo(202);
		contract.check("POST", "/ops/jobs/", enqueued);
		String id = ApiClient.json.readTree(enqueued.body()).get("id").asString();
		assertThat(enqueued.headers().get("location")).endsWith(SERVER + "/ops/jobs/" + id);
		Answer task = this.raw.send("GET", SERVER + "/ops/jobs/" + id, Map.of(), null, false);
		assertThat(task.status()).isEqualTo(200);
		contract.check("GET", "/ops/jobs/" + id, task);
	}

	private Answer post(String path, String body) {
		return this.raw.send("POST", SERVER + path, Map.of("Content-Type", "application/json"),
				body.getBytes(StandardCharsets.UTF_8), false);
	}

}
