package dev.taskqueue.boot.web;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.taskqueue.boot.web.RawHttp.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The switches of the API's safe defaults, set the other way: stack traces exposed, an
 * allowed cross-site origin, a smaller request limit, and a request that Spring
 * Security's CSRF protection is in charge of (a token attribute on the request, as its
 * filter leaves it).
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestApplication.OPERATIONS_ENABLED, WebTestApplication.SHORT_SHUTDOWN,
				"taskqueue.web.expose-stack-traces=true", "taskqueue.web.allowed-origins=https://admin.example/",
				"taskqueue.web.max-request-size=2KB", "taskqueue.web.max-event-streams=3" })
@Import(TaskApiSafetySettingsTests.CsrfTokenFilter.class)
class TaskApiSafetySettingsTests extends RawApiTestSupport {

	private static final String PAUSE = "/api/tasks/queues/pausable/pause";

	@Test
	void stackTracesAreShownWhenExposed() {
		String id = this.api.enqueue("""
				{"type": "fail"}""");
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("failed"));
		assertThat(this.api.task(id).get("error").get("stackTrace").asString()).contains("at ");
		OpenApiContract.served(this.raw, "/api/tasks/openapi.json")
			.check("GET", "/api/tasks/" + id, this.raw.send("GET", "/api/tasks/" + id, Map.of(), null, false));
	}

	@Test
	void allowedOriginMayWrite() {
		assertThat(this.raw
			.send("POST", PAUSE, Map.of("Origin", "https://ADMIN.example", "Sec-Fetch-Site", "cross-site"), null, false)
			.status()).isEqualTo(200);
		this.api.post("/queues/pausable/resume");
		TaskApiHostileInputTests
			.problem(this.raw.send("POST", PAUSE, Map.of("Origin", "https://other.example"), null, false), 403);
	}

	@Test
	void csrfProtectionInChargeLetsCrossSiteChecksGo() {
		Map<String, String> headers = Map.of("Origin", "https://other.example", "Sec-Fetch-Site", "cross-site",
				CsrfTokenFilter.HANDLED, "1", "X-CSRF-TOKEN", "checked-by-spring-security");
		assertThat(this.raw.send("POST", PAUSE, headers, null, false).status()).isEqualTo(200);
		this.api.post("/queues/pausable/resume");
	}

	@Test
	void csrfTokenWithoutItsHeaderIsNoExemption() {
		// Spring Security leaves its token on requests it exempts from the check, too
		Map<String, String> headers = Map.of("Origin", "https://other.example", CsrfTokenFilter.HANDLED, "1");
		TaskApiHostileInputTests.problem(this.raw.send("POST", PAUSE, headers, null, false), 403);
	}

	@Test
	void anErrorAnotherFilterSendsIsAProblemDetailToo() {
		Answer answer = this.raw.send("GET", "/api/tasks/stats", Map.of(CsrfTokenFilter.DENY, "1"), null, false);
		JsonNode problem = TaskApiHostileInputTests.problem(answer, 401);
		assertThat(problem.get("title").asString()).isEqualTo("Unauthorized");
		assertThat(answer.headers().get("www-authenticate")).isEqualTo("Basic realm=\"test\"");
		assertThat(this.raw.send("GET", "/elsewhere", Map.of(CsrfTokenFilter.DENY, "1"), null, false).contentType())
			.doesNotContain("problem");
	}

	@Test
	void streamsBeyondTheMostAreRefusedUntilOneCloses() throws IOException {
		List<Socket> streams = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				streams.add(TaskApiFuzzTests.openStream(this.port, "/api/tasks/events"));
			}
			Answer refused = this.raw.send("GET", "/api/tasks/events", Map.of(), null, false);
			JsonNode problem = TaskApiHostileInputTests.problem(refused, 503);
			OpenApiContract.served(this.raw, "/api/tasks/openapi.json").check("GET", "/api/tasks/events", refused);
			assertThat(problem.get("detail").asString()).contains("taskqueue.web.max-event-streams");
			assertThat(refused.headers().get("retry-after")).isEqualTo("5");
			streams.remove(0).close();
			// a closed client is noticed at the next heartbeat
			await().untilAsserted(
					() -> assertThat(this.raw.send("HEAD", "/api/tasks/events", Map.of(), null, false).status())
						.isEqualTo(200));
			await().untilAsserted(() -> {
				Socket stream = TaskApiFuzzTests.openStream(this.port, "/api/tasks/events");
				streams.add(stream);
			});
		}
		finally {
			for (Socket stream : streams) {
				stream.close();
			}
		}
	}

	@Test
	void configuredRequestLimitApplies() {
		byte[] body = ("{\"type\": \"echo\", \"payload\": \"" + "a".repeat(3000) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		JsonNode problem = TaskApiHostileInputTests
			.problem(this.raw.send("POST", "/api/tasks", Map.of("Content-Type", "application/json"), body, false), 413);
		assertThat(problem.get("maxBytes").asLong()).isEqualTo(2048);
		JsonNode bulk = TaskApiHostileInputTests.problem(
				this.raw.send("POST", "/api/tasks/bulk", Map.of("Content-Type", "application/json"), body, false), 413);
		assertThat(bulk.get("maxBytes").asLong()).isEqualTo(2048);
		assertThat(this.api.post("", "{\"type\": \"echo\", \"payload\": \"" + "a".repeat(1000) + "\"}").status())
			.isEqualTo(202);
	}

	/**
	 * Leaves Spring Security's CSRF token on requests that carry {@value #HANDLED}, as
	 * its CSRF filter does on every request it sees (having checked the token header of a
	 * write it protects).
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class CsrfTokenFilter {

		static final String HANDLED = "X-Test-Csrf-Filter";

		/** Makes the filter answer 401 as a security filter would, with sendError. */
		static final String DENY = "X-Test-Deny";

		@Bean
		FilterRegistrationBean<OncePerRequestFilter> csrfTokenFilter() {
			return new FilterRegistrationBean<>(new OncePerRequestFilter() {

				@Override
				protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
						FilterChain chain) throws ServletException, IOException {
					if (request.getHeader(DENY) != null) {
						response.setHeader("WWW-Authenticate", "Basic realm=\"test\"");
						response.sendError(401);
						return;
					}
					if (request.getHeader(HANDLED) != null) {
						request.setAttribute(CsrfToken.class.getName(),
								new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "checked-by-spring-security"));
					}
					chain.doFilter(request, response);
				}

			});
		}

	}

}
