package dev.taskqueue.boot.web;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

import dev.taskqueue.QueueStats;
import dev.taskqueue.QueueThroughput;
import dev.taskqueue.Schedule;
import dev.taskqueue.Task;
import dev.taskqueue.TaskInstance;
import dev.taskqueue.TaskPage;
import dev.taskqueue.event.TaskEvent;

/**
 * What a native image needs for the REST API: the OpenAPI document it serves, and JSON
 * binding of the bodies it reads and the views it writes. Registered in
 * {@code META-INF/spring/aot.factories}.
 */
public final class TaskQueueWebRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.resources().registerPattern("dev/taskqueue/boot/web/openapi.json");
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), EnqueueRequest.class,
				ScheduleBody.class, QueueStatsView.class, QueueThroughputView.class, QueueView.class, StatsView.class,
				Task.class, TaskPage.class, Schedule.class, TaskInstance.class, TaskEvent.class, QueueStats.class,
				QueueThroughput.class);
	}

}
