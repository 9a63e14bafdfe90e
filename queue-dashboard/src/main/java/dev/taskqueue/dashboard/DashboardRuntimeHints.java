package dev.taskqueue.dashboard;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image needs to serve the dashboard: its page, scripts and styles, the
 * JavaScript client, and uPlot's webjar (read through its {@code pom.properties}).
 * Registered in {@code META-INF/spring/aot.factories}.
 */
public final class DashboardRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		hints.resources()
			.registerPattern(DashboardPage.TEMPLATE)
			.registerPattern(DashboardRoutes.CLIENT)
			.registerPattern(DashboardRoutes.ASSETS + "*")
			.registerPattern("META-INF/maven/org.webjars.npm/uplot/pom.properties")
			.registerPattern("META-INF/resources/webjars/uplot/*/dist/*");
	}

}
