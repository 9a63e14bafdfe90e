package dev.taskqueue.redis;

import java.time.Instant;

import dev.taskqueue.redis.ScriptArgs.Values;

/**
 * The arguments of the script of the instance registry, {@code heartbeat.lua}. See
 * {@link ScriptArgs} for how a record maps to its script's names.
 */
final class InstanceArgs {

	private InstanceArgs() {
	}

	/**
	 * The arguments of {@code heartbeat.lua}.
	 *
	 * @param id the instance's id
	 * @param record its record, as JSON
	 * @param expiry when it stops being listed without another heartbeat
	 * @param ttl how many milliseconds Redis keeps the record
	 * @param now the time of the call
	 */
	record Heartbeat(String id, String record, Instant expiry, long ttl, Instant now) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.text(this.id).text(this.record).time(this.expiry).number(this.ttl).time(this.now);
		}

	}

}
