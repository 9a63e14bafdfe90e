package dev.taskqueue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.taskqueue.spi.NewTask;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TaskHeadersTests {

	@Test
	void headersWithinTheRulePass() {
		Map<String, String> headers = Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
				"baggage", "user=alice", "x-" + "a".repeat(62), "~".repeat(TaskHeaders.MAX_VALUE_LENGTH));

		assertThat(TaskHeaders.check(headers)).isEqualTo(headers);
		assertThat(TaskHeaders.bounded(headers)).isEqualTo(headers);
		assertThat(TaskHeaders.check(null)).isEmpty();
	}

	@Test
	void tooManyHeadersAreRefused() {
		Map<String, String> headers = new HashMap<>();
		for (int i = 0; i <= TaskHeaders.MAX_ENTRIES; i++) {
			headers.put("h-" + i, "v");
		}

		assertThatIllegalArgumentException().isThrownBy(() -> TaskHeaders.check(headers))
			.withMessage("a task carries at most 16 headers, not 17");
	}

	@Test
	void badNamesAndValuesAreRefusedWithWhatIsWrong() {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskHeaders.check(Map.of("Trace", "v")))
			.withMessage("a task header name must be 1 to 64 characters out of a-z, 0-9 and '-', was 'Trace'");
		assertThatIllegalArgumentException().isThrownBy(() -> TaskHeaders.check(Map.of("n".repeat(1000), "v")))
			.withMessageEndingWith("was '" + "n".repeat(64) + "...'");
		assertThatIllegalArgumentException().isThrownBy(() -> TaskHeaders.check(Map.of("", "v")))
			.withMessageContaining("was ''");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TaskHeaders.check(Map.of("big", "v".repeat(TaskHeaders.MAX_VALUE_LENGTH + 1))))
			.withMessage("task header 'big' is 1025 characters long; the limit is 1024");
		assertThatIllegalArgumentException().isThrownBy(() -> TaskHeaders.check(Map.of("crlf", "a\r\nInjected: 1")))
			.withMessage("task header 'crlf' holds a character other than printable ASCII at index 1");
		assertThatIllegalArgumentException().isThrownBy(() -> TaskHeaders.check(Map.of("utf", "caf\u00e9")))
			.withMessageContaining("index 3");
	}

	@Test
	void boundedKeepsTheFirstEntriesThatFitInNameOrder() {
		Map<String, String> headers = new HashMap<>();
		for (int i = 10; i < 40; i++) {
			headers.put("h-" + i, "v" + i);
		}
		headers.put("a-bad", "\u0000");
		headers.put("A-upper", "v");

		Map<String, String> kept = TaskHeaders.bounded(headers);

		assertThat(kept).hasSize(TaskHeaders.MAX_ENTRIES)
			.containsKeys("a-upper", "h-10", "h-24")
			.doesNotContainKeys("h-25", "a-bad", "A-upper");
	}

	@Test
	void newTasksCheckTheirHeadersAndTasksNeverHoldNull() {
		Instant now = Instant.EPOCH;

		assertThatIllegalArgumentException()
			.isThrownBy(() -> new NewTask("id", "q", "t", 0, null, 1, Backoff.fixed(java.time.Duration.ZERO), null,
					null, null, 1, now, now, null, Map.of("Bad Name", "v")))
			.withMessageContaining("'Bad Name'");
		NewTask task = new NewTask("id", "q", "t", 0, null, 1, Backoff.fixed(java.time.Duration.ZERO), null, null, null,
				1, now, now, null, null);
		assertThat(task.headers()).isEmpty();
		assertThat(task.withHeaders(Map.of("traceparent", "x")).toTask().headers())
			.containsExactlyEntriesOf(Map.of("traceparent", "x"));
	}

}
