package dev.taskqueue.dashboard;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.dashboard.testapp.DashboardTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard under a context path and a servlet path, at another path, beside an API
 * at another base path with writes enabled.
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.servlet.context-path=/shop", "spring.mvc.servlet.path=/app",
				"taskqueue.dashboard.path=/ops/queues", "taskqueue.web.base-path=/ops/api/",
				"taskqueue.web.operations-enabled=true" })
class DashboardPathsTests {

	@LocalServerPort
	private int port;

	@Test
	void thePageNamesTheApiWithTheContextAndServletPaths() {
		HttpResponse<String> page = new Http(this.port).get("/shop/app/ops/queues/");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<meta name=\"taskqueue-api\" content=\"/shop/app/ops/api\">")
			.contains("<meta name=\"taskqueue-operations\" content=\"true\">")
			.contains("href=\"/shop/app/ops/api/openapi.json\"");
		assertThat(new Http(this.port).get("/shop/app/ops/api/stats").statusCode()).as("the API is where it says")
			.isEqualTo(200);
	}

	@Test
	void theRedirectAndTheAssetsFollowThePath() {
		HttpResponse<String> redirect = new Http(this.port).get("/shop/app/ops/queues");
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location")).hasValue("queues/");

		assertThat(new Http(this.port).get("/shop/app/ops/queues/dashboard.js").statusCode()).isEqualTo(200);
		assertThat(new Http(this.port).get("/shop/app/ops/queues/client.js").statusCode()).isEqualTo(200);
		assertThat(new Http(this.port).get("/shop/app/taskqueue/").statusCode()).isEqualTo(404);
	}

}
