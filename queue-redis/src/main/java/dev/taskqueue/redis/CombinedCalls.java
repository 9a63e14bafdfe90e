package dev.taskqueue.redis;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.redis.RedisScripts.Script;

/**
 * Calls of one script that threads make for the same queue at about the same time, sent
 * together as one call: a script that takes a few named values and then any number of
 * items (tasks, outcomes: argument groups, see {@link ScriptArgs}), and replies with each
 * item's answer in turn.
 * <p>
 * Each queue has at most {@link #MAX_CALLS} calls on their way at a time (two: Redis runs
 * one while this instance reads the other's reply). An item that arrives while they are
 * on their way waits for one to return and then leaves with every other item that
 * arrived, in one call: at low load each item travels alone, as soon as it is made; under
 * load a call carries as many items as arrived during the previous ones, and the work
 * each call costs Redis and this instance (receiving it, binding keys, the script's
 * checks of the queue's state, encoding and decoding the command, waking the I/O thread)
 * is shared among them. Items stay independent: each gets its own answer, which the
 * script computes for it alone (a task's lease fences its outcome, a task's id its
 * enqueue).
 * <p>
 * A call is sent from the thread whose item starts it, or from the connection's I/O
 * thread when an earlier call returns; neither blocks, and answers are completed on the
 * I/O thread.
 * <p>
 * When Redis becomes unreachable ({@link #failAll(RuntimeException)}), every item waiting
 * to be sent and every item of a call on its way fails at once, so that neither waits for
 * a reply that cannot come nor leaves long after its caller gave up. Thread-safe.
 *
 * @param <I> an item: the values of one task or outcome, encoded by the thread that
 * submits it
 * @param <R> an item's answer
 */
final class CombinedCalls<I, R> {

	/** How many calls of one queue may be on their way at once. */
	static final int MAX_CALLS = 2;

	/** The most items one call carries. */
	static final int MAX_ITEMS = 100;

	/** Roughly the most argument bytes one call carries (also one enqueueAll call). */
	static final long MAX_CALL_BYTES = 1024 * 1024;

	/**
	 * How a script's call is made and its reply read.
	 *
	 * @param <I> an item
	 * @param <R> an item's answer
	 */
	interface Form<I, R> {

		/**
		 * The arguments of a call that carries items.
		 * @param queue the queue of the items
		 * @param now the time of the call
		 * @param items the items, in order
		 * @return the arguments
		 */
		ScriptArgs args(String queue, Instant now, List<I> items);

		/**
		 * Roughly how many bytes an item adds to a call (a call's size is bounded).
		 * @param item the item
		 * @return the bytes
		 */
		long size(I item);

		/**
		 * Reads one item's answer from the reply and completes it.
		 * @param reply the reply
		 * @param at where the item's answer starts
		 * @param now the time of the call
		 * @param answer completed with the answer (or exceptionally)
		 * @return where the next item's answer starts
		 */
		int read(List<?> reply, int at, Instant now, CompletableFuture<R> answer);

	}

	private final RedisScripts scripts;

	private final RedisConnections connections;

	private final Clock clock;

	private final Script script;

	private final Form<I, R> form;

	private final Map<String, Lane<I, R>> lanes = new ConcurrentHashMap<>();

	CombinedCalls(RedisScripts scripts, RedisConnections connections, Clock clock, Script script, Form<I, R> form) {
		this.scripts = scripts;
		this.connections = connections;
		this.clock = clock;
		this.script = script;
		this.form = form;
	}

	/**
	 * Sends an item with the others of its queue.
	 * @param queue the queue
	 * @param item the item
	 * @return its answer, to come (completed on the connection's I/O thread); failed with
	 * a {@link dev.taskqueue.TaskQueueUnavailableException} when Redis cannot serve, or
	 * the client's exception when its call failed otherwise (the call may have been
	 * carried out all the same)
	 */
	CompletableFuture<R> submit(String queue, I item) {
		TaskQueueUnavailableException down = this.connections.availability().failureNow();
		if (down != null) {
			// not even waiting in the lane: a call on its way may not return for long
			return CompletableFuture.failedFuture(down);
		}
		Pending<I, R> pending = new Pending<>(item, this.form.size(item));
		Lane<I, R> lane = this.lanes.computeIfAbsent(queue, Lane::new);
		lane.waiting.add(pending);
		send(lane);
		return pending.answer;
	}

	/**
	 * Sends what waits in a lane, while fewer than MAX_CALLS of its calls are on their
	 * way.
	 */
	private void send(Lane<I, R> lane) {
		while (!lane.waiting.isEmpty() && lane.takeCall()) {
			List<Pending<I, R>> batch = new ArrayList<>();
			long size = 0;
			Pending<I, R> next;
			while (batch.size() < MAX_ITEMS && size < MAX_CALL_BYTES && (next = lane.waiting.poll()) != null) {
				batch.add(next);
				size += next.size;
			}
			if (batch.isEmpty()) {
				lane.calls.decrementAndGet();
				continue;
			}
			lane.takeOff(batch);
			call(lane.queue, batch, lane);
		}
	}

	/**
	 * Makes one call for a batch and completes each item's answer from its reply.
	 * @param queue the queue
	 * @param batch the items, in the call's order
	 * @param lane the lane whose call this is (counted on its way)
	 */
	private void call(String queue, List<Pending<I, R>> batch, Lane<I, R> lane) {
		Instant now = this.clock.instant();
		CompletableFuture<Object> reply;
		try {
			List<I> items = new ArrayList<>(batch.size());
			batch.forEach((pending) -> items.add(pending.item));
			reply = this.scripts.runAsync(queue, this.form.args(queue, now, items));
		}
		catch (RuntimeException ex) {
			reply = CompletableFuture.failedFuture(ex);
		}
		reply.whenComplete((value, failure) -> {
			// the next call leaves before the answers wake their threads
			lane.land(batch);
			lane.calls.decrementAndGet();
			send(lane);
			if (failure != null) {
				RuntimeException translated = this.connections.failed(failure);
				batch.forEach((pending) -> pending.answer.completeExceptionally(translated));
			}
			else {
				deliver(batch, value, now);
			}
		});
	}

	/**
	 * Fails every item waiting to be sent and every item of a call on its way (whose
	 * reply, if it comes, is then ignored).
	 * @param failure the failure each gets
	 */
	void failAll(RuntimeException failure) {
		for (Lane<I, R> lane : this.lanes.values()) {
			for (int i = 0; i < MAX_CALLS; i++) {
				List<Pending<I, R>> flying = lane.flying.getAndSet(i, null);
				if (flying != null) {
					flying.forEach((pending) -> pending.answer.completeExceptionally(failure));
				}
			}
			Pending<I, R> waiting;
			while ((waiting = lane.waiting.poll()) != null) {
				waiting.answer.completeExceptionally(failure);
			}
		}
	}

	private void deliver(List<Pending<I, R>> batch, Object reply, Instant now) {
		try {
			List<?> values = (List<?>) reply;
			int at = 0;
			for (Pending<I, R> pending : batch) {
				at = this.form.read(values, at, now, pending.answer);
			}
		}
		catch (RuntimeException ex) {
			// a reply of another shape: no thread is left waiting for its answer
			IllegalStateException failure = new IllegalStateException(
					"unexpected reply of " + this.script.file() + ".lua: " + reply, ex);
			batch.forEach((pending) -> pending.answer.completeExceptionally(failure));
		}
	}

	/** The items of one queue waiting to be sent, and how many calls are on their way. */
	private static final class Lane<I, R> {

		private final String queue;

		private final Queue<Pending<I, R>> waiting = new ConcurrentLinkedQueue<>();

		private final AtomicInteger calls = new AtomicInteger();

		/** The items of the calls on their way, one slot per call. */
		private final AtomicReferenceArray<List<Pending<I, R>>> flying = new AtomicReferenceArray<>(MAX_CALLS);

		Lane(String queue) {
			this.queue = queue;
		}

		/** A call leaves (holding one of the MAX_CALLS slots counted in calls). */
		void takeOff(List<Pending<I, R>> batch) {
			for (int i = 0; i < MAX_CALLS; i++) {
				if (this.flying.compareAndSet(i, null, batch)) {
					return;
				}
			}
		}

		/** A call returned (its slot may have been emptied by failAll already). */
		void land(List<Pending<I, R>> batch) {
			for (int i = 0; i < MAX_CALLS; i++) {
				if (this.flying.compareAndSet(i, batch, null)) {
					return;
				}
			}
		}

		boolean takeCall() {
			int now;
			do {
				now = this.calls.get();
				if (now >= MAX_CALLS) {
					return false;
				}
			}
			while (!this.calls.compareAndSet(now, now + 1));
			return true;
		}

	}

	private static final class Pending<I, R> {

		private final I item;

		private final long size;

		private final CompletableFuture<R> answer = new CompletableFuture<>();

		Pending(I item, long size) {
			this.item = item;
			this.size = size;
		}

	}

}
