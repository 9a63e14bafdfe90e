package dev.taskqueue.boot.handler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.taskqueue.Misfire;
import dev.taskqueue.Recurring;
import dev.taskqueue.Schedule;
import dev.taskqueue.ScheduleRequest;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration;
import dev.taskqueue.memory.InMemoryTaskBackend;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskBackend;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Recurring @Recurring}: declared schedules upserted at start-up with their
 * placeholders resolved and the {@code taskqueue.schedules.<id>.*} overrides applied,
 * schedules no longer declared removed, and clear start-up failures for wrong
 * declarations. Contexts share one backend, as restarted instances share Redis.
 */
class RecurringTests {

	private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private final InMemoryTaskBackend backend = new InMemoryTaskBackend(this.clock, RetentionPolicy.defaults());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskQueueAutoConfiguration.class))
		.withBean(TaskBackend.class, () -> this.backend)
		.withBean(TaskQueueAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, () -> this.clock)
		.withPropertyValues("taskqueue.worker.enabled=false");

	@Test
	void declaredSchedulesAreCreatedWithTheirPlaceholdersResolved() {
		this.runner.withBean(Reports.class).withPropertyValues("reports.cron=0 0 3 * * *").run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			Schedule nightly = queue.getSchedule("nightly-report").orElseThrow();
			assertThat(nightly.cron()).isEqualTo("0 0 3 * * *");
			assertThat(nightly.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
			assertThat(nightly.type()).isEqualTo("report");
			assertThat(nightly.declared()).isTrue();
			assertThat(nightly.payload().get("days").asInt()).isEqualTo(1);
			assertThat(nightly.nextDueAt()).isEqualTo(Instant.parse("2030-01-02T02:00:00Z"));
			Schedule weekly = queue.getSchedule("weekly-report").orElseThrow();
			assertThat(weekly.cron()).isEqualTo("0 0 4 * * MON");
			assertThat(weekly.misfire()).isEqualTo(Misfire.SKIP);
		});
	}

	@Test
	void propertiesOverrideTheAttributesAndDisableASchedule() {
		this.runner.withBean(Reports.class)
			.withPropertyValues("taskqueue.schedules.nightly-report.every=5m",
					"taskqueue.schedules.weekly-report.enabled=false")
			.run((context) -> {
				TaskQueue queue = context.getBean(TaskQueue.class);
				Schedule nightly = queue.getSchedule("nightly-report").orElseThrow();
				assertThat(nightly.every()).isEqualTo(Duration.ofMinutes(5));
				assertThat(nightly.cron()).isNull();
				assertThat(queue.getSchedule("weekly-report")).isEmpty();
			});
		this.runner.withBean(Reports.class)
			.withPropertyValues("taskqueue.schedules.nightly-report.cron=0 15 1 * * *",
					"taskqueue.schedules.nightly-report.zone=Asia/Tokyo")
			.run((context) -> {
				Schedule nightly = context.getBean(TaskQueue.class).getSchedule("nightly-report").orElseThrow();
				assertThat(nightly.cron()).isEqualTo("0 15 1 * * *");
				assertThat(nightly.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
			});
	}

	@Test
	void aRestartKeepsTheNextDueTimeAndRemovesWhatIsNoLongerDeclared() {
		this.runner.withBean(Reports.class).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			queue.upsertSchedule(ScheduleRequest.builder("made-by-api", "report").cron("@hourly").build());
		});
		Schedule before = this.backend.schedules().findSchedule("nightly-report").orElseThrow().schedule();

		this.runner.withBean(OnlyNightly.class).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			Schedule after = queue.getSchedule("nightly-report").orElseThrow();
			assertThat(after.nextDueAt()).isEqualTo(before.nextDueAt());
			assertThat(after.createdAt()).isEqualTo(before.createdAt());
			assertThat(queue.getSchedule("weekly-report")).as("no longer declared").isEmpty();
			assertThat(queue.getSchedule("made-by-api")).as("made through the API").isPresent();
		});
	}

	@Test
	void aLazyBeansScheduleIsDeclaredWhenTheBeanIsCreated() {
		this.runner.withBean(OnlyNightly.class, OnlyNightly::new, (definition) -> definition.setLazyInit(true))
			.run((context) -> {
				TaskQueue queue = context.getBean(TaskQueue.class);
				assertThat(queue.getSchedule("nightly-report")).as("before the bean exists").isEmpty();
				context.getBean(OnlyNightly.class);
				assertThat(queue.getSchedule("nightly-report")).hasValueSatisfying((schedule) -> {
					assertThat(schedule.declared()).isTrue();
					assertThat(schedule.cron()).isEqualTo("0 0 2 * * *");
				});
			});
	}

	@Test
	void wrongDeclarationsFailStartUpNamingTheMethod() {
		assertFails(Unhandled.class, "has no @TaskHandler on the same method");
		assertFails(BadCron.class, "Invalid @Recurring schedule 'bad-cron' on " + BadCron.class.getName() + ".run(..)");
		assertFails(BadZone.class, "zone = \"Nowhere/Else\" is not a time zone");
		assertFails(BadPayload.class, "payload = \"{days\" is not JSON");
		assertFails(Unresolvable.class, "has a placeholder that cannot be resolved");
		assertFails(Twice.class, "Two @Recurring declarations have id 'twice'");
		this.runner.withBean(Reports.class)
			.withPropertyValues("taskqueue.schedules.nightly-report.every=5m",
					"taskqueue.schedules.nightly-report.cron=@daily")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sets both cron and every"));
	}

	private void assertFails(Class<?> handlers, String message) {
		this.runner.withBean(handlers)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining(InvalidTaskHandlerException.class.getName())
				.hasStackTraceContaining(message));
	}

	static class Reports {

		@TaskHandler(type = "report")
		@Recurring(id = "nightly-report", cron = "${reports.cron:0 0 2 * * *}", zone = "Europe/Paris",
				payload = "{\"days\": 1}")
		@Recurring(id = "weekly-report", cron = "0 0 4 * * MON", misfire = "skip")
		void run() {
		}

	}

	static class OnlyNightly {

		@TaskHandler(type = "report")
		@Recurring(id = "nightly-report", cron = "${reports.cron:0 0 2 * * *}", zone = "Europe/Paris",
				payload = "{\"days\": 1}")
		void run() {
		}

	}

	static class Unhandled {

		@Recurring(id = "orphan", every = "1m")
		void run() {
		}

	}

	static class BadCron {

		@TaskHandler(type = "bad-cron")
		@Recurring(id = "bad-cron", cron = "0 0 25 * * *")
		void run() {
		}

	}

	static class BadZone {

		@TaskHandler(type = "bad-zone")
		@Recurring(id = "bad-zone", cron = "@daily", zone = "Nowhere/Else")
		void run() {
		}

	}

	static class BadPayload {

		@TaskHandler(type = "bad-payload")
		@Recurring(id = "bad-payload", every = "1h", payload = "{days")
		void run() {
		}

	}

	static class Unresolvable {

		@TaskHandler(type = "unresolvable")
		@Recurring(id = "unresolvable", cron = "${no.such.property}")
		void run() {
		}

	}

	static class Twice {

		@TaskHandler(type = "twice-a")
		@Recurring(id = "twice", every = "1h")
		void a() {
		}

		@TaskHandler(type = "twice-b")
		@Recurring(id = "twice", every = "2h")
		void b() {
		}

	}

}
