package dev.taskqueue.sample;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * One headless Chromium for all tests of a class: started before the first, quit after
 * the last. Register it as a static field with {@code @RegisterExtension}.
 */
public final class ChromiumExtension implements BeforeAllCallback, AfterAllCallback {

	private ChromeDriver driver;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.driver = Chromium.start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.driver != null) {
			this.driver.quit();
			this.driver = null;
		}
	}

	/**
	 * The browser of the running test class.
	 * @return the browser
	 */
	public ChromeDriver driver() {
		if (this.driver == null) {
			throw new IllegalStateException("the browser runs only while a test class does");
		}
		return this.driver;
	}

}
