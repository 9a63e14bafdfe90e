package dev.taskqueue.boot.web;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the tests that send raw requests to a running {@link WebTestApplication} share:
 * its port, an {@link ApiClient}, a {@link RawHttp}, the listener count, and the check
 * that the application still runs a task.
 */
abstract class RawApiTestSupport {

	@LocalServerPort
	protected int port;

	@Autowired
	protected ListenerTracker listeners;

	protected ApiClient api;

	protected RawHttp raw;

	@BeforeEach
	void connect() {
		this.api = new ApiClient(this.port);
		this.raw = new RawHttp(this.port);
	}

	/**
	 * Enqueues a normal task and waits until it completed.
	 */
	protected void assertStillWorks() {
		String id = this.api.enqueue("""
				{"type": "echo", "payload": "still working"}""");
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("completed"));
	}

}
