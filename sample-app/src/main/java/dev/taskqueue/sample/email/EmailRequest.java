package dev.taskqueue.sample.email;

import java.util.List;

/**
 * An e-mail to send.
 *
 * @param to the recipients, at least one
 * @param subject the subject line
 * @param text the plain-text body
 * @param from the sender, or {@code null} for {@code sample.mail-from}
 */
public record EmailRequest(List<String> to, String subject, String text, String from) {

	/**
	 * Validates the request.
	 * @param to the recipients
	 * @param subject the subject
	 * @param text the body
	 * @param from the sender
	 */
	public EmailRequest {
		if (to == null || to.isEmpty()) {
			throw new IllegalArgumentException("an e-mail needs at least one recipient in 'to'");
		}
		to = List.copyOf(to);
		subject = (subject != null) ? subject : "";
		text = (text != null) ? text : "";
	}

}
