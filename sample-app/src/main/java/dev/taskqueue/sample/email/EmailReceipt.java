package dev.taskqueue.sample.email;

import java.util.List;

/**
 * What became of an e-mail.
 *
 * @param messageId the {@code Message-ID} header, derived from the task id so that a
 * retried attempt sends the same message (receivers can drop the duplicate)
 * @param transport {@code file} (written to the outbox) or {@code smtp}
 * @param location the .eml file written, or the SMTP server it was handed to
 * @param recipients who it was addressed to
 */
public record EmailReceipt(String messageId, String transport, String location, List<String> recipients) {

}
