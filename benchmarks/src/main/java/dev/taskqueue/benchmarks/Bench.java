package dev.taskqueue.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What every benchmark group gets: the options, the result log, and the way to repeat a
 * measurement (an untimed warm-up run, then the repetitions, then their median).
 */
final class Bench {

	final Options options;

	final ResultLog log;

	final PrintStream out;

	private String current = "measurement";

	private boolean warming;

	Bench(Options options, ResultLog log, PrintStream out) {
		this.options = options;
		this.log = log;
		this.out = out;
	}

	/**
	 * A count scaled with {@code --n} (the defaults are for n = 50,000).
	 * @param base the count at the default n
	 * @return the scaled count, at least 20
	 */
	int scaled(int base) {
		return (int) Math.max(20, Math.min((long) base, (long) base * this.options.n() / 50_000));
	}

	/**
	 * Measures: a warm-up run (when enabled), then the repetitions, and logs their
	 * median.
	 * @param name the measurement's name, which {@code --only} selects by
	 * @param measurement the measurement
	 */
	void measure(String name, Measurement measurement) {
		measure(name, measurement, "rate");
	}

	/**
	 * Measures, ranking repetitions without rate or latency by an extra figure.
	 * @param name the measurement's name, which {@code --only} selects by
	 * @param measurement the measurement
	 * @param primary the figure that ranks the repetitions
	 */
	void measure(String name, Measurement measurement, String primary) {
		measure(name, measurement, primary, this.options.warmup());
	}

	/**
	 * Measures, with or without a warm-up run.
	 * @param name the measurement's name, which {@code --only} selects by
	 * @param measurement the measurement
	 * @param primary the figure that ranks repetitions without rate or latency
	 * @param warmup whether to run it once untimed first
	 */
	void measure(String name, Measurement measurement, String primary, boolean warmup) {
		if (!this.options.selects(name)) {
			return;
		}
		this.out.println("- " + name);
		this.current = name;
		if (warmup) {
			this.warming = true;
			try {
				measurement.run(true);
			}
			finally {
				this.warming = false;
			}
		}
		List<Result> reps = new ArrayList<>();
		for (int i = 0; i < this.options.reps(); i++) {
			reps.add(measurement.run(false));
		}
		Result median = Result.median(reps, primary);
		median.extra("name", name);
		this.log.add(median);
	}

	/**
	 * Starts profiling the timed part of the current repetition (with {@code --jfr}; not
	 * the warm-up run).
	 * @return what ends the recording when closed
	 */
	Profiling profile() {
		return Profiling.start(this.warming ? null : this.options.jfr(), this.current);
	}

	/** One run of a measurement. */
	@FunctionalInterface
	interface Measurement {

		/**
		 * Runs once.
		 * @param warmup true for the untimed warm-up run (which may be smaller)
		 * @return the result
		 */
		Result run(boolean warmup);

	}

}
