package dev.taskqueue.sample.demo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.sample.Chromium;
import dev.taskqueue.sample.ChromiumExtension;
import dev.taskqueue.sample.SampleAppTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the demo page in a real headless Chromium: start a report with the JavaScript
 * client the starter serves, watch the progress arrive through Server-Sent Events, end at
 * 100% and completed.
 */
@SampleAppTest
class DemoPageIT {

	@RegisterExtension
	static final ChromiumExtension chromium = new ChromiumExtension();

	@LocalServerPort
	private int port;

	@Test
	void startsAReportAndShowsItsLiveProgressUntilCompleted() {
		chromium.driver().get("http://localhost:" + this.port + "/");
		setValue("rows", "600");
		setValue("delay", "40");

		chromium.driver().findElement(By.id("start")).click();

		WebDriverWait wait = new WebDriverWait(chromium.driver(), Duration.ofSeconds(30));
		wait.until(ExpectedConditions.textToBe(By.id("status"), "completed"));
		assertThat(text("percent")).isEqualTo("100%");
		assertThat(chromium.driver().findElement(By.id("bar")).getDomProperty("value")).isEqualTo("100");
		assertThat(text("counts")).isEqualTo("600 / 600 rows");
		assertThat(text("result")).contains("\"rows\": 600");
		assertThat(chromium.driver().findElement(By.id("download")).getDomAttribute("href"))
			.matches("/demo/reports/report-.+\\.csv");
		List<String> events = chromium.driver()
			.findElements(By.cssSelector("#log li"))
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(events).as("events shown on the page")
			.anyMatch((event) -> event.matches(".* progress \\d+% row \\d+ of 600"));
		assertThat(events).anyMatch((event) -> event.contains(" completed"));
	}

	private void setValue(String id, String value) {
		WebElement input = chromium.driver().findElement(By.id(id));
		input.clear();
		input.sendKeys(value);
	}

	private String text(String id) {
		return chromium.driver().findElement(By.id(id)).getText();
	}

}
