package dev.taskqueue.sample.email;

import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import dev.taskqueue.TaskContext;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.sample.AtomicFile;
import dev.taskqueue.sample.SampleProperties;

/**
 * Sends e-mails: through SMTP when {@code spring.mail.host} is configured, otherwise by
 * writing an RFC 5322 {@code .eml} file per task to {@code sample.outbox-dir} (open it
 * with any mail client).
 */
@Component
public class EmailSender {

	private final SampleProperties properties;

	private final ObjectProvider<JavaMailSender> mailSender;

	private final Session session = Session.getInstance(new Properties());

	public EmailSender(SampleProperties properties, ObjectProvider<JavaMailSender> mailSender) {
		this.properties = properties;
		this.mailSender = mailSender;
	}

	/**
	 * Sends one e-mail.
	 * @param request the e-mail
	 * @param context the task's context
	 * @return where the e-mail went
	 * @throws Exception if the message is malformed or cannot be written or sent; the
	 * attempt is retried
	 */
	@TaskHandler(type = "send-email", queue = "emails", concurrency = 5, maxAttempts = 3)
	public EmailReceipt send(EmailRequest request, TaskContext context) throws Exception {
		String from = (request.from() != null) ? request.from() : this.properties.getMailFrom();
		InternetAddress sender = new InternetAddress(from, true);
		String messageId = "<" + context.taskId() + "@" + domainOf(sender) + ">";
		MimeMessage message = new FixedIdMimeMessage(this.session, messageId);
		message.setFrom(sender);
		message.setRecipients(Message.RecipientType.TO, parse(request.to()));
		message.setSubject(request.subject(), "UTF-8");
		message.setText(request.text(), "UTF-8");
		message.setSentDate(new Date());
		message.saveChanges();
		JavaMailSender smtp = this.mailSender.getIfAvailable();
		if (smtp != null) {
			smtp.send(message);
			return new EmailReceipt(messageId, "smtp", describe(smtp), request.to());
		}
		Path file = AtomicFile.write(this.properties.getOutboxDir().resolve(context.taskId() + ".eml"),
				message::writeTo);
		return new EmailReceipt(messageId, "file", file.toString(), request.to());
	}

	private static InternetAddress[] parse(List<String> recipients) throws AddressException {
		InternetAddress[] addresses = new InternetAddress[recipients.size()];
		for (int i = 0; i < addresses.length; i++) {
			addresses[i] = new InternetAddress(recipients.get(i), true);
		}
		return addresses;
	}

	private static String domainOf(InternetAddress address) {
		String email = address.getAddress();
		int at = email.lastIndexOf('@');
		return (at >= 0) ? email.substring(at + 1) : "localhost";
	}

	private static String describe(JavaMailSender sender) {
		if (sender instanceof JavaMailSenderImpl impl) {
			return "smtp://" + impl.getHost() + ((impl.getPort() > 0) ? ":" + impl.getPort() : "");
		}
		return "smtp";
	}

	/**
	 * Keeps the Message-ID we chose: JavaMail would otherwise make up a new one each time
	 * the headers are updated.
	 */
	private static final class FixedIdMimeMessage extends MimeMessage {

		private final String messageId;

		FixedIdMimeMessage(Session session, String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", this.messageId);
		}

	}

}
