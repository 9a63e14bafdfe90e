package dev.taskqueue.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;

/**
 * CPU time spent between two snapshots by this JVM (and its child processes, the worker
 * JVMs of the scaling runs) and by the Redis server ({@code INFO cpu}), so that a result
 * can say where a task's CPU time goes on this 2-core machine.
 */
final class CpuMeter {

	private final RedisServer redis;

	private final long jvmNanos;

	private final long childNanos;

	private final double redisSeconds;

	private final long wallNanos;

	private CpuMeter(RedisServer redis) {
		this.redis = redis;
		this.wallNanos = System.nanoTime();
		this.jvmNanos = jvmCpuNanos();
		this.childNanos = childCpuNanos();
		this.redisSeconds = (redis != null) ? redisCpuSeconds(redis) : 0;
	}

	static CpuMeter start(RedisServer redis) {
		return new CpuMeter(redis);
	}

	/**
	 * Adds CPU microseconds per task (this JVM, worker JVMs, Redis) and the share of the
	 * machine's cores they used.
	 * @param result the result
	 * @param tasks the tasks
	 */
	void addTo(Result result, long tasks) {
		double wallSeconds = (System.nanoTime() - this.wallNanos) / 1e9;
		double jvm = (jvmCpuNanos() - this.jvmNanos) / 1e3;
		double children = (childCpuNanos() - this.childNanos) / 1e3;
		result.extra("jvm_cpu_us_per_task", jvm / tasks);
		if (children > 0) {
			result.extra("worker_jvms_cpu_us_per_task", children / tasks);
		}
		double busy = jvm + children;
		if (this.redis != null) {
			double redisMicros = (redisCpuSeconds(this.redis) - this.redisSeconds) * 1e6;
			result.extra("redis_cpu_us_per_task", redisMicros / tasks);
			busy += redisMicros;
		}
		result.extra("cores_busy", busy / 1e6 / wallSeconds);
	}

	private static long jvmCpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return 0;
	}

	/** CPU time of this process's live children other than redis-server. */
	private static long childCpuNanos() {
		return ProcessHandle.current()
			.children()
			.filter((child) -> child.info().command().map((command) -> !command.contains("redis")).orElse(false))
			.mapToLong((child) -> child.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
			.sum();
	}

	private static double redisCpuSeconds(RedisServer redis) {
		Map<String, String> cpu = redis.info("cpu");
		return Double.parseDouble(cpu.getOrDefault("used_cpu_user", "0"))
				+ Double.parseDouble(cpu.getOrDefault("used_cpu_sys", "0"));
	}

}
