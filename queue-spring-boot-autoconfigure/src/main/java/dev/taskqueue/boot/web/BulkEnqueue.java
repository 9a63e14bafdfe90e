package dev.taskqueue.boot.web;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.taskqueue.TaskLimits;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskRequest;
import dev.taskqueue.UnknownTaskTypeException;

/**
 * The rules of {@code POST {base-path}/bulk}: between 1 and {@code max-bulk-size} enqueue
 * requests, each checked as {@code POST {base-path}} checks its body, all of them before
 * anything is stored; a refusal names the element by its index. Thread-safe.
 * <p>
 * The type, the options and the shape of every element are checked here; whether a type
 * has a handler and whether a payload fits (size, nesting, well-formed text) is checked
 * by {@link TaskQueue#enqueueAll(List)}, which refuses the whole list when one element is
 * bad. Its exception does not say which element: {@link #refusal} finds it again by the
 * same rules, only when there was a refusal, so that a good request is not checked twice.
 */
final class BulkEnqueue {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final int maxTasks;

	private final long maxPayloadBytes;

	/**
	 * Creates the rules.
	 * @param maxTasks the most tasks one request may hold
	 * @param maxPayloadBytes the largest payload, as JSON
	 */
	BulkEnqueue(int maxTasks, long maxPayloadBytes) {
		this.maxTasks = maxTasks;
		this.maxPayloadBytes = maxPayloadBytes;
	}

	/**
	 * The task requests of a bulk body.
	 * @param body the elements of the body's array
	 * @return one task request per element, in order
	 * @throws IllegalArgumentException if the array is empty
	 * @throws TooManyTasksException if it holds more than the limit
	 * @throws BulkElementException if an element is not valid
	 */
	List<TaskRequest> toTaskRequests(List<EnqueueRequest> body) {
		if (body == null || body.isEmpty()) {
			throw new IllegalArgumentException("The request holds no tasks: send a JSON array of 1 to " + this.maxTasks
					+ " enqueue requests such as [{\"type\": \"send-email\", \"payload\": {...}}]");
		}
		if (body.size() > this.maxTasks) {
			throw new TooManyTasksException(body.size(), this.maxTasks);
		}
		List<TaskRequest> requests = new ArrayList<>(body.size());
		for (int i = 0; i < body.size(); i++) {
			EnqueueRequest element = body.get(i);
			try {
				if (element == null) {
					throw new IllegalArgumentException(
							"null is not a task: each element is a JSON object such as {\"type\": \"send-email\"}");
				}
				requests.add(new TaskRequest(element.requiredType(), element.payloadValue(), element.toOptions()));
			}
			catch (IllegalArgumentException ex) {
				throw new BulkElementException(i, ex);
			}
		}
		return requests;
	}

	/**
	 * What a refusal of {@link TaskQueue#enqueueAll(List)} means for the request: the
	 * refusal of the element it is about, found by the rules the task queue applies in
	 * order (the first element of the unknown type; the first payload that does not fit).
	 * @param body the elements of the body's array, all valid by
	 * {@link #toTaskRequests(List)}
	 * @param refusal what the task queue threw: an {@link UnknownTaskTypeException} or an
	 * {@link IllegalArgumentException}
	 * @return a {@link BulkElementException}, or the refusal itself when no element
	 * breaks the rules (a mapper of the application's that writes JSON differently)
	 */
	RuntimeException refusal(List<EnqueueRequest> body, RuntimeException refusal) {
		for (int i = 0; i < body.size(); i++) {
			EnqueueRequest element = body.get(i);
			if (refusal instanceof UnknownTaskTypeException unknown) {
				if (element.type().equals(unknown.getType())) {
					return new BulkElementException(i, refusal);
				}
			}
			else if (!payloadFits(element.payloadValue())) {
				return new BulkElementException(i, new InvalidParameterException("payload", refusal.getMessage()));
			}
		}
		return refusal;
	}

	private boolean payloadFits(Object payload) {
		if (!(payload instanceof JsonNode tree)) {
			return true;
		}
		try {
			TaskLimits.checkJson("payload", tree);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		CountingOutputStream out = new CountingOutputStream(this.maxPayloadBytes);
		try {
			json.writeValue(out, tree);
			return true;
		}
		catch (JacksonException | IllegalStateException ex) {
			// over the limit (as it is, or wrapped by the writer)
			return false;
		}
	}

	/** Counts what is written, and fails once it is more than the limit. */
	private static final class CountingOutputStream extends OutputStream {

		private final long limit;

		private long count;

		CountingOutputStream(long limit) {
			this.limit = limit;
		}

		@Override
		public void write(int b) {
			counted(1);
		}

		@Override
		public void write(byte[] buffer, int offset, int length) {
			counted(length);
		}

		private void counted(int n) {
			this.count += n;
			if (this.count > this.limit) {
				throw new IllegalStateException("over " + this.limit + " bytes");
			}
		}

	}

}
