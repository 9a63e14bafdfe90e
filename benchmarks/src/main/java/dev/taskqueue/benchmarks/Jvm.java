package dev.taskqueue.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Facts about this JVM and machine, and the heap measurement the memory figures use.
 */
final class Jvm {

	private Jvm() {
	}

	/**
	 * The heap in use after full collections: {@code System.gc()} until the figure stops
	 * falling (at most five times).
	 * @return used heap bytes
	 */
	static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long previous = Long.MAX_VALUE;
		long used = 0;
		for (int i = 0; i < 5; i++) {
			System.gc();
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
			used = memory.getHeapMemoryUsage().getUsed();
			if (used >= previous - 1024) {
				break;
			}
			previous = used;
		}
		return used;
	}

	/**
	 * The peak resident set size of this process, as BullMQ's {@code rss_mb}.
	 * @return megabytes, or -1 where {@code /proc} is not available
	 */
	static long peakRssMegabytes() {
		for (String line : procLines("/proc/self/status")) {
			if (line.startsWith("VmHWM:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
			}
		}
		return -1;
	}

	static String cpuModel() {
		for (String line : procLines("/proc/cpuinfo")) {
			if (line.startsWith("model name")) {
				return line.substring(line.indexOf(':') + 1).trim();
			}
		}
		return System.getProperty("os.arch");
	}

	static String javaVersion() {
		return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
	}

	private static List<String> procLines(String path) {
		try {
			return Files.readAllLines(Path.of(path));
		}
		catch (IOException | RuntimeException ex) {
			return List.of();
		}
	}

}
