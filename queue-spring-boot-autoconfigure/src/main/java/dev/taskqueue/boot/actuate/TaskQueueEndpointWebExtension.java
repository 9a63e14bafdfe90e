package dev.taskqueue.boot.actuate;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import dev.taskqueue.boot.actuate.TaskQueueEndpoint.QueueDescriptor;

/**
 * The web side of the {@link TaskQueueEndpoint}: {@code GET /actuator/taskqueue/{queue}}
 * answers 404 for a queue no one knows, and {@code POST /actuator/taskqueue/{queue}} with
 * {@code {"state": "paused"}} or {@code {"state": "resumed"}} pauses or resumes it for
 * every instance (200 with the queue after the change; 404 for an unknown queue; 400 for
 * another state, and, from the actuator itself, for a body without {@code state}).
 */
@EndpointWebExtension(endpoint = TaskQueueEndpoint.class)
public class TaskQueueEndpointWebExtension {

	/** The state that pauses a queue. */
	public static final String PAUSED = "paused";

	/** The state that resumes a queue. */
	public static final String RESUMED = "resumed";

	private final TaskQueueEndpoint delegate;

	/**
	 * Creates the extension of an endpoint.
	 * @param delegate the endpoint
	 */
	public TaskQueueEndpointWebExtension(TaskQueueEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * One queue.
	 * @param queue the queue's name
	 * @return the queue, or 404
	 */
	@ReadOperation
	public WebEndpointResponse<QueueDescriptor> queue(@Selector String queue) {
		return found(this.delegate.queue(queue));
	}

	/**
	 * Pauses or resumes a queue.
	 * @param queue the queue's name
	 * @param state {@value #PAUSED} or {@value #RESUMED}
	 * @return the queue after the change, 404 for an unknown queue, 400 for another state
	 */
	@WriteOperation
	public WebEndpointResponse<QueueDescriptor> changeState(@Selector String queue, String state) {
		if (!PAUSED.equals(state) && !RESUMED.equals(state)) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		return found(this.delegate.setPaused(queue, PAUSED.equals(state)));
	}

	private static WebEndpointResponse<QueueDescriptor> found(QueueDescriptor queue) {
		return (queue != null) ? new WebEndpointResponse<>(queue)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
