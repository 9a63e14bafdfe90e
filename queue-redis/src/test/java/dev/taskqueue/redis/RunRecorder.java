package dev.taskqueue.redis;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The durable record of the task runs of one worker JVM, kept outside the queue: one line
 * per event, appended to the instance's own file with one unbuffered {@code write} each,
 * so that a line the JVM wrote is in the kernel's hands and survives {@code kill -9} of
 * the worker and of the queue's Redis. {@link RunHistory} reads the files back.
 * Thread-safe.
 * <p>
 * A line is {@code <kind> <instance> <run> <taskId> <epochMillis> <detail>}, the run a
 * number per instance that ties the events of one attempt together:
 * <ul>
 * <li>{@code S}: the handler started (detail: the attempt);</li>
 * <li>{@code E}: the handler ended its work;</li>
 * <li>{@code I}: the handler was interrupted (the engine stopped it);</li>
 * <li>{@code F}: the backend answered the outcome: {@code ok} (recorded), {@code fenced}
 * (the lease was no longer held) or {@code error} (no answer);</li>
 * <li>{@code R}: the backend answered a hand-back: {@code ok}, {@code fenced} or
 * {@code error};</li>
 * <li>{@code U}, {@code D}, {@code Z} (run 0, task {@code -}): the instance is up, begins
 * its graceful stop, has stopped.</li>
 * </ul>
 */
final class RunRecorder {

	/** Not a FileChannel: an interrupted handler thread would close that for good. */
	private final FileOutputStream out;

	private final String instance;

	private final AtomicInteger runs = new AtomicInteger();

	/** The run of each claim, by task id and attempt. */
	private final Map<String, Integer> runOfClaim = new ConcurrentHashMap<>();

	RunRecorder(Path file, String instance) throws IOException {
		this.out = new FileOutputStream(file.toFile(), true);
		this.instance = instance;
	}

	/**
	 * Records that a handler starts a task.
	 * @param taskId the task
	 * @param attempt its attempt (which, with the id, names the claim)
	 * @return the run
	 */
	int started(String taskId, int attempt) {
		int run = this.runs.incrementAndGet();
		this.runOfClaim.put(taskId + '#' + attempt, run);
		write('S', run, taskId, Integer.toString(attempt));
		return run;
	}

	void ended(int run, String taskId) {
		write('E', run, taskId, "-");
	}

	void interrupted(int run, String taskId) {
		write('I', run, taskId, "-");
	}

	/**
	 * Records the backend's answer to an outcome or a hand-back.
	 * @param kind {@code F} or {@code R}
	 * @param taskId the task
	 * @param attempt its attempt
	 * @param answer {@code ok}, {@code fenced} or {@code error}
	 */
	void answered(char kind, String taskId, int attempt, String answer) {
		Integer run = this.runOfClaim.get(taskId + '#' + attempt);
		// a claim handed back before its handler started has no run
		write(kind, (run != null) ? run : 0, taskId, answer);
	}

	void instance(char kind) {
		write(kind, 0, "-", "-");
	}

	private void write(char kind, int run, String taskId, String detail) {
		String line = kind + " " + this.instance + " " + run + " " + taskId + " " + System.currentTimeMillis() + " "
				+ detail + "\n";
		byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
		try {
			synchronized (this.out) {
				this.out.write(bytes);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
