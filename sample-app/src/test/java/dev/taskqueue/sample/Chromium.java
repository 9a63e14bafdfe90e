package dev.taskqueue.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) for
 * browser tests, with its console log readable, and screenshots written under
 * {@code target/screenshots}.
 */
public final class Chromium {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** Where the tests' screenshots go. */
	public static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private Chromium() {
	}

	/**
	 * Starts a browser with a 1280x1000 window.
	 * @return the browser; quit it when done
	 */
	public static ChromeDriver start() {
		assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
			.as("The browser test needs %s and %s: install the Debian packages with "
					+ "'apt-get install -y chromium chromium-driver'", CHROMIUM, CHROMEDRIVER)
			.isTrue();
		System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toString());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,1000");
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
		return new ChromeDriver(options);
	}

	/**
	 * The browser console's entries since the last call (reading them empties the log).
	 * @param browser the browser
	 * @return the messages
	 */
	public static List<String> consoleMessages(WebDriver browser) {
		return browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
	}

	/**
	 * The Content-Security-Policy violations among messages.
	 * @param messages console messages
	 * @return those that report a violation
	 */
	public static List<String> policyViolations(List<String> messages) {
		return messages.stream()
			.filter((message) -> message.contains("Content Security Policy") || message.contains("Refused to"))
			.toList();
	}

	/**
	 * Writes what the browser shows to {@code target/screenshots/<name>.png}.
	 * @param browser the browser
	 * @param name the file's name, without extension
	 * @return the file
	 */
	public static Path screenshot(WebDriver browser, String name) {
		Path file = SCREENSHOTS.resolve(name + ".png");
		try {
			Files.createDirectories(SCREENSHOTS);
			Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
			return Files.move(shot, file, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
