package dev.taskqueue.dashboard;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

import dev.taskqueue.dashboard.testapp.DashboardTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind Spring Security's CSRF protection, the page carries the token that the client
 * sends with every write, and that token is the one the protection accepts.
 */
@SpringBootTest(classes = { DashboardTestApplication.class, DashboardCsrfTests.CsrfConfiguration.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "taskqueue.web.operations-enabled=true")
class DashboardCsrfTests {

	private static final Pattern TOKEN = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\">");

	@LocalServerPort
	private int port;

	@Test
	void thePageCarriesTheTokenThatWritesNeed() {
		Http http = new Http(this.port);
		HttpResponse<String> page = http.get("/taskqueue/");
		assertThat(page.body()).contains("<meta name=\"_csrf_header\" content=\"X-CSRF-TOKEN\">");
		Matcher token = TOKEN.matcher(page.body());
		assertThat(token.find()).as("a _csrf meta element in %s", page.body()).isTrue();
		String session = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

		HttpResponse<String> without = http.post("/api/tasks/queues/reports/pause", "Cookie", session);
		HttpResponse<String> with = http.post("/api/tasks/queues/reports/pause", "Cookie", session, "X-CSRF-TOKEN",
				token.group(1));

		assertThat(without.statusCode()).as("refused by the CSRF filter").isEqualTo(403);
		assertThat(with.statusCode()).as("answered %s", with.body()).isEqualTo(200);
		assertThat(with.body()).contains("\"paused\":true");
	}

	@Configuration(proxyBeanMethods = false)
	static class CsrfConfiguration {

		@Bean
		FilterRegistrationBean<CsrfFilter> csrfFilter() {
			return new FilterRegistrationBean<>(new CsrfFilter(new HttpSessionCsrfTokenRepository()));
		}

	}

}
