package dev.taskqueue.boot.actuatortest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.taskqueue.TaskHandler;

/**
 * A small application for the actuator test. Alone in its package, so that its component
 * scan finds nothing of the other tests.
 */
@SpringBootApplication
public class ActuatorTestApplication {

	@Bean
	Reports reports() {
		return new Reports();
	}

	/** A handler to run a task with. */
	public static class Reports {

		@TaskHandler(type = "report", queue = "reports", concurrency = 2)
		String build(Request request) {
			return "report for " + request.customer();
		}

	}

	/**
	 * A report request.
	 *
	 * @param customer the customer
	 */
	public record Request(String customer) {

	}

}
