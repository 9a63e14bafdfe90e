package dev.taskqueue.redis;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisLoadingException;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * Tells the failures that mean Redis cannot serve the task queue right now (it is down,
 * unreachable, restarting, still loading its data, busy, or did not answer in time) from
 * the others (a bug, a script error, a full Redis), and describes them in the user's
 * terms. Looks through the Lettuce and Spring Data exceptions and their causes.
 */
final class RedisFailures {

	/** Replies of a Redis that cannot serve commands now but will again. */
	private static final String[] UNAVAILABLE_REPLIES = { "LOADING", "BUSY", "MASTERDOWN", "READONLY", "CLUSTERDOWN",
			"TRYAGAIN" };

	/** Lettuce's messages for commands on a connection that went away. */
	private static final String[] CLOSED_MESSAGES = { "connection closed", "connection is closed", "connection reset",
			"currently not connected", "broken pipe" };

	private RedisFailures() {
	}

	/**
	 * Why Redis cannot serve the task queue, if that is what the failure says.
	 * @param failure the failure
	 * @param timeout the longest the backend waits for a reply
	 * @return the reason in the user's terms, such as {@code "Redis did not answer within
	 * 5s"}, or {@code null} for a failure of another kind
	 */
	static String unavailability(Throwable failure, Duration timeout) {
		// the most telling cause first: a connection that failed because Redis answered
		// LOADING is about the loading
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof InterruptedException || cause instanceof RedisCommandInterruptedException) {
				// the caller is being stopped: says nothing about Redis
				return null;
			}
			if (cause instanceof RedisCommandTimeoutException || cause instanceof QueryTimeoutException
					|| cause instanceof TimeoutException) {
				return "Redis did not answer within " + format(timeout);
			}
			if (cause instanceof RedisLoadingException) {
				return "Redis is still loading its data set (LOADING)";
			}
			if (cause instanceof RedisBusyException) {
				return "Redis is busy running a script (BUSY)";
			}
			String reply = unavailableReply(cause.getMessage());
			if (reply != null) {
				return "Redis cannot serve commands now: " + reply;
			}
		}
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof RedisConnectionException || cause instanceof RedisConnectionFailureException
					|| cause instanceof IOException || isClosedMessage(cause.getMessage())) {
				return "Redis is unreachable: " + rootMessage(cause);
			}
			if (cause instanceof CancellationException) {
				// Lettuce cancels the commands of a connection that is closed or reset
				return "Redis is unreachable: the connection was closed";
			}
		}
		return null;
	}

	/**
	 * A duration as people write it: {@code 5s}, {@code 500ms}, {@code 1.5s}.
	 * @param duration the duration
	 * @return the text
	 */
	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + "ms";
		}
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
	}

	private static Throwable next(Throwable cause) {
		Throwable next = cause.getCause();
		return (next != cause) ? next : null;
	}

	private static String unavailableReply(String message) {
		if (message == null) {
			return null;
		}
		for (String reply : UNAVAILABLE_REPLIES) {
			if (message.startsWith(reply + " ") || message.equals(reply)) {
				return message;
			}
		}
		return null;
	}

	private static boolean isClosedMessage(String message) {
		if (message == null) {
			return false;
		}
		String lower = message.toLowerCase(Locale.ROOT);
		for (String closed : CLOSED_MESSAGES) {
			if (lower.startsWith(closed)) {
				return true;
			}
		}
		return false;
	}

	/** The message of the deepest cause that has one, such as "Connection refused". */
	private static String rootMessage(Throwable failure) {
		String message = null;
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
				message = cause.getMessage();
			}
			else if (cause instanceof ClosedChannelException) {
				message = "Connection closed";
			}
		}
		return (message != null) ? message : failure.getClass().getSimpleName();
	}

}
