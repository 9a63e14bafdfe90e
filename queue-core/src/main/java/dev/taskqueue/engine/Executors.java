package dev.taskqueue.engine;

import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the executors that run handlers: a fixed pool of platform threads per queue, or
 * one virtual thread per task on Java 21 and later when asked for.
 */
final class Executors {

	private static final System.Logger logger = System.getLogger(Executors.class.getName());

	private Executors() {
	}

	static ExecutorService forQueue(String queue, int concurrency, boolean virtualThreads) {
		if (virtualThreads) {
			ExecutorService virtual = virtualPerTask("taskqueue-" + queue + "-");
			if (virtual != null) {
				return virtual;
			}
			logger.log(Level.WARNING, "Virtual threads need Java 21 or later (this is Java {0}); "
					+ "queue ''{1}'' uses platform threads", Runtime.version().feature(), queue);
		}
		AtomicInteger count = new AtomicInteger();
		ThreadFactory factory = (runnable) -> {
			Thread thread = new Thread(runnable, "taskqueue-" + queue + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		ThreadPoolExecutor executor = new ThreadPoolExecutor(concurrency, concurrency, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), factory);
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/**
	 * One virtual thread per task, named {@code <prefix><n>}, through reflection: the
	 * core compiles for Java 17.
	 */
	private static ExecutorService virtualPerTask(String prefix) {
		try {
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
			ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
			Method method = java.util.concurrent.Executors.class.getMethod("newThreadPerTaskExecutor",
					ThreadFactory.class);
			return (ExecutorService) method.invoke(null, factory);
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

}
