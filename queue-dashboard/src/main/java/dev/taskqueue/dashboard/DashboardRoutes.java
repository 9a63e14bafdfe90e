package dev.taskqueue.dashboard;

import java.io.IOException;
import java.net.URI;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The dashboard's routes under its path ({@code /taskqueue} by default):
 * <ul>
 * <li>{@code /taskqueue} redirects to {@code /taskqueue/}, the page (so that its assets
 * resolve relative to it, whatever the context path);</li>
 * <li>{@code /taskqueue/client.js}, the JavaScript client (a copy of
 * {@code clients/js/taskqueue-client.js});</li>
 * <li>{@code /taskqueue/uplot/*}, the charting library from its webjar;</li>
 * <li>{@code /taskqueue/*}, the page's scripts and styles.</li>
 * </ul>
 * Assets are revalidated on each use ({@code no-cache} with {@code Last-Modified}), so an
 * upgrade shows at once.
 */
final class DashboardRoutes {

	static final String ASSETS = "dev/taskqueue/dashboard/static/";

	static final String CLIENT = "dev/taskqueue/dashboard/client/taskqueue-client.js";

	private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

	private DashboardRoutes() {
	}

	/**
	 * Creates the routes.
	 * @param path the dashboard's path, validated: starts with a slash, does not end with
	 * one
	 * @param page the page
	 * @param classLoader where the assets are
	 * @return the routes
	 */
	static RouterFunction<ServerResponse> create(String path, DashboardPage page, ClassLoader classLoader) {
		String lastSegment = path.substring(path.lastIndexOf('/') + 1);
		Resource client = new ClassPathResource(CLIENT, classLoader);
		RouterFunctions.Builder routes = RouterFunctions.route()
			.GET(path,
					(request) -> ServerResponse.status(HttpStatus.FOUND)
						.location(URI.create(lastSegment + "/"))
						.build())
			.route(getOrHead(path + "/"), page::render)
			.route(getOrHead(path + "/client.js"),
					(request) -> ServerResponse.ok()
						.contentType(JAVASCRIPT)
						.headers((headers) -> revalidate(client, headers))
						.body(client));
		ClassPathResource uplot = UplotWebJar.distribution(classLoader);
		if (uplot != null) {
			routes.add(RouterFunctions.resources(path + "/uplot/**", uplot, DashboardRoutes::revalidate));
		}
		routes.add(RouterFunctions.resources(path + "/**", new ClassPathResource(ASSETS, classLoader),
				DashboardRoutes::revalidate));
		return routes.build();
	}

	private static RequestPredicate getOrHead(String pattern) {
		return RequestPredicates.GET(pattern).or(RequestPredicates.HEAD(pattern));
	}

	private static void revalidate(Resource resource, HttpHeaders headers) {
		headers.setCacheControl(CacheControl.noCache());
		headers.set("X-Content-Type-Options", "nosniff");
		try {
			headers.setLastModified(resource.lastModified());
		}
		catch (IOException ex) {
			// no date known: the asset is sent in full each time
		}
	}

}
