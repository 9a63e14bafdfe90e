package dev.taskqueue.boot.web;

/**
 * Thrown when a write request comes from a page of another site (a cross-site request
 * forgery, or a page that is not allowed to write); answered with 403.
 */
class CrossSiteRequestException extends RuntimeException {

	CrossSiteRequestException(String reason) {
		super("Cross-site write refused: " + reason + ". Writes are accepted from the application's own origin, "
				+ "from clients that are not browsers, from origins listed in taskqueue.web.allowed-origins, "
				+ "or with Spring Security's CSRF protection in charge");
	}

}
