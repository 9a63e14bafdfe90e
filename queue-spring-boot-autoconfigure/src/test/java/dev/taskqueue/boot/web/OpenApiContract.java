package dev.taskqueue.boot.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.taskqueue.boot.web.RawHttp.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document a running application serves, as the contract its answers are held
 * to: which operations it documents, and whether a real answer (status, media type,
 * required headers, body, event names and data) is one the document allows. Bodies are
 * validated against the document's schemas by com.networknt:json-schema-validator (its
 * 3.x line is built on Jackson 3, as Boot 4 is), with the OpenAPI 3.1 dialect (JSON
 * Schema 2020-12) and format assertions on. Remembers which operations answered with a
 * success, so that a test can tell whether every operation was exercised. Thread-safe.
 */
final class OpenApiContract {

	/** The methods an OpenAPI path item holds operations for. */
	static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

	private static final String IRI = "https://taskqueue.test/openapi.json";

	private static final Pattern VARIABLE = Pattern.compile("\\{[^/}]+}");

	private final JsonNode document;

	private final SchemaRegistry schemas;

	private final Set<String> succeeded = ConcurrentHashMap.newKeySet();

	OpenApiContract(String json) {
		this.document = ApiClient.json.readTree(json);
		this.schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
				(builder) -> builder.schemas(Map.of(IRI, json))
					.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
	}

	/**
	 * Reads the document an application serves.
	 * @param raw the client of the application
	 * @param target the document's path, such as {@code /api/tasks/openapi.json}
	 * @return the contract
	 */
	static OpenApiContract served(RawHttp raw, String target) {
		return served(raw, "", target);
	}

	/**
	 * Reads the document an application serves under a context or servlet path.
	 * @param raw the client of the application
	 * @param server the document's server URL (the context and servlet path)
	 * @param target the document's path under it
	 * @return the contract
	 */
	static OpenApiContract served(RawHttp raw, String server, String target) {
		Answer answer = raw.send("GET", server + target, Map.of("Accept", "application/json"), null, false);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.contentType()).isEqualTo("application/json");
		OpenApiContract contract = new OpenApiContract(answer.body());
		contract.check("GET", target, answer);
		return contract;
	}

	JsonNode document() {
		return this.document;
	}

	/**
	 * Every documented operation.
	 * @return {@code METHOD path}, such as {@code GET /api/tasks/{id}}
	 */
	Set<String> operations() {
		Set<String> operations = new TreeSet<>();
		this.document.get("paths")
			.properties()
			.forEach((path) -> path.getValue()
				.propertyNames()
				.stream()
				.filter(METHODS::contains)
				.forEach((method) -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
		return operations;
	}

	/**
	 * Every request mapping of the task queue's controllers.
	 * @param mappings the application's handler mapping
	 * @return {@code METHOD path}, with the mapping's path variables
	 */
	static Set<String> mappedOperations(RequestMappingHandlerMapping mappings) {
		Set<String> operations = new TreeSet<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
			if (!TaskQueueProblemHandler.handles(mapping.getValue().getBeanType())) {
				continue;
			}
			RequestMappingInfo info = mapping.getKey();
			assertThat(info.getMethodsCondition().getMethods()).as("methods of %s", info).isNotEmpty();
			assertThat(info.getPathPatternsCondition()).as("path patterns of %s", info).isNotNull();
			info.getMethodsCondition()
				.getMethods()
				.forEach((method) -> info.getPathPatternsCondition()
					.getPatternValues()
					.forEach((path) -> operations.add(method.name() + " " + path)));
		}
		return operations;
	}

	/**
	 * The operations that answered with a success checked by this contract.
	 * @return {@code METHOD path} of each
	 */
	Set<String> succeeded() {
		return new TreeSet<>(this.succeeded);
	}

	/**
	 * Checks an answer: its operation and status are documented, its media type is one of
	 * the status's, its required headers are there, and its body (unless an event
	 * stream's or a HEAD's) is valid by the schema.
	 * @param method the request's method
	 * @param target the request's target, with a query string or not
	 * @param answer the answer
	 * @return the JSON of the documented response (its {@code $ref} resolved)
	 */
	JsonNode check(String method, String target, Answer answer) {
		String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
		String operation = method.toLowerCase(Locale.ROOT);
		String template = template(path, operation);
		String what = method + " " + target + " answered " + answer.status() + " " + answer.body();
		assertThat(template).as("documented path and method of " + what).isNotNull();
		String pointer = "/paths/" + escape(template) + "/" + operation + "/responses/" + answer.status();
		JsonNode response = this.document.at(pointer);
		assertThat(response.isMissingNode()).as("documented status of " + what).isFalse();
		if (response.has("$ref")) {
			pointer = response.get("$ref").asString().substring(1);
			response = this.document.at(pointer);
		}
		for (Map.Entry<String, JsonNode> header : response.path("headers").properties()) {
			if (header.getValue().path("required").asBoolean()) {
				assertThat(answer.headers()).as("header " + header.getKey() + " of " + what)
					.containsKey(header.getKey().toLowerCase(Locale.ROOT));
			}
		}
		String mediaType = answer.contentType().split(";")[0].trim();
		if (response.has("content")) {
			assertThat(response.get("content").propertyNames()).as("media type of " + what).contains(mediaType);
			if (!method.equals("HEAD") && mediaType.endsWith("json")) {
				validate(pointer + "/content/" + escape(mediaType) + "/schema", answer.body(), what);
			}
		}
		else if (!method.equals("HEAD")) {
			assertThat(answer.body()).as("body of " + what).isEmpty();
		}
		if (answer.status() < 300) {
			this.succeeded.add(method + " " + template);
		}
		return response;
	}

	/**
	 * Checks that a request body the application accepted is valid by the documented
	 * schema of the operation's request body, so that the document does not refuse what
	 * the application takes.
	 * @param method the request's method
	 * @param target the request's target
	 * @param body the body, JSON
	 */
	void checkAcceptedRequest(String method, String target, String body) {
		String operation = method.toLowerCase(Locale.ROOT);
		String template = template(target.split("\\?")[0], operation);
		String pointer = "/paths/" + escape(template) + "/" + operation
				+ "/requestBody/content/application~1json/schema";
		assertThat(this.document.at(pointer).isMissingNode()).as("request body of %s %s", method, target).isFalse();
		validate(pointer, body, "accepted request body of " + method + " " + target);
	}

	/**
	 * Checks the events of a stream: each one's name is documented, and its data is valid
	 * by the documented schema.
	 * @param target the stream's target
	 * @param events the events received
	 */
	void checkEvents(String target, List<SseReader.Event> events) {
		String pointer = "/paths/" + escape(template(target.split("\\?")[0], "get"))
				+ "/get/responses/200/content/text~1event-stream";
		JsonNode media = this.document.at(pointer);
		assertThat(media.isMissingNode()).as("event stream of " + target).isFalse();
		Set<String> names = new TreeSet<>();
		media.get("x-event-names").forEach((name) -> names.add(name.asString()));
		for (SseReader.Event event : events) {
			assertThat(names).as("event names of " + target).contains(event.name());
			validate(pointer + "/x-event-data", event.data(), "event " + event.name() + " of " + target);
		}
	}

	/**
	 * Validates JSON against a schema of the document.
	 * @param pointer the JSON pointer of the schema
	 * @param json the JSON
	 * @param what what the JSON is, for the message
	 */
	void validate(String pointer, String json, String what) {
		Schema schema = this.schemas.getSchema(SchemaLocation.of(IRI + "#" + pointer));
		List<Error> errors = schema.validate(ApiClient.json.readTree(json));
		assertThat(errors).as("%s against %s", what, pointer).isEmpty();
	}

	/**
	 * The documented path a request falls under, as Spring MVC picks the handler: among
	 * the paths documented with the request's method, the path itself, otherwise the
	 * template with the fewest variables that matches it.
	 * @param path the request path
	 * @param method the request's method, in lower case
	 * @return the template, or {@code null}
	 */
	String template(String path, String method) {
		JsonNode paths = this.document.get("paths");
		if (paths.path(path).has(method)) {
			return path;
		}
		String best = null;
		for (String template : paths.propertyNames()) {
			if (paths.get(template).has(method) && path.matches(regex(template))
					&& (best == null || variables(template) < variables(best))) {
				best = template;
			}
		}
		return best;
	}

	private static String regex(String template) {
		StringBuilder regex = new StringBuilder();
		Matcher variable = VARIABLE.matcher(template);
		int literal = 0;
		while (variable.find()) {
			regex.append(Pattern.quote(template.substring(literal, variable.start()))).append("[^/]+");
			literal = variable.end();
		}
		return regex.append(Pattern.quote(template.substring(literal))).toString();
	}

	private static long variables(String template) {
		return VARIABLE.matcher(template).results().count();
	}

	static String escape(String token) {
		return token.replace("~", "~0").replace("/", "~1");
	}

}
