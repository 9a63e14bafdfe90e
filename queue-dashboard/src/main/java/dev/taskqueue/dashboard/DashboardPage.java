package dev.taskqueue.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * The dashboard's one HTML page. It tells the scripts what they cannot learn from the
 * public API alone, in {@code meta} elements: where the API is ({@code taskqueue-api},
 * with the context path and servlet path), whether writes are enabled
 * ({@code taskqueue-operations}) and, when Spring Security's CSRF protection handles the
 * request, its token ({@code _csrf}, {@code _csrf_header}). Every value is HTML-escaped.
 * The page is sent with a strict Content-Security-Policy: it has no inline script or
 * style. Thread-safe.
 */
final class DashboardPage {

	/** The page's template; {@code {{name}}} marks a value. */
	static final String TEMPLATE = "dev/taskqueue/dashboard/index.html";

	/** The policy the page is sent with: everything from this origin, nothing inline. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; object-src 'none'; base-uri 'self'; "
			+ "form-action 'self'; frame-ancestors 'self'";

	/**
	 * The request attribute under which Spring Security's CSRF filter leaves the token.
	 */
	private static final String CSRF_TOKEN_ATTRIBUTE = "org.springframework.security.web.csrf.CsrfToken";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z]+)}}");

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private final String template;

	private final String apiPath;

	private final boolean operationsEnabled;

	/**
	 * Creates the page.
	 * @param apiPath where the REST API is, below the context path (with the dispatcher
	 * servlet's path), such as {@code /api/tasks}
	 * @param operationsEnabled whether the API allows writes
	 */
	DashboardPage(String apiPath, boolean operationsEnabled) {
		this.template = load();
		this.apiPath = apiPath;
		this.operationsEnabled = operationsEnabled;
	}

	/**
	 * Answers a request for the page.
	 * @param request the request
	 * @return the page, never cached (it may carry a CSRF token)
	 */
	ServerResponse render(ServerRequest request) {
		HttpServletRequest servletRequest = request.servletRequest();
		String api = servletRequest.getContextPath() + this.apiPath;
		Map<String, String> values = Map.of("api", HtmlUtils.htmlEscape(api), "operations",
				String.valueOf(this.operationsEnabled), "openapi", HtmlUtils.htmlEscape(api + "/openapi.json"), "csrf",
				csrfMeta(servletRequest));
		return ServerResponse.ok()
			.contentType(HTML)
			.cacheControl(CacheControl.noStore())
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.header("X-Content-Type-Options", "nosniff")
			.header("Referrer-Policy", "same-origin")
			.body(fill(values));
	}

	private String fill(Map<String, String> values) {
		Matcher matcher = PLACEHOLDER.matcher(this.template);
		StringBuilder html = new StringBuilder(this.template.length() + 256);
		while (matcher.find()) {
			matcher.appendReplacement(html, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), "")));
		}
		matcher.appendTail(html);
		return html.toString();
	}

	/**
	 * The {@code meta} elements of Spring Security's CSRF token, when its filter handled
	 * the request. Read by reflection: Spring Security is not a dependency.
	 */
	private static String csrfMeta(HttpServletRequest request) {
		Object token = request.getAttribute(CSRF_TOKEN_ATTRIBUTE);
		if (token == null) {
			return "";
		}
		try {
			Class<?> type = Class.forName(CSRF_TOKEN_ATTRIBUTE, false, token.getClass().getClassLoader());
			Method header = type.getMethod("getHeaderName");
			Method value = type.getMethod("getToken");
			if (header.invoke(token) instanceof String name && value.invoke(token) instanceof String text) {
				return "<meta name=\"_csrf_header\" content=\"" + HtmlUtils.htmlEscape(name) + "\">\n"
						+ "<meta name=\"_csrf\" content=\"" + HtmlUtils.htmlEscape(text) + "\">";
			}
		}
		catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
			// no token we can read: the page works without, writes are then refused
		}
		return "";
	}

	private static String load() {
		try (InputStream in = new ClassPathResource(TEMPLATE, DashboardPage.class.getClassLoader()).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The dashboard's page " + TEMPLATE + " is missing from the class path", ex);
		}
	}

}
