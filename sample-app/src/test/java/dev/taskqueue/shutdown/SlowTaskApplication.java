package dev.taskqueue.shutdown;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskQueue;

/**
 * An application for {@link ShutdownLoggingIT}, run in a JVM of its own: once ready it
 * enqueues one task whose handler prints {@code started <payload>} and then runs for ten
 * minutes, so that a graceful stop has to hand it back.
 */
@SpringBootApplication
public class SlowTaskApplication {

	/**
	 * Runs the application.
	 * @param args Spring Boot arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(SlowTaskApplication.class, args);
	}

	@Bean
	SlowTasks slowTasks(TaskQueue queue) {
		return new SlowTasks(queue);
	}

	static class SlowTasks {

		private final TaskQueue queue;

		SlowTasks(TaskQueue queue) {
			this.queue = queue;
		}

		@EventListener(ApplicationReadyEvent.class)
		void enqueue() {
			this.queue.enqueue("slow", "one");
		}

		@TaskHandler(type = "slow", queue = "slow")
		void run(String payload) throws InterruptedException {
			System.out.println("started " + payload);
			System.out.flush();
			Thread.sleep(600_000);
		}

	}

}
