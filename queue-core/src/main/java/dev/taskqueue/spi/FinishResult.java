package dev.taskqueue.spi;

/**
 * What {@link TaskBackend#finish(TaskOutcome, boolean, java.time.Duration)} did. It
 * carries no snapshot of the finished task: nothing on the hot path needs one, and
 * building it would cost every backend work per task (on Redis, shipping and decoding the
 * record).
 *
 * @param accepted false when the claim's lease was no longer held (the task was
 * cancelled, removed or recovered as stalled); nothing was written then
 * @param next the next task claimed from the same queue in the same step, or {@code null}
 */
public record FinishResult(boolean accepted, ClaimedTask next) {

}
