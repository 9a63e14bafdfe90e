package dev.taskqueue.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.taskqueue.TaskError;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.redis.RedisScripts.Call;
import dev.taskqueue.redis.ScriptArgs.Group;
import dev.taskqueue.redis.WorkerArgs.Claim;
import dev.taskqueue.redis.WorkerArgs.HandBack;
import dev.taskqueue.redis.WorkerArgs.LeaseArgs;
import dev.taskqueue.redis.WorkerArgs.Progress;
import dev.taskqueue.redis.WorkerArgs.Release;
import dev.taskqueue.redis.WorkerArgs.Renew;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.RetentionPolicy;

import static dev.taskqueue.redis.ScriptValues.first;
import static dev.taskqueue.redis.ScriptValues.isOne;
import static dev.taskqueue.redis.ScriptValues.text;

/**
 * Claims tasks and makes the writes of a worker that holds a claim, each as the
 * {@link dev.taskqueue.spi.TaskBackend} method of the same name says: renewing leases,
 * progress, release and hand-back (outcomes: {@link RedisOutcomes}). Every write is
 * fenced by the claim's lease token: a script refuses it when the lease is no longer the
 * claim's. Thread-safe.
 */
final class RedisClaims {

	private final RedisScripts scripts;

	private final TaskRecords records;

	private final Clock clock;

	private final RetentionPolicy retention;

	/** Which events the scripts write, as the backend decides at the time of a call. */
	private final Supplier<EventDemand> events;

	RedisClaims(RedisScripts scripts, TaskRecords records, Clock clock, RetentionPolicy retention,
			Supplier<EventDemand> events) {
		this.scripts = scripts;
		this.records = records;
		this.clock = clock;
		this.retention = retention;
		this.events = events;
	}

	List<ClaimedTask> claim(String queue, int max, Duration lease) {
		if (max <= 0) {
			return List.of();
		}
		Instant now = this.clock.instant();
		List<?> reply = (List<?>) this.scripts.run(queue,
				new Claim(now, this.events.get(), max, lease.toMillis(), WorkerArgs.newTokenBase()));
		Instant expiresAt = now.plus(lease);
		List<ClaimedTask> claims = new ArrayList<>(reply.size() / 3);
		for (int i = 0; i + 2 < reply.size(); i += 3) {
			String id = text(reply.get(i));
			claims.add(new ClaimedTask(this.records.task(queue, id, (byte[]) reply.get(i + 2)), text(reply.get(i + 1)),
					expiresAt));
		}
		return claims;
	}

	Set<String> renewLeases(Collection<ClaimedTask> claims, Duration lease) {
		if (claims.isEmpty()) {
			return Set.of();
		}
		Instant expiry = this.clock.instant().plus(lease);
		Map<String, List<Group<LeaseArgs>>> byQueue = new LinkedHashMap<>();
		for (ClaimedTask claim : claims) {
			byQueue.computeIfAbsent(claim.task().queue(), (queue) -> new ArrayList<>())
				.add(Group.of(new LeaseArgs(claim.id(), claim.leaseToken())));
		}
		List<Call> calls = new ArrayList<>(byQueue.size());
		byQueue.forEach((queue, leases) -> calls.add(new Call(queue, new Renew(expiry, leases))));
		Set<String> lost = new HashSet<>();
		for (Object reply : this.scripts.runAll(calls)) {
			for (Object id : (List<?>) reply) {
				lost.add(text(id));
			}
		}
		return lost;
	}

	boolean progress(ClaimedTask claim, TaskProgress progress) {
		Object reply = this.scripts.run(claim.task().queue(), new Progress(this.clock.instant(), this.events.get(),
				claim.id(), claim.leaseToken(), this.records.json(progress)));
		return isOne(reply);
	}

	boolean release(ClaimedTask claim) {
		Object reply = this.scripts.run(claim.task().queue(),
				new Release(this.clock.instant(), this.events.get(), claim.id(), claim.leaseToken()));
		return isOne(reply);
	}

	TaskStatus handBack(ClaimedTask claim, Instant notBefore, int maxHandBacks, TaskError error) {
		Object reply = this.scripts.run(claim.task().queue(),
				new HandBack(this.clock.instant(), this.events.get(), claim.id(), claim.leaseToken(), notBefore,
						maxHandBacks, this.records.json(error),
						this.retention.forQueue(claim.task().queue()).failed().maxCount()));
		long code = first(reply);
		return (code == 1) ? TaskStatus.DELAYED : (code == 2) ? TaskStatus.FAILED : null;
	}

}
