package dev.taskqueue.boot.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, for requests that an HTTP
 * client library would refuse to send: raw bytes in the target (broken percent-encoding,
 * invalid UTF-8), any method, any header, a body of any size, chunked or not. An event
 * stream's answer is read up to its headers only.
 */
final class RawHttp {

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	/**
	 * Sends one request and reads the answer.
	 * @param method the method, sent as it is
	 * @param target the request target, sent as it is (for example
	 * {@code /api/tasks?cursor=%})
	 * @param headers the headers besides Host, Connection and Content-Length
	 * @param body the body, or {@code null}
	 * @param chunked whether to send the body chunked rather than with a Content-Length
	 * @return the answer
	 */
	Answer send(String method, String target, Map<String, String> headers, byte[] body, boolean chunked) {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(15_000);
			OutputStream out = socket.getOutputStream();
			StringBuilder head = new StringBuilder();
			head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
			head.append("Host: localhost:").append(this.port).append("\r\n");
			head.append("Connection: close\r\n");
			headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			if (body != null && chunked) {
				head.append("Transfer-Encoding: chunked\r\n");
			}
			else if (body != null) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			head.append("\r\n");
			out.write(head.toString().getBytes(StandardCharsets.UTF_8));
			try {
				writeBody(out, body, chunked);
			}
			catch (IOException ex) {
				// the server may answer (413) and close before it read everything
			}
			return read(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + target, ex);
		}
	}

	private static void writeBody(OutputStream out, byte[] body, boolean chunked) throws IOException {
		if (body == null) {
			out.flush();
			return;
		}
		if (!chunked) {
			out.write(body);
		}
		else {
			int chunk = 64 * 1024;
			for (int i = 0; i < body.length; i += chunk) {
				int length = Math.min(chunk, body.length - i);
				out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				out.write(body, i, length);
				out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		out.flush();
	}

	private static Answer read(InputStream in) throws IOException {
		String statusLine = line(in);
		if (statusLine == null) {
			throw new IOException("the server closed the connection without an answer");
		}
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
			int colon = line.indexOf(':');
			headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
					(a, b) -> a + ", " + b);
		}
		String contentType = headers.getOrDefault("content-type", "");
		if (contentType.startsWith("text/event-stream")) {
			return new Answer(status, headers, "");
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		try {
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer
					.parseInt(line(in).trim(), 16)) {
					body.write(in.readNBytes(size));
					line(in);
				}
			}
			else if (headers.containsKey("content-length")) {
				body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
			}
			else {
				in.transferTo(body);
			}
		}
		catch (SocketTimeoutException ex) {
			throw new IOException("the answer's body did not end", ex);
		}
		return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				byte[] bytes = line.toByteArray();
				int length = (bytes.length > 0 && bytes[bytes.length - 1] == '\r') ? bytes.length - 1 : bytes.length;
				return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
			}
			line.write(b);
		}
		return (line.size() > 0) ? line.toString(StandardCharsets.ISO_8859_1) : null;
	}

	/**
	 * An answer.
	 *
	 * @param status the status code
	 * @param headers the headers, by lower-case name
	 * @param body the body as text (empty for an event stream)
	 */
	record Answer(int status, Map<String, String> headers, String body) {

		String contentType() {
			return this.headers.getOrDefault("content-type", "");
		}

	}

}
