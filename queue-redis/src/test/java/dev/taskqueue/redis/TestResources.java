package dev.taskqueue.redis;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test started (servers, connection factories, backends, engines, processes),
 * closed after each test in the reverse order, as a JUnit extension:
 * {@code @RegisterExtension final TestResources resources = new TestResources();}.
 */
public final class TestResources implements AfterEachCallback {

	private final List<AutoCloseable> resources = new ArrayList<>();

	/**
	 * Registers something to close after the test.
	 * @param <T> its type
	 * @param resource the resource
	 * @return the resource
	 */
	public <T extends AutoCloseable> T add(T resource) {
		this.resources.add(resource);
		return resource;
	}

	/**
	 * Starts a {@code redis-server} of the test's own, stopped after the test.
	 * @param appendOnly whether it keeps an append-only file
	 * @return the server
	 */
	public RedisServerSupport ownServer(boolean appendOnly) {
		return add(RedisServerSupport.startOwn(appendOnly));
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		Exception first = null;
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			try {
				this.resources.get(i).close();
			}
			catch (Exception ex) {
				if (first == null) {
					first = ex;
				}
				else {
					first.addSuppressed(ex);
				}
			}
		}
		this.resources.clear();
		if (first != null) {
			throw first;
		}
	}

}
