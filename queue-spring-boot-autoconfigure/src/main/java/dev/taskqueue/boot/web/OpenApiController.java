package dev.taskqueue.boot.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the OpenAPI 3.1 description of the REST API ({@link OpenApiDocument}) at
 * {@code GET {base-path}/openapi.json}, for code generators, API explorers and contract
 * tests. A read: served whether or not operations are enabled.
 */
@RestController
@RequestMapping(path = "${taskqueue.web.base-path:/api/tasks}", produces = MediaType.APPLICATION_JSON_VALUE)
public class OpenApiController {

	private final OpenApiDocument document;

	/**
	 * Creates the controller.
	 * @param document the document
	 */
	OpenApiController(OpenApiDocument document) {
		this.document = document;
	}

	/**
	 * The OpenAPI document.
	 * @param request the request, for the application's context path
	 * @return the document as {@code application/json}
	 */
	@GetMapping("/openapi.json")
	public ResponseEntity<byte[]> openApi(HttpServletRequest request) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.document.json(request.getContextPath()));
	}

}
