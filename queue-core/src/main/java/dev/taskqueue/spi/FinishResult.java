package dev.taskqueue.spi;

import dev.taskqueue.Task;

/**
 * What {@link TaskBackend#finish(TaskOutcome, boolean)} did.
 *
 * @param accepted false when the claim's lease was no longer held (the task was
 * cancelled, removed or recovered as stalled); nothing was written then
 * @param task the task after the write, or {@code null} when not accepted or removed by
 * retention
 * @param next the next task claimed from the same queue in the same step, or {@code null}
 */
public record FinishResult(boolean accepted, Task task, ClaimedTask next) {

}
