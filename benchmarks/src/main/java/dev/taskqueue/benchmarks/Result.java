package dev.taskqueue.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One measurement: what was measured (operation, backend, concurrency, task count) and
 * its figures (rate in tasks per second, latency percentiles in microseconds, and any
 * other named figure). Not thread-safe; built by one benchmark thread.
 */
final class Result {

	final String group;

	final String backend;

	final String op;

	final int conc;

	final long n;

	double rate = Double.NaN;

	double p50 = Double.NaN;

	double p99 = Double.NaN;

	double p999 = Double.NaN;

	String target;

	final Map<String, Object> extras = new LinkedHashMap<>();

	Result(String group, String backend, String op, int conc, long n) {
		this.group = group;
		this.backend = backend;
		this.op = op;
		this.conc = conc;
		this.n = n;
	}

	Result rate(long tasks, long nanos) {
		this.rate = tasks * 1e9 / nanos;
		return this;
	}

	Result latency(Latencies.Percentiles percentiles) {
		this.p50 = percentiles.p50();
		this.p99 = percentiles.p99();
		this.p999 = percentiles.p999();
		this.extras.put("max_us", round(percentiles.max()));
		return this;
	}

	Result extra(String name, Object value) {
		this.extras.put(name, (value instanceof Double number) ? round(number) : value);
		return this;
	}

	Result target(String text) {
		this.target = text;
		return this;
	}

	/**
	 * The median of repetitions of one measurement: rate and each percentile are the
	 * medians of their own values; the other figures come from the repetition whose main
	 * figure (the rate, else the p99, else {@code primary}) is the median. The values of
	 * every repetition are kept under {@code <figure>_reps}.
	 * @param reps the repetitions, at least one
	 * @param primary the figure that ranks repetitions without rate and latency
	 * @return the median result
	 */
	static Result median(List<Result> reps, String primary) {
		Result first = reps.get(0);
		ToDoubleFunction<Result> rank;
		String rankName;
		if (!Double.isNaN(first.rate)) {
			rank = (r) -> r.rate;
			rankName = "rate";
		}
		else if (!Double.isNaN(first.p99)) {
			rank = (r) -> r.p99;
			rankName = "p99_us";
		}
		else {
			rank = (r) -> ((Number) r.extras.get(primary)).doubleValue();
			rankName = primary;
		}
		List<Result> sorted = new ArrayList<>(reps);
		sorted.sort(Comparator.comparingDouble(rank));
		Result middle = sorted.get(sorted.size() / 2);
		Result out = new Result(first.group, first.backend, first.op, first.conc, first.n);
		out.rate = medianOf(reps, (r) -> r.rate);
		out.p50 = medianOf(reps, (r) -> r.p50);
		out.p99 = medianOf(reps, (r) -> r.p99);
		out.p999 = medianOf(reps, (r) -> r.p999);
		out.target = first.target;
		out.extras.putAll(middle.extras);
		if (reps.size() > 1) {
			out.extras.put(rankName + "_reps", reps.stream().map((r) -> round(rank.applyAsDouble(r))).toList());
			if (!rankName.equals("p99_us") && !Double.isNaN(first.p99)) {
				out.extras.put("p99_us_reps", reps.stream().map((r) -> round(r.p99)).toList());
			}
		}
		return out;
	}

	private static double medianOf(List<Result> reps, ToDoubleFunction<Result> figure) {
		double[] values = reps.stream().mapToDouble(figure).sorted().toArray();
		return values[values.length / 2];
	}

	static double round(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return value;
		}
		double scale = (Math.abs(value) >= 100) ? 1 : (Math.abs(value) >= 1) ? 10 : 1000;
		return Math.round(value * scale) / scale;
	}

}
