package dev.taskqueue.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.util.unit.DataSize;

/**
 * The REST API and Server-Sent Events, under {@code taskqueue.web}.
 */
public class WebApiProperties {

	/**
	 * Whether the REST API is served (needs Spring MVC).
	 */
	private boolean enabled = true;

	/**
	 * Where the REST API is served.
	 */
	private String basePath = "/api/tasks";

	/**
	 * Whether writes (enqueue, retry, cancel, delete, queue operations) are allowed over
	 * HTTP. Until true they answer 403. Secure them with Spring Security before enabling.
	 */
	private boolean operationsEnabled = false;

	/**
	 * Whether tasks read over HTTP and in event streams show their error's stack trace.
	 * Off by default: a trace's class and file names help an attacker more than a reader.
	 * The error's message and type are always shown.
	 */
	private boolean exposeStackTraces = false;

	/**
	 * Origins (such as https://admin.example.com) whose pages may send writes to the REST
	 * API from a browser. Other cross-site writes are refused unless Spring Security's
	 * CSRF protection is in charge; the application's own origin and clients that are not
	 * browsers always may.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * The largest request body the REST API reads; larger ones are refused with 413
	 * before they are parsed. Defaults to taskqueue.defaults.max-payload-size plus 64KB
	 * for the rest of an enqueue request.
	 */
	private DataSize maxRequestSize;

	/**
	 * How many Server-Sent Events streams may be open at once; one more answers 503 until
	 * one closes. Bounds the memory that slow or idle clients can hold.
	 */
	private int maxEventStreams = 1000;

	/**
	 * The most tasks one bulk enqueue (POST {base-path}/bulk) may hold; a request with
	 * more is refused with 400. The request size limit (max-request-size) applies first.
	 */
	private int maxBulkSize = 1000;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getBasePath() {
		return this.basePath;
	}

	public void setBasePath(String basePath) {
		this.basePath = basePath;
	}

	public boolean isOperationsEnabled() {
		return this.operationsEnabled;
	}

	public void setOperationsEnabled(boolean operationsEnabled) {
		this.operationsEnabled = operationsEnabled;
	}

	public boolean isExposeStackTraces() {
		return this.exposeStackTraces;
	}

	public void setExposeStackTraces(boolean exposeStackTraces) {
		this.exposeStackTraces = exposeStackTraces;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public DataSize getMaxRequestSize() {
		return this.maxRequestSize;
	}

	public void setMaxRequestSize(DataSize maxRequestSize) {
		this.maxRequestSize = maxRequestSize;
	}

	public int getMaxEventStreams() {
		return this.maxEventStreams;
	}

	public void setMaxEventStreams(int maxEventStreams) {
		this.maxEventStreams = maxEventStreams;
	}

	public int getMaxBulkSize() {
		return this.maxBulkSize;
	}

	public void setMaxBulkSize(int maxBulkSize) {
		this.maxBulkSize = maxBulkSize;
	}

}
