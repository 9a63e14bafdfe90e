package dev.taskqueue.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.taskqueue.TaskQueue;

/**
 * Who this process is, as the records of its engines say: its host name, process id and
 * the task queue's version. Looked up once, on the first start of an engine.
 *
 * @param host the host name
 * @param pid the process id
 * @param version the task queue's version
 */
record ProcessIdentity(String host, long pid, String version) {

	/** The version reported when the task queue does not run from its released jar. */
	static final String DEVELOPMENT_VERSION = "development";

	/**
	 * This process.
	 * @return its identity
	 */
	static ProcessIdentity current() {
		return Holder.CURRENT;
	}

	/**
	 * The version a package's jar declares in its manifest
	 * ({@code Implementation-Version}).
	 * @param declaring the package, or {@code null}
	 * @return the version, or {@value #DEVELOPMENT_VERSION} when there is none (the
	 * package was loaded from classes, not from its jar)
	 */
	static String versionOf(Package declaring) {
		String version = (declaring != null) ? declaring.getImplementationVersion() : null;
		return (version == null || version.isBlank()) ? DEVELOPMENT_VERSION : version;
	}

	/**
	 * The host's name: from the environment when it says (containers and most shells do),
	 * else from the network layer, which may ask a resolver and so is tried last.
	 */
	private static String hostName() {
		for (String variable : new String[] { "HOSTNAME", "COMPUTERNAME" }) {
			String name = System.getenv(variable);
			if (name != null && !name.isBlank()) {
				return name;
			}
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException | SecurityException ex) {
			return "unknown";
		}
	}

	/** Looks the identity up on first use. */
	private static final class Holder {

		static final ProcessIdentity CURRENT = new ProcessIdentity(hostName(), ProcessHandle.current().pid(),
				versionOf(TaskQueue.class.getPackage()));

	}

}
