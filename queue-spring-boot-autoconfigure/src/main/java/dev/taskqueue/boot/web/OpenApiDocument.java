package dev.taskqueue.boot.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 description of the REST API that {@link OpenApiController} serves.
 * <p>
 * It is written by hand, as the resource {@code openapi.json} beside this class, not
 * generated from the controllers. What a client needs most is what the controllers'
 * signatures do not say: every problem detail each endpoint answers and why, the event
 * names and data of the streams, the bounds of each value, what bulk enqueue does with
 * idempotency keys. A generator (springdoc) would need all of that as annotations as long
 * as the document itself, spread over the controllers, and it would be a dependency of
 * every application that uses the starter, describing the application's own controllers
 * too. The hand-written document cannot drift unnoticed: the tests compare its methods
 * and paths with the application's request mappings, both ways, and validate real answers
 * of a running application, of every endpoint and every problem status they can bring
 * about, against its schemas.
 * <p>
 * The resource shows the default base path, {@value #DOCUMENTED_BASE_PATH}. The served
 * document shows the configured one in its paths, the application's context path and the
 * dispatcher servlet's path as its server URL, and {@code taskqueue.web.max-bulk-size} as
 * the bulk limit. Paths hold the base path and the server URL does not, because a client
 * joins the two: with the base path as server URL, the collection endpoint would be the
 * path {@code /} and a client would call {@code /api/tasks/}, which Spring MVC does not
 * match. Rendered once per context path (one per application), then served from memory.
 * Thread-safe.
 */
final class OpenApiDocument {

	/** The base path the resource's paths start with. */
	static final String DOCUMENTED_BASE_PATH = "/api/tasks";

	private static final String RESOURCE = "openapi.json";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ObjectNode template;

	private final String servletPrefix;

	private final String basePath;

	private final int maxBulkSize;

	private volatile Rendered rendered;

	/**
	 * Reads the document.
	 * @param servletPrefix the dispatcher servlet's path prefix ({@code ""} when it
	 * serves {@code /})
	 * @param basePath {@code taskqueue.web.base-path}
	 * @param maxBulkSize {@code taskqueue.web.max-bulk-size}
	 */
	OpenApiDocument(String servletPrefix, String basePath, int maxBulkSize) {
		this.template = read();
		this.servletPrefix = trimSlashes((servletPrefix != null) ? servletPrefix : "");
		this.basePath = basePath.startsWith("/") ? basePath : "/" + basePath;
		this.maxBulkSize = maxBulkSize;
	}

	/**
	 * The document as JSON.
	 * @param contextPath the servlet context's path ({@code ""} for the root)
	 * @return the document's bytes (shared: callers must not change them)
	 */
	byte[] json(String contextPath) {
		Rendered current = this.rendered;
		if (current == null || !current.contextPath().equals(contextPath)) {
			current = new Rendered(contextPath, render(contextPath));
			this.rendered = current;
		}
		return current.json();
	}

	private byte[] render(String contextPath) {
		ObjectNode document = this.template.deepCopy();
		ObjectNode paths = json.createObjectNode();
		for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
			paths.set(rebase(path.getKey()), path.getValue());
		}
		document.set("paths", paths);
		String server = trimSlashes(contextPath) + this.servletPrefix;
		((ObjectNode) document.get("servers").get(0)).put("url", server.isEmpty() ? "/" : server);
		((ObjectNode) document.at("/components/schemas/BulkEnqueueRequest")).put("maxItems", this.maxBulkSize);
		return json.writeValueAsBytes(document);
	}

	/**
	 * A path of the resource under the configured base path, joined as Spring MVC joins
	 * the controllers' base path and their methods' paths: the base path as it is for the
	 * collection, and without a trailing slash in front of the others.
	 */
	private String rebase(String documented) {
		String relative = documented.substring(DOCUMENTED_BASE_PATH.length());
		if (relative.isEmpty()) {
			return this.basePath;
		}
		return trimSlashes(this.basePath) + relative;
	}

	private static ObjectNode read() {
		try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is missing beside " + OpenApiDocument.class.getName());
			}
			return (ObjectNode) json.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A path without trailing slashes; {@code ""} for the root. */
	private static String trimSlashes(String path) {
		String trimmed = path;
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}

	private record Rendered(String contextPath, byte[] json) {

	}

}
