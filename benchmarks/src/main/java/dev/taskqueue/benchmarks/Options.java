package dev.taskqueue.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The suite's command-line options.
 *
 * @param groups the groups to run, in order
 * @param n tasks per Redis measurement (the in-memory throughput runs use 20 times as
 * many); 50,000 by default, as BullMQ's peer benchmark
 * @param reps repetitions of each measurement; the median is reported
 * @param results the folder the JSON lines go to
 * @param redisServer the {@code redis-server} binary
 * @param warmup whether each measurement is run once, untimed, before its repetitions
 * @param only run only the measurements whose name contains one of these, or all when
 * empty
 * @param jfr where to write a JFR recording of each repetition's timed part, or
 * {@code null} for none
 */
record Options(List<String> groups, int n, int reps, Path results, String redisServer, boolean warmup,
		List<String> only, Path jfr) {

	static final List<String> ALL = List.of("memory", "jmh", "redis", "floor", "scaling");

	static final String USAGE = """
			Usage: java -jar benchmarks/target/benchmarks.jar [options]
			  --group G[,G...]   groups to run: memory, jmh, redis, floor, scaling, all (default: all)
			  --n N              tasks per Redis measurement (default 50000; memory throughput uses 20 x N)
			  --reps R           repetitions per measurement, the median is reported (default 3)
			  --results DIR      folder for the JSON lines (default benchmarks/results)
			  --redis-server BIN the redis-server binary (default redis-server on the PATH)
			  --no-warmup        skip the untimed warm-up run of each measurement
			  --only NAME[,...]  run only the measurements whose name contains NAME (names are printed
			                     as "- name" and kept in the JSON lines as "name")
			  --jfr DIR          record JFR execution samples of each timed part to DIR/<name>-<rep>.jfr
			                     (summarise with: java -cp benchmarks.jar dev.taskqueue.benchmarks.JfrTop FILE...)
			""";

	static Options parse(String[] args) {
		Set<String> groups = new LinkedHashSet<>();
		int n = 50_000;
		int reps = 3;
		Path results = Path.of("benchmarks", "results");
		String redisServer = "redis-server";
		boolean warmup = true;
		List<String> only = new ArrayList<>();
		Path jfr = null;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			switch (arg) {
				case "--group", "-g" -> {
					for (String group : value(args, ++i, arg).split(",")) {
						if (group.equals("all")) {
							groups.addAll(ALL);
						}
						else if (ALL.contains(group)) {
							groups.add(group);
						}
						else {
							throw new IllegalArgumentException("unknown group '" + group + "'\n" + USAGE);
						}
					}
				}
				case "--n" -> n = Integer.parseInt(value(args, ++i, arg));
				case "--reps" -> reps = Integer.parseInt(value(args, ++i, arg));
				case "--results" -> results = Path.of(value(args, ++i, arg));
				case "--redis-server" -> redisServer = value(args, ++i, arg);
				case "--no-warmup" -> warmup = false;
				case "--jfr" -> jfr = Path.of(value(args, ++i, arg));
				case "--only" -> only.addAll(List.of(value(args, ++i, arg).split(",")));
				case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
				default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
			}
		}
		if (n < 10 || reps < 1) {
			throw new IllegalArgumentException("--n must be at least 10 and --reps at least 1\n" + USAGE);
		}
		if (groups.isEmpty()) {
			groups.addAll(ALL);
		}
		// keep the documented order whatever the order on the command line
		List<String> ordered = new ArrayList<>(ALL);
		ordered.retainAll(groups);
		return new Options(ordered, n, reps, results, redisServer, warmup, List.copyOf(only), jfr);
	}

	/**
	 * Whether a measurement is to run.
	 * @param name its name
	 * @return true if no {@code --only} was given or one of its values is part of the
	 * name
	 */
	boolean selects(String name) {
		return this.only.isEmpty() || this.only.stream().anyMatch(name::contains);
	}

	private static String value(String[] args, int i, String option) {
		if (i >= args.length) {
			throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
		}
		return args[i];
	}

}
