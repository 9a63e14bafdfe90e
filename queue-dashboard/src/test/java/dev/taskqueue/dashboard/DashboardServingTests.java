package dev.taskqueue.dashboard;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.dashboard.testapp.DashboardTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard as a browser fetches it, over a real HTTP port, with the defaults.
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class DashboardServingTests {

	private static final Pattern IMPORT = Pattern.compile("(?:import|from)\\s*\\(?\\s*'(\\./[^']+)'");

	private static final Pattern LINKED = Pattern.compile("(?:href|src)=\"([a-zA-Z][^\":#]*)\"");

	@LocalServerPort
	private int port;

	private Http http() {
		return new Http(this.port);
	}

	@Test
	void thePageTellsWhereTheApiIsAndThatWritesAreOff() {
		HttpResponse<String> page = http().get("/taskqueue/");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
		assertThat(page.body()).contains("<meta name=\"taskqueue-api\" content=\"/api/tasks\">")
			.contains("<meta name=\"taskqueue-operations\" content=\"false\">")
			.contains("<a id=\"api-link\" href=\"/api/tasks/openapi.json\">")
			.doesNotContain("{{")
			.doesNotContain("_csrf");
	}

	@Test
	void thePageHasAStrictContentSecurityPolicyAndIsNotCached() {
		HttpResponse<String> page = http().get("/taskqueue/");

		assertThat(page.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((policy) -> assertThat(policy).startsWith("default-src 'self';")
				.doesNotContain("unsafe-inline")
				.doesNotContain("unsafe-eval"));
		assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(page.body())
			.doesNotContainPattern("<script>|<script(?![^>]*\\ssrc=)[^>]*>|<style|\\sstyle=|\\son[a-z]+=");
	}

	@Test
	void headAnswersLikeGetWithoutABody() {
		for (String path : new String[] { "/taskqueue/", "/taskqueue/client.js", "/taskqueue/dashboard.js" }) {
			HttpResponse<String> head = http().head(path);
			assertThat(head.statusCode()).as(path).isEqualTo(200);
			assertThat(head.headers().firstValue("Content-Type")).as(path).isPresent();
			assertThat(head.body()).as(path).isEmpty();
		}
	}

	@Test
	void thePathWithoutTrailingSlashRedirectsToThePage() {
		HttpResponse<String> redirect = http().get("/taskqueue");

		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location")).hasValue("taskqueue/");
	}

	@Test
	void everyAssetThePageAndItsModulesLoadIsServedWithItsType() {
		String page = http().get("/taskqueue/").body();
		Set<String> assets = new LinkedHashSet<>();
		Matcher linked = LINKED.matcher(page);
		while (linked.find()) {
			assets.add(linked.group(1));
		}
		List<String> modules = new ArrayList<>(assets.stream().filter((asset) -> asset.endsWith(".js")).toList());
		for (int i = 0; i < modules.size(); i++) {
			HttpResponse<String> module = http().get("/taskqueue/" + modules.get(i));
			assertThat(module.statusCode()).as(modules.get(i)).isEqualTo(200);
			Matcher imports = IMPORT.matcher(module.body());
			while (imports.find()) {
				String imported = resolve(modules.get(i), imports.group(1));
				if (assets.add(imported)) {
					modules.add(imported);
				}
			}
		}

		assertThat(assets).contains("dashboard.js", "dashboard.css", "client.js", "overview.js", "queue.js", "task.js",
				"instances.js", "schedules.js", "uplot/uPlot.min.css", "uplot/uPlot.esm.js");
		for (String asset : assets) {
			HttpResponse<String> response = http().get("/taskqueue/" + asset);
			assertThat(response.statusCode()).as(asset).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).as(asset)
				.hasValueSatisfying(
						(type) -> assertThat(type).startsWith(asset.endsWith(".css") ? "text/css" : "text/javascript"));
			assertThat(response.headers().firstValue("X-Content-Type-Options")).as(asset).hasValue("nosniff");
		}
	}

	@Test
	void theClientIsTheFileOfClientsJs() throws IOException {
		byte[] source = Files.readAllBytes(Path.of("..", "clients", "js", "taskqueue-client.js"));

		HttpResponse<byte[]> served = http().getBytes("/taskqueue/client.js");

		assertThat(served.statusCode()).isEqualTo(200);
		assertThat(served.body()).isEqualTo(source);
	}

	@Test
	void assetsAreRevalidatedWithTheirDate() {
		HttpResponse<String> first = http().get("/taskqueue/dashboard.js");
		assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
		String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

		HttpResponse<String> again = http().get("/taskqueue/dashboard.js", "If-Modified-Since", lastModified);

		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.body()).isEmpty();
	}

	@Test
	void nothingButTheAssetsIsServed() {
		for (String path : new String[] { "/taskqueue/index.html", "/taskqueue/nothing.js",
				"/taskqueue/%2e%2e/index.html", "/taskqueue/..%2fDashboardPage.class",
				"/taskqueue/uplot/..%2f..%2fLICENSE", "/taskqueue/DashboardPage.class" }) {
			HttpResponse<String> response = http().get(path);
			assertThat(response.statusCode()).as(path).isBetween(400, 499);
			assertThat(response.body()).as(path).doesNotContain("{{").doesNotContain("taskqueue-api");
		}
	}

	private static String resolve(String from, String relative) {
		String folder = from.contains("/") ? from.substring(0, from.lastIndexOf('/') + 1) : "";
		return Path.of(folder + relative.substring(2)).normalize().toString().replace('\\', '/');
	}

}
