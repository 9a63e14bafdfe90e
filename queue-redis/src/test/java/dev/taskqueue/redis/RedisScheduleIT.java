package dev.taskqueue.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.Schedule;
import dev.taskqueue.Task;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.spi.RetentionPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Schedules across instances on a real Redis, on real time: instances that all declare
 * the same schedule make exactly one task per due time, when one of them (a JVM of its
 * own) is killed with {@code SIGKILL} in the middle of the run, when ten start at once,
 * and when every instance restarts after missing due times (one catch-up task, not one
 * per missed due time).
 */
class RedisScheduleIT {

	private static final Duration EVERY = Duration.ofMillis(200);

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void threeInstancesMakeOneTaskPerDueTimeWhileOneIsKilled() throws Exception {
		RedisServerSupport redis = this.resources.ownServer(false);
		List<String> first = new CopyOnWriteArrayList<>();
		List<String> second = new CopyOnWriteArrayList<>();
		Process doomed = startJvm(redis, "ticker", first);
		Process survivor = startJvm(redis, "ticker", second);
		TaskEngine local = engine(backend(redis), true);
		local.upsertSchedule(ScheduleFiringProcess.declared("ticker", EVERY));
		local.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> first.contains("ready") && second.contains("ready"));

		await().atMost(Duration.ofSeconds(60)).until(() -> runs(local, "ticker") >= 30);
		doomed.destroyForcibly().waitFor();
		long killedAt = runs(local, "ticker");
		await().atMost(Duration.ofSeconds(60)).until(() -> runs(local, "ticker") >= killedAt + 40);
		local.pauseSchedule("ticker");
		survivor.destroyForcibly().waitFor();

		List<Task> tasks = tasksOf(local, "ticker");
		assertOnePerDueTime(local.getSchedule("ticker").orElseThrow(), tasks);
		assertThat(tasks).hasSizeGreaterThanOrEqualTo(70);
		System.out.printf(
				"RedisScheduleIT: %d due times every %d ms over three instances, one killed after %d: "
						+ "%d tasks, none twice; %d due times late enough to be skipped; made after their due time by "
						+ "%s%n",
				tasks.size(), EVERY.toMillis(), killedAt, tasks.size(), skipped(tasks), lateness(tasks));
	}

	@Test
	void tenInstancesStartingAtOnceMakeOneScheduleAndARestartMakesOneCatchUpTask() throws Exception {
		RedisServerSupport redis = this.resources.ownServer(false);
		List<TaskEngine> engines = startTogether(redis, 10);
		TaskEngine observer = engines.get(0);
		await().atMost(Duration.ofSeconds(30)).until(() -> runs(observer, "together") >= 20);
		engines.forEach(TaskEngine::stop);
		Schedule stopped = observer.getSchedule("together").orElseThrow();
		Instant gapEnd = stopped.nextDueAt().plus(EVERY.multipliedBy(10));
		// ten due times pass while no instance runs
		await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(gapEnd));

		List<TaskEngine> restarted = startTogether(redis, 10);
		await().atMost(Duration.ofSeconds(30)).until(() -> runs(restarted.get(0), "together") >= stopped.runs() + 10);
		restarted.forEach(TaskEngine::stop);

		assertThat(observer.schedules()).extracting(Schedule::id).containsExactly("together");
		List<Task> tasks = tasksOf(observer, "together");
		assertOnePerDueTime(observer.getSchedule("together").orElseThrow(), tasks);
		List<Task> inGap = tasks.stream()
			.filter((task) -> !task.scheduledAt().isBefore(stopped.nextDueAt()) && task.scheduledAt().isBefore(gapEnd))
			.toList();
		assertThat(inGap).as("one catch-up task for the due times missed while every instance was stopped").hasSize(1);
	}

	private List<TaskEngine> startTogether(RedisServerSupport redis, int count) throws InterruptedException {
		List<TaskEngine> engines = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			engines.add(engine(backend(redis), i == 0));
		}
		CountDownLatch go = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		for (TaskEngine engine : engines) {
			Thread thread = new Thread(() -> {
				try {
					go.await();
					engine.upsertSchedule(ScheduleFiringProcess.declared("together", EVERY));
					engine.start();
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
			});
			thread.start();
			threads.add(thread);
		}
		go.countDown();
		for (Thread thread : threads) {
			thread.join(30_000);
			assertThat(thread.isAlive()).as("engine started within 30 s").isFalse();
		}
		assertThat(failures).isEmpty();
		return engines;
	}

	/**
	 * Every task of the schedule has its own due time and run number, the run numbers are
	 * 1 to the schedule's runs, and every due time is on the schedule's grid.
	 */
	private static void assertOnePerDueTime(Schedule schedule, List<Task> tasks) {
		assertThat(tasks).extracting(Task::scheduledAt).doesNotHaveDuplicates();
		assertThat(tasks).extracting(Task::occurrence)
			.containsExactlyElementsOf(IntStream.rangeClosed(1, (int) schedule.runs()).boxed().toList());
		Instant first = tasks.get(0).scheduledAt();
		assertThat(tasks)
			.allSatisfy((task) -> assertThat(Duration.between(first, task.scheduledAt()).toNanos() % EVERY.toNanos())
				.as("due time %s on the grid", task.scheduledAt())
				.isZero());
	}

	private static long skipped(List<Task> tasks) {
		long skipped = 0;
		for (int i = 1; i < tasks.size(); i++) {
			skipped += Duration.between(tasks.get(i - 1).scheduledAt(), tasks.get(i).scheduledAt()).dividedBy(EVERY)
					- 1;
		}
		return skipped;
	}

	/** How late tasks were made: median, 90th percentile and maximum, in milliseconds. */
	private static String lateness(List<Task> tasks) {
		List<Long> late = tasks.stream()
			.map((task) -> Duration.between(task.scheduledAt(), task.createdAt()).toMillis())
			.sorted()
			.toList();
		return "p50 " + late.get(late.size() / 2) + " ms, p90 " + late.get(late.size() * 9 / 10) + " ms, max "
				+ late.get(late.size() - 1) + " ms";
	}

	private static long runs(TaskQueue queue, String id) {
		return queue.getSchedule(id).map(Schedule::runs).orElse(0L);
	}

	private static List<Task> tasksOf(TaskQueue queue, String scheduleId) {
		return queue.list(new TaskQuery("ticks", "tick", Set.of(), TaskQuery.MAX_LIMIT, null))
			.items()
			.stream()
			.filter((task) -> scheduleId.equals(task.scheduleId()))
			.sorted(Comparator.comparing(Task::occurrence))
			.toList();
	}

	private Process startJvm(RedisServerSupport redis, String id, List<String> lines) throws Exception {
		return ChildJvm.start(this.resources, lines, ScheduleFiringProcess.class, redis.host(),
				Integer.toString(redis.port()), id, Long.toString(EVERY.toMillis()));
	}

	private RedisTaskBackend backend(RedisServerSupport redis) {
		LettuceConnectionFactory factory = redis.connectionFactory();
		this.resources.add(factory::destroy);
		return this.resources.add(new RedisTaskBackend(factory, "tq", Clock.systemUTC(), RetentionPolicy.defaults(),
				RedisTestTasks.MAPPER));
	}

	private TaskEngine engine(RedisTaskBackend backend, boolean works) {
		TaskEngine engine = TaskEngine.builder()
			.backend(backend)
			.mapper(RedisTestTasks.MAPPER)
			.settings(EngineSettings.defaults().withWorkerEnabled(works).withShutdownTimeout(Duration.ofMillis(200)))
			.handler(HandlerDefinition.of("tick", "ticks", (payload, context) -> null))
			.build();
		return this.resources.add(engine);
	}

}
