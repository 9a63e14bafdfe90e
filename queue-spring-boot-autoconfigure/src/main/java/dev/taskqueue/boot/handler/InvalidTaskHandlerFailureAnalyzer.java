package dev.taskqueue.boot.handler;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidTaskHandlerException} in the start-up failure report.
 */
class InvalidTaskHandlerFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTaskHandlerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidTaskHandlerException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
