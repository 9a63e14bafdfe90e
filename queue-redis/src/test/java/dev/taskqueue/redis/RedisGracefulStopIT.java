package dev.taskqueue.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.Task;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.redis.RunHistory.Run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Graceful stop of a worker JVM on {@code SIGTERM} while it drains a queue with another
 * worker JVM: its engine stops claiming, lets running tasks finish for up to the shutdown
 * timeout, then interrupts the rest and hands them back, and the other worker takes those
 * at once. Both record their runs ({@link RunRecorder}); the test asserts from those
 * records and the queue's final state that no task is lost, that nothing runs twice but
 * the tasks interrupted at the timeout, and that those were handed back (their attempt
 * not counted) and taken again well before their lease would have expired.
 */
class RedisGracefulStopIT {

	private static final String QUEUE = "stopping";

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(1);

	/** Long enough that a task taken again before it ran out was handed back. */
	private static final Duration LEASE = Duration.ofSeconds(30);

	/**
	 * How long after the stop begins the engine may still start a task it had in hand.
	 */
	private static final long START_SLACK_MILLIS = 500;

	private static final int TASKS = 120;

	/** Every so many tasks one outlives the shutdown timeout. */
	private static final int LONG_EVERY = 12;

	/** Every so many tasks one takes part of the shutdown timeout. */
	private static final int MEDIUM_EVERY = 4;

	private static final int SHORT_MILLIS = 20;

	private static final int MEDIUM_MILLIS = 700;

	private static final int LONG_MILLIS = 4000;

	@RegisterExtension
	final TestResources resources = new TestResources();

	private final List<WorkerJvm> jvms = new ArrayList<>();

	@AfterEach
	void tearDown() {
		this.jvms.forEach(WorkerJvm::destroy);
	}

	@Test
	void aWorkerStoppedMidDrainLosesNothingAndHandsBackOnlyWhatOutlivedTheTimeout() throws Exception {
		Path directory = Files.createDirectories(Path.of("target", "graceful-stop",
				LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
		RedisServerSupport redis = this.resources.ownServer(false);
		LettuceConnectionFactory factory = redis.connectionFactory();
		this.resources.add(factory::destroy);
		RedisTaskBackend backend = new RedisTaskBackend(factory, "tq", Clock.systemUTC(),
				RecordingWorkerProcess.KEEP_ALL, RedisTestTasks.MAPPER);
		this.resources.add(backend);
		TaskEngine producer = TaskEngine.builder()
			.backend(backend)
			.mapper(RedisTestTasks.MAPPER)
			.settings(EngineSettings.defaults().withWorkerEnabled(false))
			.handler(HandlerDefinition.of("job", QUEUE, (payload, context) -> null))
			.build();

		WorkerJvm stopping = worker(redis, directory, "stopping");
		WorkerJvm staying = worker(redis, directory, "staying");
		stopping.awaitReady();
		staying.awaitReady();
		List<String> ids = new ArrayList<>();
		Set<String> longTasks = new HashSet<>();
		Set<String> mediumTasks = new HashSet<>();
		for (int i = 0; i < TASKS; i++) {
			boolean isLong = i % LONG_EVERY == 0;
			boolean isMedium = !isLong && i % MEDIUM_EVERY == 0;
			String id = producer.enqueue("job",
					Map.of("ms", isLong ? LONG_MILLIS : isMedium ? MEDIUM_MILLIS : SHORT_MILLIS));
			ids.add(id);
			if (isLong) {
				longTasks.add(id);
			}
			if (isMedium) {
				mediumTasks.add(id);
			}
		}

		// mid-drain: it has finished some tasks, runs a long one that will outlive the
		// timeout (to be handed back) and has just started a medium one (to finish while
		// the stop waits)
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
			RunHistory history = RunHistory.read(directory);
			List<Run> mine = runsOf(history, ids, "stopping");
			long now = System.currentTimeMillis();
			return mine.stream().filter((run) -> run.endedAt() != null).count() >= 3
					&& mine.stream()
						.anyMatch((run) -> longTasks.contains(run.taskId()) && run.endedAt() == null
								&& now - run.startedAt() < LONG_MILLIS - SHUTDOWN_TIMEOUT.toMillis() - 1000)
					&& mine.stream()
						.anyMatch((run) -> mediumTasks.contains(run.taskId()) && run.endedAt() == null
								&& now - run.startedAt() < MEDIUM_MILLIS - 400);
		});
		stopping.terminate();
		assertThat(stopping.awaitExit(SHUTDOWN_TIMEOUT.plusSeconds(20))).as("stops within its shutdown timeout")
			.isTrue();
		assertThat(stopping.exitValue()).as("exit status after SIGTERM (128 + 15)").isEqualTo(143);
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> backend.stats(QUEUE).count(TaskStatus.COMPLETED) == TASKS);
		staying.terminate();
		assertThat(staying.awaitExit(Duration.ofSeconds(30))).isTrue();

		RunHistory history = RunHistory.read(directory);
		long stopBegan = history.instanceEvent("stopping", 'D');
		long stopEnded = history.instanceEvent("stopping", 'Z');
		List<String> problems = new ArrayList<>();
		List<String> handedBack = new ArrayList<>();
		int finishedDuringStop = 0;
		for (String id : ids) {
			Task task = backend.find(id).orElse(null);
			List<Run> runs = history.runsOf(id);
			String timeline = id + " " + runs;
			if (task == null || task.status() != TaskStatus.COMPLETED) {
				problems.add("not completed: " + timeline + " " + ((task != null) ? task.status() : "missing"));
				continue;
			}
			if (runs.stream().filter(Run::accepted).count() != 1) {
				problems.add("not exactly one recorded outcome: " + timeline);
			}
			for (Run run : runs) {
				if (run.instance().equals("stopping") && run.startedAt() > stopBegan + START_SLACK_MILLIS) {
					problems.add("started after the stop began at " + RunHistory.time(stopBegan) + ": " + timeline);
				}
				if (run.instance().equals("stopping") && run.startedAt() <= stopBegan && run.accepted()
						&& run.endedAt() != null && run.endedAt() > stopBegan) {
					finishedDuringStop++;
				}
			}
			if (runs.size() == 1) {
				if (task.attempts() != 1) {
					problems.add("ran once in " + task.attempts() + " attempts: " + timeline);
				}
				continue;
			}
			Run first = runs.get(0);
			Run second = runs.get(1);
			boolean explained = runs.size() == 2 && first.instance().equals("stopping") && !first.accepted()
					&& first.interruptedAt() != null
					&& first.interruptedAt() >= stopBegan + SHUTDOWN_TIMEOUT.toMillis() - 20
					&& "ok".equals(first.release()) && second.instance().equals("staying") && second.accepted()
					&& second.startedAt() - first.releasedAt() < LEASE.toMillis() / 3 && task.attempts() == 1;
			if (explained) {
				handedBack.add(id);
			}
			else {
				problems.add("ran twice, but not as a task interrupted at the shutdown timeout and handed back "
						+ "(attempts " + task.attempts() + "): " + timeline);
			}
		}
		System.out.printf(
				"RedisGracefulStopIT: %d tasks (%d of %d ms, %d of %d ms, the rest %d ms), SIGTERM mid-drain, shutdown timeout %d ms: "
						+ "stopped in %d ms, %d task(s) finished during the stop, %d interrupted and handed back, "
						+ "taken by the other worker; %d problems%n",
				TASKS, longTasks.size(), LONG_MILLIS, mediumTasks.size(), MEDIUM_MILLIS, SHORT_MILLIS,
				SHUTDOWN_TIMEOUT.toMillis(), stopEnded - stopBegan, finishedDuringStop, handedBack.size(),
				problems.size());
		assertThat(problems).isEmpty();
		assertThat(handedBack).as("tasks interrupted at the timeout").isNotEmpty().allMatch(longTasks::contains);
		assertThat(finishedDuringStop).as("tasks that finished while the stop waited").isPositive();
		assertThat(stopEnded - stopBegan).as("the stop took the shutdown timeout, not much more")
			.isBetween(SHUTDOWN_TIMEOUT.toMillis() - 20, SHUTDOWN_TIMEOUT.toMillis() + 5000);
		assertThat(backend.stats(QUEUE).metrics().processed()).isEqualTo(TASKS);
		assertThat(history.brokenLines()).isEmpty();
	}

	private WorkerJvm worker(RedisServerSupport redis, Path directory, String instance) {
		WorkerJvm worker = WorkerJvm.start(redis, QUEUE, instance, directory, 4, LEASE, 2, SHUTDOWN_TIMEOUT);
		this.jvms.add(worker);
		return worker;
	}

	private static List<Run> runsOf(RunHistory history, List<String> ids, String instance) {
		List<Run> runs = new ArrayList<>();
		for (String id : ids) {
			history.runsOf(id).stream().filter((run) -> run.instance().equals(instance)).forEach(runs::add);
		}
		return runs;
	}

}
