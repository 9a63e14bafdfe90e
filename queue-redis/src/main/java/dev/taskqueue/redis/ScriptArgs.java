package dev.taskqueue.redis;

import java.time.Instant;
import java.util.Arrays;

import static dev.taskqueue.redis.ScriptValues.bytes;

/**
 * The arguments of one script call: a record per script (see {@link RedisScripts.Script}
 * for which), grouped by family in {@link ProducerArgs}, {@link WorkerArgs},
 * {@link HousekeepingArgs} and {@link OperationArgs}.
 * <p>
 * A record's components are the names its script binds with {@code bindArgs}, in that
 * order, and its {@link #write(Values)} is the only place that knows the order in which
 * the values travel. Two kinds of component stand for more than one value: an
 * {@link EventDemand} is the two arguments {@code events} and {@code maxLen}; a list of
 * {@link Group groups} is their count, where it stands, and the groups themselves after
 * the last named argument (each group record's components are the names its script's
 * {@code argGroup} gives them; {@code ScriptArgsTests} checks both sides).
 */
interface ScriptArgs {

	/**
	 * Writes the values in the order the script binds them.
	 * @param out where to
	 */
	void write(Values out);

	/**
	 * The values, encoded.
	 * @return the script's {@code ARGV}
	 */
	default byte[][] encode() {
		Values values = new Values(8);
		write(values);
		return values.toArray();
	}

	/**
	 * The arguments of a script that takes a key named by the time of its call: the
	 * throughput hash of that hour ({@link RedisKeys.QueueKey#THROUGHPUT}), which must be
	 * the hour of the {@code now} the script reads.
	 */
	interface Timed {

		/**
		 * The time of the call, as the script gets it.
		 * @return the time
		 */
		Instant now();

	}

	/**
	 * A repeating group of arguments (an {@code argGroup} in Lua): a task, an outcome, a
	 * lease.
	 */
	interface GroupArgs {

		/**
		 * Writes the group's values in the order the script names them.
		 * @param out where to
		 */
		void write(Values out);

	}

	/**
	 * A group's values, encoded once when made (by the thread that makes the group, not
	 * by the one that sends the call that carries it). Immutable.
	 *
	 * @param <G> the group
	 */
	final class Group<G extends GroupArgs> {

		private final G args;

		private final byte[][] values;

		private final long size;

		private Group(G args, byte[][] values) {
			this.args = args;
			this.values = values;
			long bytes = 0;
			for (byte[] value : values) {
				bytes += value.length;
			}
			this.size = bytes;
		}

		/**
		 * Encodes a group.
		 * @param <G> the group
		 * @param args its values
		 * @return the group, encoded
		 */
		static <G extends GroupArgs> Group<G> of(G args) {
			Values values = new Values(8);
			args.write(values);
			return new Group<>(args, values.toArray());
		}

		/**
		 * The values before encoding.
		 * @return the group record
		 */
		G args() {
			return this.args;
		}

		/**
		 * How many bytes its values take (a call's size is bounded).
		 * @return the bytes
		 */
		long size() {
			return this.size;
		}

	}

	/** Script arguments being written, in order. Not thread-safe. */
	final class Values {

		private static final byte[] ONE = bytes("1");

		private static final byte[] ZERO = bytes("0");

		private byte[][] values;

		private int count;

		Values(int capacity) {
			this.values = new byte[capacity][];
		}

		Values add(byte[] value) {
			if (this.count == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.count * 2);
			}
			this.values[this.count++] = value;
			return this;
		}

		Values text(String value) {
			return add(bytes(value));
		}

		Values number(long value) {
			return text(Long.toString(value));
		}

		/** A flag: {@code 1} or {@code 0}. */
		Values flag(boolean value) {
			return add(value ? ONE : ZERO);
		}

		/** A time, as scripts compare and store it (see {@link RedisTimes}). */
		Values time(Instant value) {
			return text(RedisTimes.format(value));
		}

		/** The two arguments {@code events} and {@code maxLen}. */
		Values events(EventDemand demand) {
			return add(demand.events()).add(demand.maxLen());
		}

		Values group(Group<?> group) {
			for (byte[] value : group.values) {
				add(value);
			}
			return this;
		}

		byte[][] toArray() {
			return (this.count == this.values.length) ? this.values : Arrays.copyOf(this.values, this.count);
		}

	}

}
