package dev.taskqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TaskOptions}, {@link Repeat}, {@link Priority} and {@link TaskStatus}.
 */
class TaskOptionsTests {

	private static final String QUEUE_NAME_PROBLEM = "' is not valid: use 1 to 100 letters, digits, '.', '-' or '_', starting with a letter or digit";

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void noneHasNothingSet() {
		assertThat(TaskOptions.none()).isEqualTo(new TaskOptions(null, null, null, null, null, null, null, null, null));
		assertThat(TaskOptions.builder().build()).isEqualTo(TaskOptions.none());
	}

	@Test
	void builderSetsEveryValue() {
		Backoff backoff = Backoff.fixed(Duration.ofSeconds(3));
		TaskOptions options = TaskOptions.builder()
			.queue("emails.high-priority_1")
			.priority(Priority.HIGH)
			.delay(Duration.ofMinutes(5))
			.maxAttempts(7)
			.backoff(backoff)
			.timeout(Duration.ofSeconds(30))
			.idempotencyKey("order-42")
			.every(Duration.ofHours(1))
			.limit(3)
			.build();
		assertThat(options).isEqualTo(new TaskOptions("emails.high-priority_1", 10, Duration.ofMinutes(5), null, 7,
				backoff, Duration.ofSeconds(30), "order-42", new Repeat(Duration.ofHours(1), null, 3)));
	}

	@Test
	void builderSetsRunAtNumericPriorityAndCron() {
		Instant runAt = Instant.parse("2024-01-01T00:00:00Z");
		TaskOptions options = TaskOptions.builder().priority(-3).runAt(runAt).cron("0 9 * * MON-FRI").build();
		assertThat(options.priority()).isEqualTo(-3);
		assertThat(options.runAt()).isEqualTo(runAt);
		assertThat(options.delay()).isNull();
		assertThat(options.repeat()).isEqualTo(new Repeat(null, "0 9 * * MON-FRI", null));
	}

	@Test
	void laterPriorityReplacesEarlier() {
		assertThat(TaskOptions.builder().priority(5).priority(Priority.LOW).build().priority()).isEqualTo(-10);
	}

	@Test
	void zeroDelayIsAccepted() {
		assertThat(TaskOptions.builder().delay(Duration.ZERO).build().delay()).isZero();
	}

	@Test
	void rejectsNegativeDelay() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TaskOptions.builder().delay(Duration.ofSeconds(-1)).build())
			.withMessage("delay must not be negative, was PT-1S");
	}

	@Test
	void rejectsDelayWithRunAt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TaskOptions.builder().delay(Duration.ofSeconds(1)).runAt(Instant.now()).build())
			.withMessage("set either delay or runAt, not both");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1 })
	void rejectsMaxAttemptsBelowOne(int maxAttempts) {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.builder().maxAttempts(maxAttempts).build())
			.withMessage("maxAttempts must be at least 1, was " + maxAttempts);
	}

	@Test
	void acceptsOneAttempt() {
		assertThat(TaskOptions.builder().maxAttempts(1).build().maxAttempts()).isEqualTo(1);
	}

	@Test
	void rejectsZeroTimeout() {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.builder().timeout(Duration.ZERO).build())
			.withMessage("timeout must be positive, was PT0S");
	}

	@Test
	void rejectsNegativeTimeout() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TaskOptions.builder().timeout(Duration.ofSeconds(-5)).build())
			.withMessage("timeout must be positive, was PT-5S");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t\n" })
	void rejectsBlankIdempotencyKey(String key) {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.builder().idempotencyKey(key).build())
			.withMessage("idempotencyKey must be 1 to 256 non-blank characters");
	}

	@Test
	void rejectsIdempotencyKeyLongerThan256() {
		String key = "k".repeat(TaskOptions.MAX_IDEMPOTENCY_KEY_LENGTH + 1);
		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.builder().idempotencyKey(key).build())
			.withMessage("idempotencyKey must be 1 to 256 non-blank characters");
	}

	@Test
	void acceptsIdempotencyKeyOf256() {
		String key = "k".repeat(TaskOptions.MAX_IDEMPOTENCY_KEY_LENGTH);
		assertThat(TaskOptions.builder().idempotencyKey(key).build().idempotencyKey()).isEqualTo(key);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "-emails", ".emails", "_emails", "a b", "emails:high", "e{mails}", "émails",
			"emails/high" })
	void rejectsInvalidQueueName(String queue) {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.builder().queue(queue).build())
			.withMessage("queue name '" + queue + QUEUE_NAME_PROBLEM);
	}

	@Test
	void rejectsQueueNameLongerThan100() {
		String queue = "q".repeat(101);
		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.checkQueueName(queue))
			.withMessage("queue name '" + queue + QUEUE_NAME_PROBLEM);
	}

	@Test
	void rejectsNullQueueNameWhenChecked() {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.checkQueueName(null))
			.withMessage("queue name 'null" + QUEUE_NAME_PROBLEM);
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "7", "default", "Emails.High-Priority_1", "a..b" })
	void acceptsValidQueueName(String queue) {
		assertThat(TaskOptions.checkQueueName(queue)).isEqualTo(queue);
		assertThat(TaskOptions.builder().queue(queue).build().queue()).isEqualTo(queue);
	}

	@Test
	void acceptsQueueNameOf100() {
		String queue = "q".repeat(100);
		assertThat(TaskOptions.checkQueueName(queue)).isEqualTo(queue);
	}

	@Test
	void rejectsLimitWithoutRepeat() {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.builder().limit(3).build())
			.withMessage("limit needs a repeat: set every or cron");
	}

	@Test
	void rejectsEveryTogetherWithCron() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TaskOptions.builder().every(Duration.ofMinutes(1)).cron("* * * * *").build())
			.withMessage("a repeat needs exactly one of every and cron");
	}

	@Test
	void rejectsBadCron() {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.builder().cron("61 * * * *").build())
			.withMessage("cron expression '61 * * * *': minute value '61' is out of range 0-59");
	}

	@Test
	void rejectsCronThatNeverFires() {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.builder().cron("0 0 30 2 *").build())
			.withMessage("cron expression '0 0 30 2 *' can never fire");
	}

	@Test
	void rejectsNonPositiveRepeatInterval() {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.builder().every(Duration.ZERO).build())
			.withMessage("repeat interval must be positive, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.builder().every(Duration.ofNanos(10)).build())
			.withMessage("repeat interval must be at least one millisecond, was PT0.00000001S");
	}

	@Test
	void rejectsRepeatLimitBelowOne() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TaskOptions.builder().every(Duration.ofMinutes(1)).limit(0).build())
			.withMessage("repeat limit must be at least 1, was 0");
	}

	@Test
	void priorityParsesNamesAnyCase() {
		assertThat(Priority.parse("low")).isEqualTo(-10);
		assertThat(Priority.parse("NORMAL")).isEqualTo(0);
		assertThat(Priority.parse(" High ")).isEqualTo(10);
		assertThat(Priority.parse("critical")).isEqualTo(20);
	}

	@Test
	void priorityParsesIntegers() {
		assertThat(Priority.parse("42")).isEqualTo(42);
		assertThat(Priority.parse("-5")).isEqualTo(-5);
		assertThat(Priority.parse(" 7 ")).isEqualTo(7);
	}

	@ParameterizedTest
	@ValueSource(strings = { "urgent", "1.5", "99999999999", "high!" })
	void priorityRejectsOtherText(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Priority.parse(text))
			.withMessage("priority '" + text + "' is neither low, normal, high, critical nor an integer");
	}

	@Test
	void priorityRejectsEmptyText() {
		assertThatIllegalArgumentException().isThrownBy(() -> Priority.parse(null))
			.withMessage("priority must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> Priority.parse("  "))
			.withMessage("priority must not be empty");
	}

	@Test
	void taskStatusParsesAnyCase() {
		assertThat(TaskStatus.parse("waiting")).isEqualTo(TaskStatus.WAITING);
		assertThat(TaskStatus.parse(" Active ")).isEqualTo(TaskStatus.ACTIVE);
		assertThat(TaskStatus.parse("CANCELLED")).isEqualTo(TaskStatus.CANCELLED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "done", "", "canceled" })
	void taskStatusRejectsUnknownText(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskStatus.parse(text))
			.withMessage("unknown task status '" + text
					+ "'; expected one of waiting, delayed, active, retrying, held, completed, failed, cancelled");
	}

	@Test
	void taskStatusRejectsNull() {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskStatus.parse(null))
			.withMessageStartingWith("unknown task status 'null'");
	}

	@Test
	void onlyCompletedFailedAndCancelledAreFinal() {
		assertThat(TaskStatus.values()).filteredOn(TaskStatus::isFinal)
			.containsExactlyInAnyOrder(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED);
	}

	@ParameterizedTest
	@EnumSource(TaskStatus.class)
	void taskStatusIsLowerCaseInJsonAndReadsBack(TaskStatus status) {
		String lower = status.name().toLowerCase(java.util.Locale.ROOT);
		assertThat(status.value()).isEqualTo(lower);
		assertThat(this.json.writeValueAsString(status)).isEqualTo("\"" + lower + "\"");
		assertThat(this.json.readValue("\"" + lower + "\"", TaskStatus.class)).isEqualTo(status);
		assertThat(TaskStatus.parse(status.value())).isEqualTo(status);
	}

	@Test
	void taskStatusInsideAnObjectIsLowerCase() {
		assertThat(this.json.writeValueAsString(Map.of("status", TaskStatus.RETRYING)))
			.isEqualTo("{\"status\":\"retrying\"}");
	}

	@Test
	void taskStatusReadsUpperCaseJson() {
		assertThat(this.json.readValue("\"COMPLETED\"", TaskStatus.class)).isEqualTo(TaskStatus.COMPLETED);
	}

	@Test
	void taskStatusRejectsUnknownJson() {
		assertThatExceptionOfType(JacksonException.class)
			.isThrownBy(() -> this.json.readValue("\"done\"", TaskStatus.class))
			.withMessageContaining("unknown task status 'done'");
	}

}
