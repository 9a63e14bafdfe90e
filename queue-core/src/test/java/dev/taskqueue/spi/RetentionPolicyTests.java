package dev.taskqueue.spi;

import java.time.Duration;
import java.util.Map;

import dev.taskqueue.TaskStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RetentionPolicy}'s per-queue overrides.
 */
class RetentionPolicyTests {

	private static final Retention ONE = new Retention(1, Duration.ofMinutes(1));

	private static final Retention TWO = new Retention(2, Duration.ofMinutes(2));

	@Test
	void aQueueWithoutAnOverrideGetsThePolicyItself() {
		RetentionPolicy policy = RetentionPolicy.defaults().withQueue("brief", ONE, TWO);

		assertThat(policy.forQueue("other")).isSameAs(policy);
		assertThat(policy.forQueue("other").completed()).isEqualTo(RetentionPolicy.defaults().completed());
	}

	@Test
	void aQueueWithAnOverrideGetsItsOwnRetentionAndTheGlobalOneForWhatItLeavesOut() {
		RetentionPolicy policy = RetentionPolicy.defaults().withQueue("brief", ONE, null).withQueue("dead", null, TWO);

		assertThat(policy.forQueue("brief").forStatus(TaskStatus.COMPLETED)).isEqualTo(ONE);
		assertThat(policy.forQueue("brief").forStatus(TaskStatus.CANCELLED))
			.isEqualTo(RetentionPolicy.defaults().failed());
		assertThat(policy.forQueue("dead").completed()).isEqualTo(RetentionPolicy.defaults().completed());
		assertThat(policy.forQueue("dead").failed()).isEqualTo(TWO);
		assertThat(policy.withQueue("brief", TWO, TWO).forQueue("brief").completed()).as("replaced").isEqualTo(TWO);
	}

	@Test
	void aQueuesPolicyHasNoOverridesOfItsOwn() {
		RetentionPolicy nested = RetentionPolicy.defaults().withQueue("a", ONE, ONE);

		assertThatIllegalArgumentException().isThrownBy(() -> new RetentionPolicy(ONE, ONE, Map.of("outer", nested)))
			.withMessageContaining("queue 'outer'");
	}

}
