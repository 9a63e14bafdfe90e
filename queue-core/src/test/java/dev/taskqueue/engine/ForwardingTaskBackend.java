package dev.taskqueue.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;

import dev.taskqueue.QueueStats;
import dev.taskqueue.QueueThroughput;
import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskInstance;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.TaskBackend;
import dev.taskqueue.spi.TaskOutcome;

/**
 * A backend that hands every call to another one; tests override what they want to watch
 * or break. Public, so that the tests of other modules (through the test-jar) can wrap
 * their backend too.
 */
public class ForwardingTaskBackend implements TaskBackend {

	private final TaskBackend delegate;

	public ForwardingTaskBackend(TaskBackend delegate) {
		this.delegate = delegate;
	}

	@Override
	public String name() {
		return this.delegate.name();
	}

	@Override
	public void ping() {
		this.delegate.ping();
	}

	@Override
	public EnqueueResult enqueue(NewTask task) {
		return this.delegate.enqueue(task);
	}

	@Override
	public CompletableFuture<EnqueueResult> enqueueAsync(NewTask task) {
		return this.delegate.enqueueAsync(task);
	}

	@Override
	public List<EnqueueResult> enqueueAll(List<NewTask> tasks) {
		return this.delegate.enqueueAll(tasks);
	}

	@Override
	public Optional<Task> find(String id) {
		return this.delegate.find(id);
	}

	@Override
	public TaskPage list(TaskQuery query) {
		return this.delegate.list(query);
	}

	@Override
	public List<String> queues() {
		return this.delegate.queues();
	}

	@Override
	public QueueStats stats(String queue) {
		return this.delegate.stats(queue);
	}

	@Override
	public QueueThroughput throughput(String queue, int minutes) {
		return this.delegate.throughput(queue, minutes);
	}

	@Override
	public List<ClaimedTask> claim(String queue, int max, Duration lease) {
		return this.delegate.claim(queue, max, lease);
	}

	@Override
	public void awaitWork(String queue, Duration timeout) throws InterruptedException {
		this.delegate.awaitWork(queue, timeout);
	}

	@Override
	public FinishResult finish(TaskOutcome outcome, boolean claimNext, Duration lease) {
		return this.delegate.finish(outcome, claimNext, lease);
	}

	@Override
	public Set<String> renewLeases(Collection<ClaimedTask> claims, Duration lease) {
		return this.delegate.renewLeases(claims, lease);
	}

	@Override
	public boolean progress(ClaimedTask claim, TaskProgress progress) {
		return this.delegate.progress(claim, progress);
	}

	@Override
	public boolean release(ClaimedTask claim) {
		return this.delegate.release(claim);
	}

	@Override
	public TaskStatus handBack(ClaimedTask claim, Instant notBefore, int maxHandBacks, TaskError error) {
		return this.delegate.handBack(claim, notBefore, maxHandBacks, error);
	}

	@Override
	public Optional<Instant> promoteDue() {
		return this.delegate.promoteDue();
	}

	@Override
	public int recoverStalled(int maxStalls) {
		return this.delegate.recoverStalled(maxStalls);
	}

	@Override
	public int recoverStalled(int maxStalls, Consumer<Task> recovered) {
		return this.delegate.recoverStalled(maxStalls, recovered);
	}

	@Override
	public long trim() {
		return this.delegate.trim();
	}

	@Override
	public Task retry(String id) {
		return this.delegate.retry(id);
	}

	@Override
	public Task cancel(String id) {
		return this.delegate.cancel(id);
	}

	@Override
	public Task hold(String id) {
		return this.delegate.hold(id);
	}

	@Override
	public Task release(String id) {
		return this.delegate.release(id);
	}

	@Override
	public boolean remove(String id) {
		return this.delegate.remove(id);
	}

	@Override
	public void setPaused(String queue, boolean paused) {
		this.delegate.setPaused(queue, paused);
	}

	@Override
	public long drain(String queue) {
		return this.delegate.drain(queue);
	}

	@Override
	public long clean(String queue, Set<TaskStatus> statuses, Instant finishedBefore) {
		return this.delegate.clean(queue, statuses, finishedBefore);
	}

	@Override
	public long obliterate(String queue) {
		return this.delegate.obliterate(queue);
	}

	@Override
	public void heartbeat(TaskInstance instance, Duration ttl) {
		this.delegate.heartbeat(instance, ttl);
	}

	@Override
	public void leave(String id) {
		this.delegate.leave(id);
	}

	@Override
	public List<TaskInstance> instances() {
		return this.delegate.instances();
	}

	@Override
	public dev.taskqueue.spi.ScheduleStore schedules() {
		return this.delegate.schedules();
	}

	@Override
	public void deliverEvents(Consumer<TaskEvent> sink, Set<TaskEventType> types) {
		this.delegate.deliverEvents(sink, types);
	}

	@Override
	public void announceWorker(TaskEventType type, String queue, String instanceId) {
		this.delegate.announceWorker(type, queue, instanceId);
	}

	@Override
	public void close() {
		this.delegate.close();
	}

}
