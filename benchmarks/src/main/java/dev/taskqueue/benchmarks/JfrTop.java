package dev.taskqueue.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the {@code jdk.ExecutionSample} events of a JFR recording: the hottest
 * methods by self time (top frame), by total time (anywhere on the stack), and the
 * project's own methods by total time, optionally only for threads whose name contains a
 * given text. With {@code -Devent=jdk.ObjectAllocationSample} it summarises allocation
 * samples instead, weighted by the bytes each stands for.
 * <p>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.taskqueue.benchmarks.JfrTop
 * recording.jfr... [thread-name-part] [rows]}
 */
public final class JfrTop {

	private JfrTop() {
	}

	/**
	 * Prints the summary.
	 * @param args the recordings, optionally a thread name filter and the number of rows
	 * @throws IOException if the recording cannot be read
	 */
	public static void main(String[] args) throws IOException {
		List<Path> files = new ArrayList<>();
		int i = 0;
		while (i < args.length && args[i].endsWith(".jfr")) {
			files.add(Path.of(args[i++]));
		}
		if (files.isEmpty()) {
			System.err.println("usage: JfrTop recording.jfr... [thread-name-part] [rows]");
			System.exit(2);
		}
		String threadPart = (args.length > i) ? args[i] : "";
		int rows = (args.length > i + 1) ? Integer.parseInt(args[i + 1]) : 25;
		Map<String, Integer> self = new HashMap<>();
		Map<String, Integer> total = new HashMap<>();
		Map<String, Integer> threads = new HashMap<>();
		Map<String, Map<String, Integer>> callers = new HashMap<>();
		int samples = 0;
		List<RecordedEvent> events = new ArrayList<>();
		for (Path file : files) {
			events.addAll(RecordingFile.readAllEvents(file));
		}
		String type = System.getProperty("event", "jdk.ExecutionSample");
		boolean weighted = type.equals("jdk.ObjectAllocationSample");
		for (RecordedEvent event : events) {
			if (!event.getEventType().getName().equals(type)) {
				continue;
			}
			RecordedThread thread = weighted ? event.getThread("eventThread") : event.getThread("sampledThread");
			String threadName = (thread != null && thread.getJavaName() != null) ? thread.getJavaName() : "?";
			RecordedStackTrace stack = event.getStackTrace();
			if (!threadName.contains(threadPart) || stack == null || stack.getFrames().isEmpty()) {
				continue;
			}
			int weight = weighted ? (int) Math.max(1, event.getLong("weight") / 1024) : 1;
			samples += weight;
			threads.merge(threadName.replaceAll("-\\d+$", "-N"), weight, Integer::sum);
			List<RecordedFrame> frames = stack.getFrames();
			self.merge(name(frames.get(0)), weight, Integer::sum);
			callers.computeIfAbsent(name(frames.get(0)), (key) -> new HashMap<>())
				.merge(callerChain(frames), weight, Integer::sum);
			Set<String> seen = new HashSet<>();
			for (RecordedFrame frame : frames) {
				String name = name(frame);
				if (seen.add(name)) {
					total.merge(name, weight, Integer::sum);
				}
			}
		}
		System.out.printf("%d %s (threads containing '%s')%n", samples,
				weighted ? "KiB allocated (sampled)" : "execution samples", threadPart);
		print("threads", threads, samples, rows, "");
		print("self (top frame)", self, samples, rows, "");
		int all = samples;
		self.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(5)
			.forEach((entry) -> print("callers of " + entry.getKey(), callers.get(entry.getKey()), all, 4, ""));
		print("total (anywhere on the stack), dev.taskqueue", total, samples, rows, "dev.taskqueue.");
		print("total (anywhere on the stack), all", total, samples, rows, "");
	}

	/** The first five callers below the top frame, nearest first. */
	private static String callerChain(List<RecordedFrame> frames) {
		StringBuilder chain = new StringBuilder();
		for (int i = 1; i < Math.min(frames.size(), 6); i++) {
			chain.append((i > 1) ? " <- " : "").append(name(frames.get(i)));
		}
		return chain.toString();
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private static void print(String title, Map<String, Integer> counts, int samples, int rows, String prefix) {
		System.out.println();
		System.out.println("-- " + title);
		counts.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith(prefix))
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(rows)
			.forEach((entry) -> System.out.printf("%6.1f%%  %6d  %s%n", 100.0 * entry.getValue() / samples,
					entry.getValue(), entry.getKey()));
	}

}
