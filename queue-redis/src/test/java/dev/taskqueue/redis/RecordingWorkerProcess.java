package dev.taskqueue.redis;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.ForwardingTaskBackend;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.Retention;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskOutcome;

/**
 * An application instance in a JVM of its own for the chaos and graceful stop tests: runs
 * the {@code job} handler of one queue against the Redis at the given host and port, and
 * records every run in its {@link RunRecorder} file, outside the queue. The handler
 * sleeps for the payload's {@code ms} milliseconds. The instance keeps every finished
 * task (retention would otherwise remove what the tests inspect), and stops gracefully on
 * {@code SIGTERM} (a shutdown hook stops the engine).
 */
public final class RecordingWorkerProcess {

	/** The command timeout of the instance's Redis connection. */
	static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

	/** Keeps every finished task of a test run. */
	static final RetentionPolicy KEEP_ALL = new RetentionPolicy(new Retention(100_000_000, Duration.ofDays(7)),
			new Retention(100_000_000, Duration.ofDays(7)));

	private RecordingWorkerProcess() {
	}

	/**
	 * Runs the instance until it is killed or stopped.
	 * @param args host, port, queue, instance name, record file, concurrency, lease in
	 * milliseconds, stalls allowed, shutdown timeout in milliseconds
	 * @throws Exception if it cannot start
	 */
	public static void main(String[] args) throws Exception {
		String host = args[0];
		int port = Integer.parseInt(args[1]);
		String queue = args[2];
		RunRecorder recorder = new RunRecorder(Path.of(args[4]), args[3]);
		int concurrency = Integer.parseInt(args[5]);
		Duration lease = Duration.ofMillis(Long.parseLong(args[6]));
		int stalls = Integer.parseInt(args[7]);
		Duration shutdownTimeout = Duration.ofMillis(Long.parseLong(args[8]));

		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port),
				LettuceClientConfiguration.builder().commandTimeout(COMMAND_TIMEOUT).build());
		factory.afterPropertiesSet();
		factory.start();
		RedisTaskBackend redis = new RedisTaskBackend(factory, "tq", Clock.systemUTC(), KEEP_ALL,
				RedisTestTasks.MAPPER);
		TaskEngine engine = TaskEngine.builder()
			.backend(new AnsweringBackend(redis, recorder))
			.mapper(RedisTestTasks.MAPPER)
			.settings(EngineSettings.defaults()
				.withConcurrency(concurrency, Map.of())
				.withLease(lease, stalls)
				.withShutdownTimeout(shutdownTimeout))
			.handler(HandlerDefinition.of("job", queue, (payload, context) -> {
				int run = recorder.started(context.taskId(), context.attempt());
				try {
					// the work (a few ms in the chaos test)
					Thread.sleep(payload.path("ms").asLong());
				}
				catch (InterruptedException ex) {
					recorder.interrupted(run, context.taskId());
					throw ex;
				}
				recorder.ended(run, context.taskId());
				return null;
			}))
			.build();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			recorder.instance('D');
			engine.stop();
			recorder.instance('Z');
			redis.close();
			factory.destroy();
			stopped.countDown();
		}, "graceful-stop"));
		engine.start();
		recorder.instance('U');
		System.out.println("ready");
		System.out.flush();
		stopped.await();
	}

	/**
	 * Records what the backend answered to each outcome and hand-back, so that the tests
	 * know which runs the queue accepted.
	 */
	private static final class AnsweringBackend extends ForwardingTaskBackend {

		private final RunRecorder recorder;

		AnsweringBackend(RedisTaskBackend delegate, RunRecorder recorder) {
			super(delegate);
			this.recorder = recorder;
		}

		@Override
		public FinishResult finish(TaskOutcome outcome, boolean claimNext, Duration lease) {
			ClaimedTask claim = outcome.claim();
			String kind = (outcome instanceof TaskOutcome.Completed) ? "completed"
					: (((TaskOutcome.Failed) outcome).retryAt() != null) ? "retrying" : "failed";
			try {
				FinishResult result = super.finish(outcome, claimNext, lease);
				answered('F', claim, (result.accepted() ? "ok/" : "fenced/") + kind);
				return result;
			}
			catch (RuntimeException ex) {
				answered('F', claim, "error/" + kind);
				throw ex;
			}
		}

		@Override
		public boolean release(ClaimedTask claim) {
			try {
				boolean released = super.release(claim);
				answered('R', claim, released ? "ok" : "fenced");
				return released;
			}
			catch (RuntimeException ex) {
				answered('R', claim, "error");
				throw ex;
			}
		}

		private void answered(char kind, ClaimedTask claim, String answer) {
			this.recorder.answered(kind, claim.id(), claim.task().attempts(), answer);
		}

	}

}
