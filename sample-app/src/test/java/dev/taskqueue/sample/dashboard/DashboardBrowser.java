package dev.taskqueue.sample.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser, for tests: opens its views, finds elements by CSS and
 * waits for what the page shows (the page redraws parts of itself, so elements are looked
 * up again on each check).
 */
final class DashboardBrowser {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final WebDriver browser;

	private final String origin;

	DashboardBrowser(WebDriver browser, int port) {
		this.browser = browser;
		this.origin = "http://localhost:" + port;
	}

	WebDriver driver() {
		return this.browser;
	}

	String origin() {
		return this.origin;
	}

	/**
	 * Loads the dashboard afresh at a view and waits until it shows its data.
	 * @param route the hash route, such as {@code /queue/reports}
	 */
	void open(String route) {
		this.browser.get("about:blank");
		this.browser.get(this.origin + "/taskqueue/#" + route);
		awaitLoaded();
	}

	/** Waits until the current view has shown its data. */
	void awaitLoaded() {
		waitFor(By.cssSelector("#view[data-loaded='true']"));
	}

	WebElement waitFor(By locator) {
		return wait(TIMEOUT).until(ExpectedConditions.presenceOfElementLocated(locator));
	}

	WebElement find(String css) {
		return this.browser.findElement(By.cssSelector(css));
	}

	List<WebElement> findAll(String css) {
		return this.browser.findElements(By.cssSelector(css));
	}

	String text(String css) {
		return find(css).getText();
	}

	/**
	 * The text of every element matching a selector, read in one look (a redraw between
	 * two reads of a list of elements would make them stale).
	 * @param css the elements
	 * @return their texts, trimmed
	 */
	@SuppressWarnings("unchecked")
	List<String> texts(String css) {
		return (List<String>) script(
				"return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim())", css);
	}

	/**
	 * An attribute of every element matching a selector, read in one look.
	 * @param css the elements
	 * @param name the attribute
	 * @return their values, null where absent
	 */
	@SuppressWarnings("unchecked")
	List<String> attributes(String css, String name) {
		return (List<String>) script(
				"return [...document.querySelectorAll(arguments[0])].map((e) => e.getAttribute(arguments[1]))", css,
				name);
	}

	/**
	 * Clicks an element once it is clickable, looking it up again when the page redrew it
	 * between the look-up and the click.
	 * @param css the element
	 */
	void click(String css) {
		ExpectedCondition<WebElement> clickable = ExpectedConditions.elementToBeClickable(By.cssSelector(css));
		wait(TIMEOUT).withMessage(() -> css + " to be clicked").until((driver) -> {
			WebElement element = clickable.apply(driver);
			if (element == null) {
				return false;
			}
			element.click();
			return true;
		});
	}

	/**
	 * Waits until the text of an element satisfies a condition.
	 * @param css the element
	 * @param condition the condition
	 * @param description what is waited for
	 * @return the text that satisfied it
	 */
	String awaitText(String css, Predicate<String> condition, String description) {
		return wait(TIMEOUT).withMessage(() -> description + "; the page shows: " + currentText(css))
			.until((driver) -> {
				String text = currentText(css);
				return (text != null && condition.test(text)) ? text : null;
			});
	}

	String awaitText(String css, String expected) {
		return awaitText(css, expected::equals, css + " to read '" + expected + "'");
	}

	/** A count shown on the page, without its thousands separators. */
	long count(String css) {
		return Long.parseLong(text(css).replace(",", ""));
	}

	Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.browser).executeScript(script, arguments);
	}

	Object asyncScript(String script, Object... arguments) {
		return ((JavascriptExecutor) this.browser).executeAsyncScript(script, arguments);
	}

	String hash() {
		return (String) script("return location.hash");
	}

	WebDriverWait wait(Duration timeout) {
		WebDriverWait wait = new WebDriverWait(this.browser, timeout);
		wait.ignoring(StaleElementReferenceException.class);
		return wait;
	}

	private String currentText(String css) {
		List<WebElement> elements = findAll(css);
		if (elements.isEmpty()) {
			return null;
		}
		try {
			return elements.get(0).getText();
		}
		catch (StaleElementReferenceException ex) {
			return null;
		}
	}

}
