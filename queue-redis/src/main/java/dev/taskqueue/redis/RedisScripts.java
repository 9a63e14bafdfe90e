package dev.taskqueue.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;

import dev.taskqueue.redis.RedisKeys.QueueKey;

import static dev.taskqueue.redis.RedisKeys.QueueKey.ACTIVE;
import static dev.taskqueue.redis.RedisKeys.QueueKey.CANCELLED;
import static dev.taskqueue.redis.RedisKeys.QueueKey.COMPLETED;
import static dev.taskqueue.redis.RedisKeys.QueueKey.CONTROL;
import static dev.taskqueue.redis.RedisKeys.QueueKey.DELAYED;
import static dev.taskqueue.redis.RedisKeys.QueueKey.EVENTS;
import static dev.taskqueue.redis.RedisKeys.QueueKey.FAILED;
import static dev.taskqueue.redis.RedisKeys.QueueKey.HELD;
import static dev.taskqueue.redis.RedisKeys.QueueKey.IDEMPOTENCY;
import static dev.taskqueue.redis.RedisKeys.QueueKey.IDS;
import static dev.taskqueue.redis.RedisKeys.QueueKey.LISTENING;
import static dev.taskqueue.redis.RedisKeys.QueueKey.META;
import static dev.taskqueue.redis.RedisKeys.QueueKey.RETRYING;
import static dev.taskqueue.redis.RedisKeys.QueueKey.TASKS;
import static dev.taskqueue.redis.RedisKeys.QueueKey.THROUGHPUT;
import static dev.taskqueue.redis.RedisKeys.QueueKey.TYPES;
import static dev.taskqueue.redis.RedisKeys.QueueKey.WAITING;
import static dev.taskqueue.redis.RedisKeys.QueueKey.SCHEDULES;
import static dev.taskqueue.redis.RedisKeys.QueueKey.TIMETABLE;
import static dev.taskqueue.redis.RedisKeys.QueueKey.WAKE;

/**
 * The Lua scripts, one per atomic state change, kept as resources next to this class.
 * Each is loaded once: run by its SHA-1 ({@code EVALSHA}), and sent in full
 * ({@code EVAL}, which also caches it in Redis) when Redis answers {@code NOSCRIPT}, as
 * after a restart. Every key a script touches is passed in {@code KEYS}, all of one queue
 * (one hash tag), but for the instance registry's heartbeat, whose keys share the
 * registry's hash tag. Thread-safe.
 */
final class RedisScripts {

	/**
	 * The scripts, each with the record of its arguments (see {@link ScriptArgs}) and the
	 * queue keys it expects, in order (its {@code bindKeys} line).
	 */
	enum Script {

		ENQUEUE("enqueue", ProducerArgs.Enqueue.class, TASKS, IDS, WAITING, DELAYED, IDEMPOTENCY, META, WAKE, EVENTS,
				LISTENING, TYPES),

		CLAIM("claim", WorkerArgs.Claim.class, TASKS, WAITING, ACTIVE, META, WAKE, EVENTS, LISTENING, TYPES),

		FINISH("finish", WorkerArgs.Finish.class, TASKS, IDS, WAITING, DELAYED, RETRYING, ACTIVE, COMPLETED, FAILED,
				CANCELLED, IDEMPOTENCY, META, WAKE, EVENTS, LISTENING, TYPES, THROUGHPUT),

		RENEW("renew", WorkerArgs.Renew.class, TASKS, ACTIVE),

		PROGRESS("progress", WorkerArgs.Progress.class, TASKS, EVENTS, LISTENING),

		RELEASE("release", WorkerArgs.Release.class, TASKS, WAITING, ACTIVE, META, WAKE, EVENTS, LISTENING, TYPES),

		HAND_BACK("handback", WorkerArgs.HandBack.class, TASKS, IDS, DELAYED, ACTIVE, FAILED, CANCELLED, IDEMPOTENCY,
				META, EVENTS, LISTENING, TYPES, THROUGHPUT),

		PROMOTE("promote", HousekeepingArgs.Promote.class, TASKS, WAITING, DELAYED, RETRYING, META, WAKE, EVENTS,
				LISTENING, TYPES),

		STALLED("stalled", HousekeepingArgs.Stalled.class, TASKS, IDS, ACTIVE, FAILED, CANCELLED, IDEMPOTENCY, META,
				WAITING, WAKE, EVENTS, LISTENING, TYPES, THROUGHPUT),

		CANCEL("cancel", OperationArgs.Cancel.class, TASKS, IDS, WAITING, DELAYED, RETRYING, ACTIVE, HELD, COMPLETED,
				FAILED, CANCELLED, IDEMPOTENCY, EVENTS, LISTENING, CONTROL, TYPES),

		HOLD("hold", OperationArgs.Hold.class, TASKS, WAITING, DELAYED, RETRYING, HELD, META, WAKE, EVENTS, LISTENING,
				TYPES),

		REMOVE("remove", OperationArgs.Remove.class, TASKS, IDS, WAITING, DELAYED, RETRYING, ACTIVE, HELD, COMPLETED,
				FAILED, CANCELLED, IDEMPOTENCY, EVENTS, LISTENING, CONTROL, TYPES),

		RETRY("retry", OperationArgs.Retry.class, TASKS, WAITING, COMPLETED, FAILED, CANCELLED, IDEMPOTENCY, META, WAKE,
				EVENTS, LISTENING, TYPES),

		PAUSE("pause", OperationArgs.Pause.class, META, WAKE, EVENTS, LISTENING),

		WORKER("worker", OperationArgs.Worker.class, EVENTS, LISTENING, TASKS, META),

		DRAIN("drain", HousekeepingArgs.Drain.class, TASKS, IDS, WAITING, DELAYED, RETRYING, HELD, IDEMPOTENCY, EVENTS,
				LISTENING, TYPES),

		CLEAN("clean", HousekeepingArgs.Clean.class, TASKS, IDS, COMPLETED, FAILED, CANCELLED, IDEMPOTENCY, EVENTS,
				LISTENING, TYPES),

		OBLITERATE("obliterate", HousekeepingArgs.Obliterate.class, TASKS, IDS, WAITING, DELAYED, RETRYING, ACTIVE,
				HELD, COMPLETED, FAILED, CANCELLED, IDEMPOTENCY, META, WAKE, EVENTS, LISTENING, CONTROL, TYPES),

		STATS("stats", OperationArgs.Stats.class, TASKS, WAITING, DELAYED, RETRYING, ACTIVE, HELD, COMPLETED, FAILED,
				CANCELLED, META, TYPES),

		LIST("list", OperationArgs.ListTasks.class, TASKS, IDS),

		SCHEDULE("schedule", ScheduleArgs.Write.class, SCHEDULES, TIMETABLE, TASKS, IDS, WAITING, DELAYED, IDEMPOTENCY,
				META, WAKE, EVENTS, LISTENING, TYPES),

		/**
		 * The one script on keys of no queue: the instance registry's, which the caller
		 * passes ({@link RedisScripts#runOnKeys}) in this order.
		 */
		HEARTBEAT("heartbeat", InstanceArgs.Heartbeat.class, "instances", "instance");

		private final String file;

		private final Class<? extends ScriptArgs> args;

		private final QueueKey[] keys;

		/** The names of the keys a script on keys of no queue binds; empty otherwise. */
		private final String[] otherKeys;

		/** Where the throughput hash of the call's hour goes in its keys, or -1. */
		private final int throughputKey;

		Script(String file, Class<? extends ScriptArgs> args, QueueKey... keys) {
			this.file = file;
			this.args = args;
			this.keys = keys;
			this.otherKeys = new String[0];
			this.throughputKey = List.of(keys).indexOf(THROUGHPUT);
			if (this.throughputKey >= 0 && !ScriptArgs.Timed.class.isAssignableFrom(args)) {
				throw new IllegalStateException(file + " takes the throughput key of its hour, so "
						+ args.getSimpleName() + " must tell its time (ScriptArgs.Timed)");
			}
		}

		Script(String file, Class<? extends ScriptArgs> args, String... otherKeys) {
			this.file = file;
			this.args = args;
			this.keys = new QueueKey[0];
			this.otherKeys = otherKeys;
			this.throughputKey = -1;
		}

		String file() {
			return this.file;
		}

		/**
		 * The record of the script's arguments.
		 * @return its class
		 */
		Class<? extends ScriptArgs> args() {
			return this.args;
		}

		QueueKey[] keys() {
			return this.keys.clone();
		}

		/**
		 * The names the script binds its keys by, in order: the suffixes of its queue
		 * keys, or the names of its other keys.
		 * @return the names
		 */
		List<String> keyNames() {
			if (this.otherKeys.length > 0) {
				return List.of(this.otherKeys);
			}
			return Arrays.stream(this.keys).map(QueueKey::suffix).toList();
		}

		/**
		 * The script that takes these arguments.
		 * @param args the arguments
		 * @return the script
		 */
		static Script of(ScriptArgs args) {
			Script script = BY_ARGS.get(args.getClass());
			if (script == null) {
				throw new IllegalArgumentException("no script takes " + args.getClass().getName());
			}
			return script;
		}

	}

	private static final Map<Class<?>, Script> BY_ARGS = new HashMap<>();

	static {
		for (Script script : Script.values()) {
			BY_ARGS.put(script.args(), script);
		}
	}

	/** The functions every script uses; put in front of each. */
	static final String COMMON = "common";

	/**
	 * The functions that keep the counts by type and the throughput; put in front of
	 * common.
	 */
	static final String COUNTS = "counts";

	private final RedisConnections connections;

	private final RedisKeys keys;

	private final Map<Script, byte[]> sources = new EnumMap<>(Script.class);

	private final Map<Script, String> digests = new EnumMap<>(Script.class);

	RedisScripts(RedisConnections connections, RedisKeys keys) {
		this.connections = connections;
		this.keys = keys;
		String common = resource(COUNTS) + "\n" + resource(COMMON);
		for (Script script : Script.values()) {
			byte[] source = (common + "\n" + resource(script.file())).getBytes(StandardCharsets.UTF_8);
			this.sources.put(script, source);
			this.digests.put(script, sha1(source));
		}
	}

	/**
	 * One script call.
	 *
	 * @param queue the queue whose keys it gets
	 * @param args its arguments (which tell the script)
	 */
	record Call(String queue, ScriptArgs args) {

	}

	/**
	 * Runs a script and waits for its reply.
	 * @param queue the queue
	 * @param args the arguments (which tell the script)
	 * @return the reply: a list of {@code byte[]}, {@code Long} and nested lists, or a
	 * {@code Long}
	 */
	Object run(String queue, ScriptArgs args) {
		return runAll(List.of(new Call(queue, args))).get(0);
	}

	/**
	 * Runs a script without waiting for its reply.
	 * @param queue the queue
	 * @param args the arguments (which tell the script)
	 * @return the reply, to come (completed on the connection's I/O thread)
	 */
	CompletableFuture<Object> runAsync(String queue, ScriptArgs args) {
		Script script = Script.of(args);
		byte[][] keys = keysOf(script, queue, args);
		byte[][] values = args.encode();
		CompletableFuture<Object> first = this.connections
			.withCommands((commands) -> commands.evalsha(this.digests.get(script), ScriptOutputType.MULTI, keys, values)
				.toCompletableFuture());
		return first.exceptionallyCompose((failure) -> {
			Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
			if (!(cause instanceof RedisNoScriptException)) {
				return CompletableFuture.failedFuture(cause);
			}
			return this.connections.withCommands(
					(commands) -> commands.eval(this.sources.get(script), ScriptOutputType.MULTI, keys, values)
						.toCompletableFuture());
		});
	}

	/**
	 * Runs several scripts pipelined (one round trip), and waits for all replies.
	 * @param calls the calls
	 * @return the replies, in order
	 */
	List<Object> runAll(List<Call> calls) {
		if (calls.isEmpty()) {
			return List.of();
		}
		int count = calls.size();
		Script[] scripts = new Script[count];
		byte[][][] keys = new byte[count][][];
		byte[][][] values = new byte[count][][];
		for (int i = 0; i < count; i++) {
			Call call = calls.get(i);
			scripts[i] = Script.of(call.args());
			keys[i] = keysOf(scripts[i], call.queue(), call.args());
			values[i] = call.args().encode();
		}
		return this.connections.withCommands((commands) -> {
			List<RedisFuture<Object>> futures = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				futures.add(commands.evalsha(this.digests.get(scripts[i]), ScriptOutputType.MULTI, keys[i], values[i]));
			}
			List<Object> replies = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				Object reply;
				try {
					reply = this.connections.await(futures.get(i));
				}
				catch (RedisNoScriptException ex) {
					reply = this.connections
						.await(commands.eval(this.sources.get(scripts[i]), ScriptOutputType.MULTI, keys[i], values[i]));
				}
				replies.add(reply);
			}
			return replies;
		});
	}

	/**
	 * Runs a script whose keys belong to no queue, and waits for its reply.
	 * @param keys the keys, in the order the script binds them
	 * @param args the arguments (which tell the script)
	 * @return the reply
	 */
	Object runOnKeys(byte[][] keys, ScriptArgs args) {
		Script script = Script.of(args);
		if (script.otherKeys.length == 0 || keys.length != script.otherKeys.length) {
			throw new IllegalArgumentException(script + " does not run on " + keys.length + " keys of no queue");
		}
		byte[][] values = args.encode();
		return this.connections.withCommands((commands) -> {
			try {
				return this.connections
					.await(commands.evalsha(this.digests.get(script), ScriptOutputType.MULTI, keys, values));
			}
			catch (RedisNoScriptException ex) {
				return this.connections
					.await(commands.eval(this.sources.get(script), ScriptOutputType.MULTI, keys, values));
			}
		});
	}

	/**
	 * The keys of a call: the script's keys of the queue, the throughput key being the
	 * hash of the hour of the call's time.
	 */
	private byte[][] keysOf(Script script, String queue, ScriptArgs args) {
		byte[][] names = this.keys.queueKeys(queue, script.keys);
		if (script.throughputKey >= 0) {
			long hour = RedisKeys.hourOf(((ScriptArgs.Timed) args).now());
			names[script.throughputKey] = this.keys.throughputKey(queue, hour).getBytes(StandardCharsets.UTF_8);
		}
		return names;
	}

	static String resource(String name) {
		String path = name + ".lua";
		try (InputStream in = RedisScripts.class.getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("Lua script " + path + " is missing next to " + RedisScripts.class);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Lua script " + path + " cannot be read", ex);
		}
	}

	private static String sha1(byte[] source) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is not available", ex);
		}
	}

}
