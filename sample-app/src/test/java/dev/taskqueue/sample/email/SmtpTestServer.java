package dev.taskqueue.sample.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP server (RFC 5321: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) on a free
 * local port, so the SMTP path is tested against a real conversation on a real socket. It
 * accepts every message and keeps it. Thread-safe.
 */
final class SmtpTestServer implements AutoCloseable {

	private final ServerSocket socket;

	private final List<Received> messages = new CopyOnWriteArrayList<>();

	private SmtpTestServer(ServerSocket socket) {
		this.socket = socket;
	}

	static SmtpTestServer start() {
		try {
			SmtpTestServer server = new SmtpTestServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
			Thread acceptor = new Thread(server::accept, "smtp-test-server");
			acceptor.setDaemon(true);
			acceptor.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.socket.getLocalPort();
	}

	List<Received> messages() {
		return List.copyOf(this.messages);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try (Socket client = this.socket.accept()) {
				converse(client);
			}
			catch (IOException ex) {
				// closed, or the client went away: wait for the next one
			}
		}
	}

	private void converse(Socket client) throws IOException {
		BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
		OutputStream out = client.getOutputStream();
		reply(out, "220 localhost SMTP test server");
		String from = null;
		List<String> recipients = new ArrayList<>();
		String line;
		while ((line = in.readLine()) != null) {
			String command = line.toUpperCase();
			if (command.startsWith("EHLO") || command.startsWith("HELO")) {
				reply(out, "250 localhost");
			}
			else if (command.startsWith("MAIL FROM:")) {
				from = address(line);
				recipients.clear();
				reply(out, "250 OK");
			}
			else if (command.startsWith("RCPT TO:")) {
				recipients.add(address(line));
				reply(out, "250 OK");
			}
			else if (command.equals("DATA")) {
				reply(out, "354 end with <CRLF>.<CRLF>");
				this.messages.add(new Received(from, List.copyOf(recipients), readData(in)));
				reply(out, "250 OK queued");
			}
			else if (command.equals("QUIT")) {
				reply(out, "221 bye");
				return;
			}
			else if (command.equals("RSET") || command.equals("NOOP")) {
				reply(out, "250 OK");
			}
			else {
				reply(out, "502 not implemented");
			}
		}
	}

	private static String readData(BufferedReader in) throws IOException {
		StringBuilder data = new StringBuilder();
		String line;
		while ((line = in.readLine()) != null && !line.equals(".")) {
			// undo dot-stuffing
			data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
		}
		return data.toString();
	}

	private static String address(String line) {
		int start = line.indexOf('<');
		int end = line.indexOf('>');
		return (start >= 0 && end > start) ? line.substring(start + 1, end)
				: line.substring(line.indexOf(':') + 1).trim();
	}

	private static void reply(OutputStream out, String text) throws IOException {
		out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	/**
	 * A message the server accepted.
	 *
	 * @param from the envelope sender
	 * @param recipients the envelope recipients
	 * @param data the message as sent (headers and body)
	 */
	record Received(String from, List<String> recipients, String data) {

	}

}
