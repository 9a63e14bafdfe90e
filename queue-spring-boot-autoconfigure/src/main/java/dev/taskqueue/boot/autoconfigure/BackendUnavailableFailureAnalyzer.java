package dev.taskqueue.boot.autoconfigure;

import java.util.Locale;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link BackendUnavailableException} in the start-up failure report.
 */
class BackendUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<BackendUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BackendUnavailableException cause) {
		String description = "taskqueue.backend is '" + cause.getBackend().name().toLowerCase(Locale.ROOT) + "', but "
				+ cause.getMessage();
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
