package dev.taskqueue.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The task runs that worker JVMs recorded with {@link RunRecorder}, read back from their
 * files: per task, each run with its instance, attempt and the times its handler started,
 * ended or was interrupted, and what the backend answered to its outcome or hand-back.
 */
final class RunHistory {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
		.withZone(ZoneId.systemDefault());

	private final Map<String, List<Run>> byTask = new LinkedHashMap<>();

	private final Map<String, Map<Character, Long>> instanceEvents = new HashMap<>();

	private final List<String> brokenLines = new ArrayList<>();

	private final List<String> unstartedAnswers = new ArrayList<>();

	private int runCount;

	private RunHistory() {
	}

	/**
	 * Reads every {@code *.runs} file of a directory.
	 * @param directory the directory
	 * @return the history
	 */
	static RunHistory read(Path directory) {
		RunHistory history = new RunHistory();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".runs")).sorted().toList()) {
				history.readFile(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		history.byTask.values().forEach((runs) -> runs.sort(Comparator.comparingLong(Run::startedAt)));
		return history;
	}

	private void readFile(Path file) throws IOException {
		String text = Files.readString(file, StandardCharsets.US_ASCII);
		String[] lines = text.split("\n", -1);
		Map<Integer, Run> runs = new HashMap<>();
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			boolean last = i == lines.length - 1;
			if (line.isEmpty() && last) {
				continue;
			}
			String[] fields = line.split(" ");
			if (fields.length != 6 || fields[0].length() != 1 || (last && !text.endsWith("\n"))) {
				this.brokenLines.add(file.getFileName() + ":" + (i + 1) + (last ? " (last line)" : "") + ": " + line);
				continue;
			}
			char kind = fields[0].charAt(0);
			String instance = fields[1];
			int number = Integer.parseInt(fields[2]);
			String taskId = fields[3];
			long at = Long.parseLong(fields[4]);
			String detail = fields[5];
			if (kind == 'U' || kind == 'D' || kind == 'Z') {
				this.instanceEvents.computeIfAbsent(instance, (key) -> new HashMap<>()).put(kind, at);
				continue;
			}
			if (kind == 'S') {
				Run run = new Run(instance, number, taskId, Integer.parseInt(detail), at);
				runs.put(number, run);
				this.byTask.computeIfAbsent(taskId, (key) -> new ArrayList<>()).add(run);
				this.runCount++;
				continue;
			}
			Run run = runs.get(number);
			if (run == null) {
				this.unstartedAnswers.add(line);
				continue;
			}
			switch (kind) {
				case 'E' -> run.endedAt = at;
				case 'I' -> run.interruptedAt = at;
				case 'F' -> {
					run.answer = detail;
					run.answeredAt = at;
				}
				case 'R' -> {
					run.release = detail;
					run.releasedAt = at;
				}
				default -> this.brokenLines.add(file.getFileName() + ":" + (i + 1) + ": " + line);
			}
		}
	}

	Set<String> taskIds() {
		return this.byTask.keySet();
	}

	/**
	 * The runs of a task, in the order they started.
	 * @param taskId the task
	 * @return its runs, possibly none
	 */
	List<Run> runsOf(String taskId) {
		return this.byTask.getOrDefault(taskId, List.of());
	}

	int runCount() {
		return this.runCount;
	}

	/**
	 * When an instance was up ({@code U}), began to stop ({@code D}) or had stopped
	 * ({@code Z}).
	 * @param instance the instance
	 * @param kind the event
	 * @return the time, or {@code null} if it did not record the event
	 */
	Long instanceEvent(String instance, char kind) {
		return this.instanceEvents.getOrDefault(instance, Map.of()).get(kind);
	}

	/**
	 * Lines that could not be read: a JVM killed while writing leaves at most its last
	 * line cut.
	 * @return the lines, with file and line number
	 */
	List<String> brokenLines() {
		return this.brokenLines;
	}

	/**
	 * Answers to claims whose handler never started (handed back before it ran).
	 * @return the lines
	 */
	List<String> unstartedAnswers() {
		return this.unstartedAnswers;
	}

	/**
	 * A time as the timelines print it.
	 * @param epochMillis the time
	 * @return the local time of day, to the millisecond
	 */
	static String time(long epochMillis) {
		return TIME.format(Instant.ofEpochMilli(epochMillis));
	}

	/** One run of a task's handler on one instance. */
	static final class Run {

		private final String instance;

		private final int number;

		private final String taskId;

		private final int attempt;

		private final long startedAt;

		private Long endedAt;

		private Long interruptedAt;

		private String answer;

		private Long answeredAt;

		private String release;

		private Long releasedAt;

		Run(String instance, int number, String taskId, int attempt, long startedAt) {
			this.instance = instance;
			this.number = number;
			this.taskId = taskId;
			this.attempt = attempt;
			this.startedAt = startedAt;
		}

		String instance() {
			return this.instance;
		}

		String taskId() {
			return this.taskId;
		}

		int attempt() {
			return this.attempt;
		}

		long startedAt() {
			return this.startedAt;
		}

		/** When the handler ended its work, or {@code null}. */
		Long endedAt() {
			return this.endedAt;
		}

		/** When the handler was interrupted, or {@code null}. */
		Long interruptedAt() {
			return this.interruptedAt;
		}

		/**
		 * The backend's answer to the outcome ({@code ok/completed}, {@code fenced/...},
		 * {@code error/...}), or {@code null} when none was recorded.
		 */
		String answer() {
			return this.answer;
		}

		/** When the backend's answer to the outcome came, or {@code null}. */
		Long answeredAt() {
			return this.answeredAt;
		}

		/** The backend's answer to a hand-back ({@code ok}, ...), or {@code null}. */
		String release() {
			return this.release;
		}

		Long releasedAt() {
			return this.releasedAt;
		}

		/** Whether the backend recorded this run's outcome. */
		boolean accepted() {
			return this.answer != null && this.answer.startsWith("ok/");
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder(this.instance + " run " + this.number + " attempt " + this.attempt
					+ ": started " + time(this.startedAt));
			if (this.endedAt != null) {
				text.append(", ended ").append(time(this.endedAt));
			}
			if (this.interruptedAt != null) {
				text.append(", interrupted ").append(time(this.interruptedAt));
			}
			if (this.answer != null) {
				text.append(", outcome ").append(this.answer).append(' ').append(time(this.answeredAt));
			}
			if (this.release != null) {
				text.append(", hand-back ").append(this.release).append(' ').append(time(this.releasedAt));
			}
			return text.toString();
		}

	}

}
