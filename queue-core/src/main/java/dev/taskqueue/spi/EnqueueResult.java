package dev.taskqueue.spi;

/**
 * What a backend did with a {@link NewTask}.
 *
 * @param id the stored task's id: the new one, or the existing task's when the
 * idempotency key matched
 * @param created false when an existing task with the same idempotency key was returned
 */
public record EnqueueResult(String id, boolean created) {

}
