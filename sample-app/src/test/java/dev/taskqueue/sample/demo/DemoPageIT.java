package dev.taskqueue.sample.demo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.sample.Chromium;
import dev.taskqueue.sample.SampleAppTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the demo page in a real headless Chromium: start a report with the JavaScript
 * client the starter serves, watch the progress arrive through Server-Sent Events, end at
 * 100% and completed.
 */
@SampleAppTest
class DemoPageIT {

	private static WebDriver browser;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void startBrowser() {
		browser = Chromium.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void startsAReportAndShowsItsLiveProgressUntilCompleted() {
		browser.get("http://localhost:" + this.port + "/");
		setValue("rows", "600");
		setValue("delay", "40");

		browser.findElement(By.id("start")).click();

		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		wait.until(ExpectedConditions.textToBe(By.id("status"), "completed"));
		assertThat(text("percent")).isEqualTo("100%");
		assertThat(browser.findElement(By.id("bar")).getDomProperty("value")).isEqualTo("100");
		assertThat(text("counts")).isEqualTo("600 / 600 rows");
		assertThat(text("result")).contains("\"rows\": 600");
		assertThat(browser.findElement(By.id("download")).getDomAttribute("href"))
			.matches("/demo/reports/report-.+\\.csv");
		List<String> events = browser.findElements(By.cssSelector("#log li"))
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(events).as("events shown on the page")
			.anyMatch((event) -> event.matches(".* progress \\d+% row \\d+ of 600"));
		assertThat(events).anyMatch((event) -> event.contains(" completed"));
	}

	private void setValue(String id, String value) {
		WebElement input = browser.findElement(By.id(id));
		input.clear();
		input.sendKeys(value);
	}

	private String text(String id) {
		return browser.findElement(By.id(id)).getText();
	}

}
