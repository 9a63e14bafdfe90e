package dev.taskqueue.benchmarks;

import java.util.Collection;

import dev.taskqueue.redis.RedisRecordBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks of this module ({@link InMemoryPathBenchmark},
 * {@link RedisRecordBenchmark}) in a forked JVM and logs each score as a result (JMH's
 * own error bounds kept beside it). With a small {@code --n} (a smoke run) the iterations
 * shrink to a fraction of a second.
 */
final class JmhBenchmarks {

	private static final String GROUP = "jmh";

	private final Bench bench;

	JmhBenchmarks(Bench bench) {
		this.bench = bench;
	}

	void run() {
		if (!this.bench.options.selects("jmh-path")) {
			return;
		}
		boolean quick = this.bench.options.n() < 50_000;
		OptionsBuilder options = new OptionsBuilder();
		options.include(InMemoryPathBenchmark.class.getName());
		options.include(RedisRecordBenchmark.class.getName());
		options.verbosity(VerboseMode.SILENT);
		if (quick) {
			options.warmupIterations(1).measurementIterations(1);
			options.warmupTime(TimeValue.milliseconds(200)).measurementTime(TimeValue.milliseconds(200));
		}
		Collection<RunResult> results;
		try {
			results = new Runner(options.build()).run();
		}
		catch (RunnerException ex) {
			throw new IllegalStateException("JMH failed: " + ex.getMessage(), ex);
		}
		for (RunResult run : results) {
			String method = run.getParams().getBenchmark();
			method = method.substring(method.lastIndexOf('.') + 1);
			org.openjdk.jmh.results.Result<?> score = run.getPrimaryResult();
			String backend = run.getParams().getBenchmark().startsWith(RedisRecordBenchmark.class.getName()) ? "redis"
					: "memory";
			Result result = new Result(GROUP, backend, "JMH " + method + " (1 thread)", run.getParams().getThreads(),
					0);
			result.rate = score.getScore();
			result.extra("score_error", score.getScoreError());
			result.extra("unit", score.getScoreUnit());
			result.extra("ns_per_op", 1e9 / score.getScore());
			result.extra("name", "jmh-path-" + method);
			this.bench.log.add(result);
		}
	}

}
