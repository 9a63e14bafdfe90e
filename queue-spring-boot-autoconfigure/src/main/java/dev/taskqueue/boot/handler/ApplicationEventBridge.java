package dev.taskqueue.boot.handler;

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

/**
 * Publishes task events as Spring application events, and wants them only while the
 * application has a listener for them: an {@code @EventListener} method or an
 * {@code ApplicationListener} bean whose event type is {@link TaskEvent} (or
 * {@code PayloadApplicationEvent<TaskEvent>}). A listener of every event (of
 * {@code Object} or {@code ApplicationEvent}) does not count. Without one the backend
 * neither builds the events nor, on Redis, writes and reads them across instances.
 */
final class ApplicationEventBridge implements TaskEventListener {

	private static final ResolvableType TASK_EVENTS = ResolvableType.forClassWithGenerics(PayloadApplicationEvent.class,
			TaskEvent.class);

	private static final ResolvableType OTHER_EVENTS = ResolvableType
		.forClassWithGenerics(PayloadApplicationEvent.class, Unrelated.class);

	private final ApplicationEventPublisher publisher;

	private volatile boolean wanted = true;

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
	}

	/** An event type no listener can be meant for: tells catch-all listeners apart. */
	private static final class Unrelated {

	}

}
