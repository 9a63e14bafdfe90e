package dev.taskqueue.boot.handler;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.context.event.GenericApplicationListenerAdapter;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.ResolvableType;

import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.event.TaskEventType;

/**
 * Publishes task events as Spring application events, and wants them only while the
 * application has a listener for them: an {@code @EventListener} method or an
 * {@code ApplicationListener} bean whose event type is {@link TaskEvent} (or
 * {@code PayloadApplicationEvent<TaskEvent>}). A listener of every event (of
 * {@code Object} or {@code ApplicationEvent}) does not count. Without one the backend
 * neither builds the events nor, on Redis, writes and reads them across instances.
 * <p>
 * Every event type is published, the {@code worker-started} and {@code worker-stopped}
 * events of every instance included. Since this instance's own {@code worker-stopped}
 * events travel through the backend, a stop can wait for them
 * ({@link #expectWorkerStops}, {@link #awaitWorkerStops}) before the bridge is removed.
 */
final class ApplicationEventBridge implements TaskEventListener {

	private static final ResolvableType TASK_EVENTS = ResolvableType.forClassWithGenerics(PayloadApplicationEvent.class,
			TaskEvent.class);

	private static final ResolvableType OTHER_EVENTS = ResolvableType
		.forClassWithGenerics(PayloadApplicationEvent.class, Unrelated.class);

	private final ApplicationEventPublisher publisher;

	private volatile boolean wanted = true;

	/**
	 * The queues whose worker-stopped events of {@link #stoppingInstance} are awaited.
	 */
	private final Set<String> awaitedStops = new HashSet<>();

	private String stoppingInstance;

	ApplicationEventBridge(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	/**
	 * Looks at the listeners of the application (once every singleton exists).
	 * @param context the application context, or {@code null} when unknown (then every
	 * event is published)
	 */
	void lookForListeners(ApplicationContext context) {
		this.wanted = !(context instanceof AbstractApplicationContext application) || hasTaskEventListener(application);
	}

	private static boolean hasTaskEventListener(AbstractApplicationContext context) {
		for (ApplicationListener<?> listener : context.getApplicationListeners()) {
			GenericApplicationListener generic = (listener instanceof GenericApplicationListener typed) ? typed
					: new GenericApplicationListenerAdapter(listener);
			if (generic.supportsEventType(TASK_EVENTS) && !generic.supportsEventType(OTHER_EVENTS)) {
				return true;
			}
		}
		return false;
	}

	boolean wanted() {
		return this.wanted;
	}

	@Override
	public void onEvent(TaskEvent event) {
		this.publisher.publishEvent(event);
		if (event.type() == TaskEventType.WORKER_STOPPED) {
			synchronized (this.awaitedStops) {
				if (event.instanceId() != null && event.instanceId().equals(this.stoppingInstance)
						&& this.awaitedStops.remove(event.queue())) {
					this.awaitedStops.notifyAll();
				}
			}
		}
	}

	/**
	 * Notes the workers about to stop, whose {@code worker-stopped} events
	 * {@link #awaitWorkerStops} waits for.
	 * @param instanceId this instance's id
	 * @param queues the queues of its workers
	 */
	void expectWorkerStops(String instanceId, Collection<String> queues) {
		synchronized (this.awaitedStops) {
			this.stoppingInstance = instanceId;
			this.awaitedStops.clear();
			this.awaitedStops.addAll(queues);
		}
	}

	/**
	 * Waits until the expected {@code worker-stopped} events were published, or the time
	 * is up (events off, or the backend unreachable).
	 * @param timeout the longest wait
	 * @return whether every one of them was published
	 */
	boolean awaitWorkerStops(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.awaitedStops) {
			try {
				while (!this.awaitedStops.isEmpty()) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						return false;
					}
					this.awaitedStops.wait(left / 1_000_000L + 1);
				}
				return true;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			finally {
				this.awaitedStops.clear();
				this.stoppingInstance = null;
			}
		}
	}

	/** An event type no listener can be meant for: tells catch-all listeners apart. */
	private static final class Unrelated {

	}

}
