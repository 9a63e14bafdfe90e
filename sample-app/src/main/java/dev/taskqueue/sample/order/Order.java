package dev.taskqueue.sample.order;

/**
 * An order as the database holds it.
 *
 * @param id the id
 * @param email where its receipt went
 * @param item what was ordered
 */
public record Order(String id, String email, String item) {

}
