package dev.taskqueue.redis;

import static dev.taskqueue.redis.ScriptValues.bytes;

/**
 * Which events the scripts write: the {@code events} and {@code maxLen} arguments of
 * every script that may write one (see {@code common.lua}).
 * <table>
 * <caption>The values of {@code events}</caption>
 * <tr>
 * <th>{@code events}</th>
 * <th>the scripts write events</th>
 * <th>when</th>
 * </tr>
 * <tr>
 * <td>{@code always}</td>
 * <td>always</td>
 * <td>a listener of this instance wants the full events</td>
 * </tr>
 * <tr>
 * <td>{@code if-listened}</td>
 * <td>only while the queue's {@code listening} key exists, that is while some instance
 * reads the full events</td>
 * <td>no listener here wants them</td>
 * </tr>
 * <tr>
 * <td>{@code off}</td>
 * <td>never (cancellations and removals still reach the control stream)</td>
 * <td>the stream length is 0</td>
 * </tr>
 * </table>
 * {@code maxLen} is about how many events each queue's stream keeps (0 with {@code off}).
 * Immutable; both arguments are encoded once.
 */
final class EventDemand {

	private static final byte[] ALWAYS = bytes("always");

	private static final byte[] IF_LISTENED = bytes("if-listened");

	private static final byte[] OFF = bytes("off");

	private final byte[] events;

	private final byte[] maxLen;

	private EventDemand(byte[] events, int maxLen) {
		this.events = events;
		this.maxLen = bytes(Integer.toString(maxLen));
	}

	/**
	 * The demand of an instance.
	 * @param streamLength about how many events each queue's stream keeps (0: no events)
	 * @param fullEventsWanted whether a listener of this instance wants the full events
	 * @return the demand
	 */
	static EventDemand of(int streamLength, boolean fullEventsWanted) {
		if (streamLength == 0) {
			return new EventDemand(OFF, 0);
		}
		return new EventDemand(fullEventsWanted ? ALWAYS : IF_LISTENED, streamLength);
	}

	/**
	 * The {@code events} argument.
	 * @return its encoded value (not to be changed)
	 */
	byte[] events() {
		return this.events;
	}

	/**
	 * The {@code maxLen} argument.
	 * @return its encoded value (not to be changed)
	 */
	byte[] maxLen() {
		return this.maxLen;
	}

	@Override
	public String toString() {
		return "events=" + ScriptValues.text(this.events) + ", maxLen=" + ScriptValues.text(this.maxLen);
	}

}
