package dev.taskqueue.boot.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Guards the REST API's writes (every method but GET, HEAD and OPTIONS), before the
 * request body is read, so that a client without the right to write learns nothing from
 * validation errors:
 * <ul>
 * <li>unless operations are enabled, every write is refused (403);</li>
 * <li>a write a browser sends from a page of another site is refused (403), unless Spring
 * Security's CSRF protection is in charge of the request (it then has a CSRF token) or
 * the page's origin is listed in {@code taskqueue.web.allowed-origins}. A browser says
 * where a request comes from in {@code Sec-Fetch-Site} (trusted when present: only
 * {@code same-origin} and {@code none}, a typed URL or a bookmark, pass) or else in
 * {@code Origin}, compared with the request's own host and port. Clients that are not
 * browsers send neither and pass;</li>
 * <li>a write with a body that an HTML form can send (form or multipart data, plain text)
 * is refused (415): no client of this API sends one, and a cross-site form can.</li>
 * </ul>
 */
class OperationsGuard implements HandlerInterceptor {

	/**
	 * The request attribute under which Spring Security's CSRF filter leaves the token.
	 */
	private static final String CSRF_TOKEN_ATTRIBUTE = "org.springframework.security.web.csrf.CsrfToken";

	private static final Set<String> SAME_ORIGIN = Set.of("same-origin", "none");

	private static final List<MediaType> FORM_TYPES = List.of(MediaType.APPLICATION_FORM_URLENCODED,
			MediaType.MULTIPART_FORM_DATA, MediaType.TEXT_PLAIN);

	private final boolean operationsEnabled;

	private final Set<String> allowedOrigins;

	OperationsGuard(boolean operationsEnabled, List<String> allowedOrigins) {
		this.operationsEnabled = operationsEnabled;
		this.allowedOrigins = Set.copyOf(allowedOrigins.stream().map(OperationsGuard::normalize).toList());
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws HttpMediaTypeNotSupportedException {
		if (!(handler instanceof HandlerMethod method) || !TaskQueueProblemHandler.handles(method.getBeanType())
				|| !isWrite(request.getMethod())) {
			return true;
		}
		if (!this.operationsEnabled) {
			throw new OperationsDisabledException();
		}
		if (!csrfTokenSent(request)) {
			refuseCrossSite(request);
		}
		refuseFormBody(request);
		return true;
	}

	/**
	 * Whether Spring Security's CSRF filter handled the request and the request carries
	 * the token's header. The token alone does not do: the filter leaves it on requests
	 * that its configuration exempts from the check, too.
	 */
	private static boolean csrfTokenSent(HttpServletRequest request) {
		Object token = request.getAttribute(CSRF_TOKEN_ATTRIBUTE);
		if (token == null) {
			return false;
		}
		try {
			Class<?> type = Class.forName(CSRF_TOKEN_ATTRIBUTE, false, token.getClass().getClassLoader());
			Object header = type.getMethod("getHeaderName").invoke(token);
			return header instanceof String name && request.getHeader(name) != null;
		}
		catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
			return false;
		}
	}

	private void refuseCrossSite(HttpServletRequest request) {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin != null && this.allowedOrigins.contains(normalize(origin))) {
			return;
		}
		String site = request.getHeader("Sec-Fetch-Site");
		if (site != null) {
			if (!SAME_ORIGIN.contains(site.trim().toLowerCase(Locale.ROOT))) {
				throw new CrossSiteRequestException("the browser marked the request Sec-Fetch-Site: " + site);
			}
			return;
		}
		if (origin != null && !sameHost(origin, request)) {
			throw new CrossSiteRequestException("the request comes from a page of " + origin);
		}
	}

	private static void refuseFormBody(HttpServletRequest request) throws HttpMediaTypeNotSupportedException {
		String contentType = request.getContentType();
		if (contentType == null) {
			return;
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(contentType);
		}
		catch (RuntimeException ex) {
			throw new InvalidParameterException("Content-Type", "Content-Type '" + contentType + "' is not valid");
		}
		for (MediaType form : FORM_TYPES) {
			if (form.includes(type)) {
				throw new HttpMediaTypeNotSupportedException(type, List.of(MediaType.APPLICATION_JSON));
			}
		}
	}

	private static boolean sameHost(String origin, HttpServletRequest request) {
		URI uri;
		try {
			uri = URI.create(origin.trim());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		if (uri.getHost() == null) {
			// "null" (a sandboxed page, a file) or garbage
			return false;
		}
		String host = request.getHeader(HttpHeaders.HOST);
		String own = (host != null) ? host.trim().toLowerCase(Locale.ROOT)
				: request.getServerName() + ":" + request.getServerPort();
		int port = (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
		String originHost = uri.getHost().toLowerCase(Locale.ROOT);
		return own.equals(originHost + ":" + port) || (own.equals(originHost) && (port == 80 || port == 443));
	}

	private static String normalize(String origin) {
		String trimmed = origin.trim().toLowerCase(Locale.ROOT);
		return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
	}

	private static boolean isWrite(String method) {
		return !"GET".equals(method) && !"HEAD".equals(method) && !"OPTIONS".equals(method);
	}

}
