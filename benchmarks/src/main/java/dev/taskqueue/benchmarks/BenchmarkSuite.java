package dev.taskqueue.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Runs the benchmark suite: the groups chosen on the command line, each measurement
 * repeated (median reported), a table at the end, and one JSON line per result appended
 * to {@code <results>/<timestamp>.jsonl}. See {@code BENCHMARKS.md} at the repository
 * root.
 */
public final class BenchmarkSuite {

	private BenchmarkSuite() {
	}

	/**
	 * Runs the suite.
	 * @param args see {@link Options#USAGE}
	 */
	public static void main(String[] args) {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		int status = run(options, System.out);
		System.exit(status);
	}

	/**
	 * Runs the chosen groups.
	 * @param options the options
	 * @param out where the progress and the table go
	 * @return 0 when every group ran, 1 otherwise
	 */
	static int run(Options options, PrintStream out) {
		String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
		Map<String, Object> environment = new LinkedHashMap<>();
		environment.put("version", version());
		environment.put("cpu", Jvm.cpuModel());
		environment.put("cores", Runtime.getRuntime().availableProcessors());
		environment.put("java", Jvm.javaVersion());
		environment.put("load_avg_start", loadAverage());
		ResultLog log = new ResultLog(options.results().resolve(runId + ".jsonl"), runId, environment, out);
		Bench bench = new Bench(options, log, out);
		out.printf("taskqueue benchmarks %s: %s, %s cores, %s; load average %s%n", environment.get("version"),
				environment.get("cpu"), environment.get("cores"), environment.get("java"),
				environment.get("load_avg_start"));
		out.printf("groups %s, n=%d, %d repetition(s) (median), warm-up %s%n", options.groups(), options.n(),
				options.reps(), options.warmup() ? "on" : "off");
		long start = System.nanoTime();
		RedisServer redis = null;
		int status = 0;
		try {
			for (String group : options.groups()) {
				out.printf("%n== %s (load average %s)%n", group, loadAverage());
				try {
					if (!group.equals("memory") && !group.equals("jmh") && redis == null) {
						redis = RedisServer.start(options.redisServer());
						environment.put("redis", redis.version());
						out.println("redis-server " + redis.version() + " on port " + redis.port());
					}
					switch (group) {
						case "memory" -> new MemoryBenchmarks(bench).run();
						case "jmh" -> new JmhBenchmarks(bench).run();
						case "redis" -> new RedisBenchmarks(bench, redis).run();
						case "floor" -> new RedisFloor(bench, redis).run();
						case "scaling" -> new ScalingBenchmarks(bench, redis).run();
						default -> throw new IllegalArgumentException(group);
					}
				}
				catch (RuntimeException ex) {
					status = 1;
					out.println("group " + group + " failed: " + ex);
					ex.printStackTrace(out);
				}
			}
		}
		finally {
			if (redis != null) {
				redis.close();
			}
		}
		environment.put("load_avg_end", loadAverage());
		environment.put("seconds", (System.nanoTime() - start) / 1_000_000_000L);
		log.environment(environment);
		log.printTable();
		out.printf("%s in %d s; load average at start %s, at end %s%n", (status == 0) ? "done" : "FAILED",
				environment.get("seconds"), environment.get("load_avg_start"), environment.get("load_avg_end"));
		return status;
	}

	static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return parts[0] + " " + parts[1] + " " + parts[2];
		}
		catch (IOException | RuntimeException ex) {
			return "?";
		}
	}

	private static String version() {
		try (InputStream in = BenchmarkSuite.class.getResourceAsStream("/benchmarks.properties")) {
			Properties properties = new Properties();
			if (in != null) {
				properties.load(in);
			}
			return properties.getProperty("version", "?");
		}
		catch (IOException ex) {
			return "?";
		}
	}

}
