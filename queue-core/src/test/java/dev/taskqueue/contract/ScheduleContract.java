package dev.taskqueue.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taskqueue.Misfire;
import dev.taskqueue.Schedule;
import dev.taskqueue.ScheduleNotFoundException;
import dev.taskqueue.ScheduleRequest;
import dev.taskqueue.Task;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.UnknownTaskTypeException;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Recurring schedules: one task per due time, in the schedule's zone, bounded by its
 * limit and end, paused, resumed, triggered and removed, with missed due times handled by
 * the misfire policy. The clock stands still unless a test moves it.
 */
public abstract class ScheduleContract extends ContractTestSupport {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	protected ScheduleContract(TaskQueueContractTests suite) {
		super(suite);
	}

	private TaskEngine engine() {
		return startEngine(handler("tick", QUEUE, 2, (payload, ctx) -> null));
	}

	private static ScheduleRequest.Builder every(String id, Duration every) {
		return ScheduleRequest.builder(id, "tick").every(every);
	}

	/** The tasks a schedule made, by run. */
	private static List<Task> tasksOf(TaskQueue queue, String scheduleId) {
		return queue.list(new TaskQuery(null, "tick", Set.of(), TaskQuery.MAX_LIMIT, null))
			.items()
			.stream()
			.filter((task) -> scheduleId.equals(task.scheduleId()))
			.sorted(Comparator.comparing(Task::occurrence))
			.toList();
	}

	private void awaitRuns(TaskQueue queue, String scheduleId, int runs) {
		await().untilAsserted(() -> assertThat(tasksOf(queue, scheduleId)).hasSize(runs));
		assertStaysTrue("no more than " + runs + " tasks", () -> tasksOf(queue, scheduleId).size() == runs);
	}

	private static Schedule schedule(TaskQueue queue, String id) {
		return queue.getSchedule(id).orElseThrow();
	}

	@Test
	void upsertTwiceKeepsOneScheduleAndItsNextDueTime() {
		TaskEngine engine = engine();

		Schedule created = engine.upsertSchedule(every("report", Duration.ofMinutes(10)).payload("one").build());
		awaitRuns(engine, "report", 1);
		Schedule replaced = engine.upsertSchedule(every("report", Duration.ofMinutes(10)).payload("two").build());

		assertThat(created.nextDueAt()).isEqualTo(START);
		assertThat(engine.schedules()).extracting(Schedule::id).containsExactly("report");
		assertThat(replaced.nextDueAt()).isEqualTo(START.plus(Duration.ofMinutes(10)));
		assertThat(replaced.runs()).isEqualTo(1);
		assertThat(replaced.payload().asString()).isEqualTo("two");
		Task first = tasksOf(engine, "report").get(0);
		assertThat(first.scheduleId()).isEqualTo("report");
		assertThat(first.occurrence()).isEqualTo(1);
		assertThat(first.payload().asString()).isEqualTo("one");
		assertThat(schedule(engine, "report").lastTaskId()).isEqualTo(first.id());
		awaitStatus(engine, first.id(), TaskStatus.COMPLETED);
		assertThat(schedule(engine, "report").lastTaskStatus()).isEqualTo(TaskStatus.COMPLETED);

		advance(Duration.ofMinutes(10), engine);
		awaitRuns(engine, "report", 2);
		Task second = tasksOf(engine, "report").get(1);
		assertThat(second.payload().asString()).isEqualTo("two");
		assertThat(second.scheduledAt()).isEqualTo(START.plus(Duration.ofMinutes(10)));
		assertThat(second.occurrence()).isEqualTo(2);
	}

	@Test
	void changingTheTriggerRecomputesTheNextDueTime() {
		TaskEngine engine = engine();

		Schedule hourly = engine.upsertSchedule(ScheduleRequest.builder("sync", "tick").cron("0 0 * * * *").build());
		advance(Duration.ofMinutes(5), engine);
		Schedule same = engine.upsertSchedule(ScheduleRequest.builder("sync", "tick").cron("0 0 * * * *").build());
		Schedule halfPast = engine.upsertSchedule(ScheduleRequest.builder("sync", "tick").cron("0 30 * * * *").build());

		assertThat(hourly.nextDueAt()).isEqualTo(START.plus(Duration.ofHours(1)));
		assertThat(same.nextDueAt()).isEqualTo(hourly.nextDueAt());
		assertThat(halfPast.nextDueAt()).isEqualTo(START.plus(Duration.ofMinutes(30)));
		assertThat(halfPast.createdAt()).isEqualTo(START);
		assertThat(halfPast.updatedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
		assertThat(tasksOf(engine, "sync")).isEmpty();
	}

	@Test
	void cronRunsInTheSchedulesZone() {
		TaskEngine engine = engine();

		Schedule nightly = engine
			.upsertSchedule(ScheduleRequest.builder("nightly", "tick").cron("0 30 2 * * *").zone(PARIS).build());

		// 02:30 in Paris in winter is 01:30 UTC
		assertThat(nightly.nextDueAt()).isEqualTo(Instant.parse("2030-01-02T01:30:00Z"));
		assertThat(nightly.zone()).isEqualTo(PARIS);
		advance(Duration.between(START, nightly.nextDueAt()), engine);
		awaitRuns(engine, "nightly", 1);
		assertThat(tasksOf(engine, "nightly").get(0).scheduledAt()).isEqualTo(nightly.nextDueAt());
		assertThat(schedule(engine, "nightly").nextDueAt()).isEqualTo(Instant.parse("2030-01-03T01:30:00Z"));
	}

	@Test
	void aDailyRunInsideTheSpringForwardGapRunsOnce() {
		TaskEngine engine = engine();
		advance(Duration.between(START, Instant.parse("2030-03-30T12:00:00Z")), engine);

		engine.upsertSchedule(ScheduleRequest.builder("gap", "tick").cron("0 30 2 * * *").zone(PARIS).build());

		// 2030-03-31: Paris goes from 02:00 to 03:00; 02:30 runs shifted, at 03:30 CEST
		assertThat(schedule(engine, "gap").nextDueAt()).isEqualTo(Instant.parse("2030-03-31T01:30:00Z"));
		advance(Duration.ofHours(14), engine);
		awaitRuns(engine, "gap", 1);
		assertThat(schedule(engine, "gap").nextDueAt()).isEqualTo(Instant.parse("2030-04-01T00:30:00Z"));
	}

	@Test
	void aDailyRunInsideTheFallBackOverlapRunsOnce() {
		TaskEngine engine = engine();
		advance(Duration.between(START, Instant.parse("2030-10-26T12:00:00Z")), engine);

		engine.upsertSchedule(ScheduleRequest.builder("overlap", "tick").cron("0 30 2 * * *").zone(PARIS).build());

		// 2030-10-27: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET)
		assertThat(schedule(engine, "overlap").nextDueAt()).isEqualTo(Instant.parse("2030-10-27T00:30:00Z"));
		advance(Duration.ofHours(12).plusMinutes(30), engine);
		awaitRuns(engine, "overlap", 1);
		assertThat(schedule(engine, "overlap").nextDueAt()).isEqualTo(Instant.parse("2030-10-28T01:30:00Z"));
		advance(Duration.ofHours(1), engine);
		awaitRuns(engine, "overlap", 1);
	}

	@Test
	void runOnceMakesOneTaskForManyMissedDueTimes() {
		TaskEngine engine = engine();
		engine.upsertSchedule(every("catch-up", Duration.ofMinutes(10)).build());
		awaitRuns(engine, "catch-up", 1);

		advance(Duration.ofMinutes(65), engine);

		awaitRuns(engine, "catch-up", 2);
		Schedule after = schedule(engine, "catch-up");
		assertThat(after.misfire()).isEqualTo(Misfire.RUN_ONCE);
		assertThat(after.runs()).isEqualTo(2);
		assertThat(after.nextDueAt()).isEqualTo(START.plus(Duration.ofMinutes(70)));
	}

	@Test
	void skipMakesNoTaskForMissedDueTimes() {
		TaskEngine engine = engine();
		engine.upsertSchedule(every("skip", Duration.ofMinutes(10)).misfire(Misfire.SKIP).build());
		awaitRuns(engine, "skip", 1);

		advance(Duration.ofMinutes(65), engine);

		await().untilAsserted(
				() -> assertThat(schedule(engine, "skip").nextDueAt()).isEqualTo(START.plus(Duration.ofMinutes(70))));
		awaitRuns(engine, "skip", 1);
		advance(Duration.ofMinutes(5), engine);
		awaitRuns(engine, "skip", 2);
		assertThat(tasksOf(engine, "skip").get(1).scheduledAt()).isEqualTo(START.plus(Duration.ofMinutes(70)));
	}

	@Test
	void limitAndEndAtEndTheSeries() {
		TaskEngine engine = engine();
		engine.upsertSchedule(every("limited", Duration.ofMinutes(10)).limit(2).build());
		engine.upsertSchedule(every("ending", Duration.ofMinutes(10)).startAt(START.plus(Duration.ofMinutes(5)))
			.endAt(START.plus(Duration.ofMinutes(20)))
			.build());

		awaitRuns(engine, "limited", 1);
		for (int i = 0; i < 6; i++) {
			advance(Duration.ofMinutes(5), engine);
			await().until(() -> {
				Schedule ending = schedule(engine, "ending");
				return ending.isEnded() || !ending.nextDueAt().isBefore(this.clock.instant());
			});
		}

		awaitRuns(engine, "limited", 2);
		awaitRuns(engine, "ending", 2);
		assertThat(tasksOf(engine, "ending")).extracting(Task::scheduledAt)
			.containsExactly(START.plus(Duration.ofMinutes(5)), START.plus(Duration.ofMinutes(15)));
		assertThat(schedule(engine, "limited").isEnded()).isTrue();
		assertThat(schedule(engine, "limited").runs()).isEqualTo(2);
		assertThat(schedule(engine, "ending").isEnded()).isTrue();
	}

	@Test
	void aPausedScheduleMakesNoTaskAndResumesWithoutCatchingUp() {
		TaskEngine engine = engine();
		engine.upsertSchedule(
				every("paused", Duration.ofMinutes(10)).startAt(START.plus(Duration.ofMinutes(10))).build());

		Schedule paused = engine.pauseSchedule("paused");
		advance(Duration.ofMinutes(25), engine);
		assertStaysTrue("no task while paused", () -> tasksOf(engine, "paused").isEmpty());
		Schedule resumed = engine.resumeSchedule("paused");

		assertThat(paused.paused()).isTrue();
		assertThat(resumed.paused()).isFalse();
		assertThat(resumed.nextDueAt()).isEqualTo(START.plus(Duration.ofMinutes(30)));
		advance(Duration.ofMinutes(5), engine);
		awaitRuns(engine, "paused", 1);
		assertThat(tasksOf(engine, "paused").get(0).scheduledAt()).isEqualTo(START.plus(Duration.ofMinutes(30)));
	}

	@Test
	void triggerMakesOneTaskNowEvenWhenPaused() {
		TaskEngine engine = engine();
		engine.upsertSchedule(ScheduleRequest.builder("manual", "tick").cron("@daily").build());
		engine.pauseSchedule("manual");

		String id = engine.triggerSchedule("manual");

		Task task = awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(task.scheduleId()).isEqualTo("manual");
		Schedule after = schedule(engine, "manual");
		assertThat(after.runs()).isEqualTo(1);
		assertThat(after.lastTaskId()).isEqualTo(id);
		assertThat(after.nextDueAt()).isEqualTo(Instant.parse("2030-01-02T00:00:00Z"));
		assertThatExceptionOfType(ScheduleNotFoundException.class).isThrownBy(() -> engine.triggerSchedule("none"));
		assertThatExceptionOfType(ScheduleNotFoundException.class).isThrownBy(() -> engine.pauseSchedule("none"));
	}

	@Test
	void removeStopsFurtherTasks() {
		TaskEngine engine = engine();
		engine.upsertSchedule(every("gone", Duration.ofMinutes(10)).build());
		awaitRuns(engine, "gone", 1);

		assertThat(engine.removeSchedule("gone")).isTrue();
		assertThat(engine.removeSchedule("gone")).isFalse();
		advance(Duration.ofMinutes(30), engine);

		awaitRuns(engine, "gone", 1);
		assertThat(engine.getSchedule("gone")).isEmpty();
		assertThat(engine.schedules()).isEmpty();
	}

	@Test
	void aScheduleKeepsItsTaskOptions() {
		TaskEngine engine = startEngine(handler("tick", QUEUE, 1, (payload, ctx) -> null),
				handler("other", "elsewhere", 1, (payload, ctx) -> null));

		engine.upsertSchedule(every("options", Duration.ofHours(1))
			.options(TaskOptions.builder().queue("elsewhere").priority(7).maxAttempts(4).build())
			.build());

		Schedule stored = schedule(engine, "options");
		assertThat(stored.queue()).isEqualTo("elsewhere");
		assertThat(stored.priority()).isEqualTo(7);
		assertThat(stored.maxAttempts()).isEqualTo(4);
		await()
			.untilAsserted(() -> assertThat(engine.list(new TaskQuery("elsewhere", "tick", Set.of(), 10, null)).items())
				.singleElement()
				.satisfies((task) -> {
					assertThat(task.priority()).isEqualTo(7);
					assertThat(task.maxAttempts()).isEqualTo(4);
				}));
		assertThatExceptionOfType(UnknownTaskTypeException.class)
			.isThrownBy(() -> engine.upsertSchedule(ScheduleRequest.builder("x", "nobody").cron("@daily").build()));
	}

	@Test
	void aScheduleMovesToAnotherQueueInPlace() {
		TaskEngine engine = startEngine(handler("tick", QUEUE, 1, (payload, ctx) -> null),
				handler("other", "elsewhere", 1, (payload, ctx) -> null));
		engine
			.upsertSchedule(every("mover", Duration.ofMinutes(10)).startAt(START.plus(Duration.ofMinutes(10))).build());

		Schedule moved = engine
			.upsertSchedule(every("mover", Duration.ofMinutes(10)).startAt(START.plus(Duration.ofMinutes(10)))
				.options(TaskOptions.builder().queue("elsewhere").build())
				.build());
		advance(Duration.ofMinutes(10), engine);

		assertThat(moved.queue()).isEqualTo("elsewhere");
		assertThat(engine.schedules()).singleElement().satisfies((schedule) -> {
			assertThat(schedule.id()).isEqualTo("mover");
			assertThat(schedule.queue()).isEqualTo("elsewhere");
		});
		await()
			.untilAsserted(() -> assertThat(engine.list(new TaskQuery("elsewhere", "tick", Set.of(), 10, null)).items())
				.singleElement()
				.satisfies((task) -> assertThat(task.scheduleId()).isEqualTo("mover")));
		assertThat(engine.list(new TaskQuery(QUEUE, "tick", Set.of(), 10, null)).items()).as("none in the old queue")
			.isEmpty();
		assertThat(engine.removeSchedule("mover")).isTrue();
		assertThat(engine.schedules()).isEmpty();
	}

	@Test
	void scheduleChangesAreEventsOnEveryInstance() {
		TaskEngine engine = engine();
		TaskEngine peer = newEngine(peerBackend(), settings(), handler("tick", QUEUE, 1, (payload, ctx) -> null));
		List<TaskEvent> heard = new CopyOnWriteArrayList<>();
		peer.addListener(heard::add, EnumSet.of(TaskEventType.SCHEDULE_CREATED, TaskEventType.SCHEDULE_UPDATED,
				TaskEventType.SCHEDULE_REMOVED, TaskEventType.ADDED));
		ScheduleRequest request = every("evented", Duration.ofHours(1)).startAt(START.plus(Duration.ofHours(1)))
			.build();

		engine.upsertSchedule(request);
		engine.upsertSchedule(request);
		engine.pauseSchedule("evented");
		String taskId = engine.triggerSchedule("evented");
		engine.removeSchedule("evented");

		await().untilAsserted(() -> assertThat(heard).extracting(TaskEvent::type)
			.containsExactly(TaskEventType.SCHEDULE_CREATED, TaskEventType.SCHEDULE_UPDATED, TaskEventType.ADDED,
					TaskEventType.SCHEDULE_REMOVED));
		assertThat(heard).allSatisfy((event) -> {
			assertThat(event.scheduleId()).isEqualTo("evented");
			assertThat(event.queue()).isEqualTo(QUEUE);
		});
		assertThat(heard.get(2).taskId()).isEqualTo(taskId);
		assertThat(heard.get(0).taskId()).isNull();
		assertThat(TaskEventType.SCHEDULE_CREATED.value()).isEqualTo("schedule-created");
	}

	@Test
	void enginesSharingTheBackendMakeOneTaskPerDueTime() {
		TaskEngine first = engine();
		TaskEngine second = startEngine(handler("tick", QUEUE, 2, (payload, ctx) -> null));
		TaskEngine third = newEngine(peerBackend(), settings(), handler("tick", QUEUE, 2, (payload, ctx) -> null));
		third.start();
		first.upsertSchedule(every("shared", Duration.ofSeconds(30)).build());
		second.upsertSchedule(every("shared", Duration.ofSeconds(30)).build());
		third.upsertSchedule(every("shared", Duration.ofSeconds(30)).build());

		for (int i = 1; i <= 20; i++) {
			int runs = i;
			await().untilAsserted(() -> assertThat(schedule(first, "shared").runs()).isEqualTo(runs));
			advance(Duration.ofSeconds(30), first, second, third);
		}

		awaitRuns(first, "shared", 21);
		assertThat(tasksOf(first, "shared")).extracting(Task::occurrence)
			.containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 21).boxed().toList());
	}

}
