package dev.taskqueue.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Collects the results of a run: appends each one as a JSON line to the results file as
 * soon as it is known (so an interrupted run keeps what it measured), echoes it, and
 * prints them all as a table at the end. Field names follow BullMQ's peer benchmark where
 * they overlap ({@code peer, version, backend, op, conc, n, rate, p50_ms, p99_ms,
 * rss_mb}).
 */
final class ResultLog {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private final Path file;

	private final String run;

	private final Map<String, Object> environment;

	private final List<Result> results = new ArrayList<>();

	private final PrintStream out;

	ResultLog(Path file, String run, Map<String, Object> environment, PrintStream out) {
		this.file = file;
		this.run = run;
		this.environment = environment;
		this.out = out;
	}

	Path file() {
		return this.file;
	}

	void add(Result result) {
		this.results.add(result);
		String line = JSON.writeValueAsString(fields(result));
		append(line);
		this.out.println("  " + line);
		this.out.flush();
	}

	/**
	 * Appends the run's environment (machine, versions, load average) as one line.
	 * @param values the environment
	 */
	void environment(Map<String, Object> values) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("peer", "taskqueue");
		fields.put("op", "environment");
		fields.putAll(values);
		fields.put("run", this.run);
		append(JSON.writeValueAsString(fields));
	}

	private void append(String line) {
		try {
			Files.createDirectories(this.file.getParent());
			Files.writeString(this.file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + this.file, ex);
		}
	}

	private Map<String, Object> fields(Result result) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("peer", "taskqueue");
		fields.put("version", this.environment.get("version"));
		fields.put("backend", result.backend);
		fields.put("op", result.op);
		fields.put("conc", result.conc);
		fields.put("n", result.n);
		putNumber(fields, "rate", Result.round(result.rate));
		putNumber(fields, "p50_us", Result.round(result.p50));
		putNumber(fields, "p99_us", Result.round(result.p99));
		putNumber(fields, "p999_us", Result.round(result.p999));
		putNumber(fields, "p50_ms", result.p50 / 1000);
		putNumber(fields, "p99_ms", result.p99 / 1000);
		fields.putAll(result.extras);
		if (result.target != null) {
			fields.put("target", result.target);
		}
		fields.put("group", result.group);
		fields.put("run", this.run);
		fields.put("rss_mb", Jvm.peakRssMegabytes());
		return fields;
	}

	private static void putNumber(Map<String, Object> fields, String name, double value) {
		if (!Double.isNaN(value)) {
			fields.put(name, (Math.abs(value) < 1 && value != 0) ? Math.round(value * 1000) / 1000.0 : value);
		}
	}

	/** Prints every result as one table. */
	void printTable() {
		String format = "%-8s %-46s %5s %8s %12s %10s %10s %10s  %-14s %s%n";
		this.out.println();
		this.out.printf(Locale.ROOT, format, "group", "operation", "conc", "n", "rate/s", "p50 us", "p99 us", "p999 us",
				"target", "other figures");
		for (Result result : this.results) {
			this.out.printf(Locale.ROOT, format, result.group, shorten(result.backend + ": " + result.op, 46),
					result.conc, result.n, number(result.rate), number(result.p50), number(result.p99),
					number(result.p999), (result.target != null) ? result.target : "", others(result));
		}
		this.out.println();
		this.out.println("JSON lines: " + this.file);
	}

	private static String others(Result result) {
		return result.extras.entrySet()
			.stream()
			.filter((entry) -> !entry.getKey().endsWith("_reps") && !entry.getKey().equals("top_commands_per_task")
					&& !entry.getKey().equals("calls_per_task") && !entry.getKey().equals("max_us"))
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining(" "));
	}

	private static String number(double value) {
		if (Double.isNaN(value)) {
			return "-";
		}
		return (value >= 100) ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
	}

	private static String shorten(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max - 1) + "~";
	}

}
