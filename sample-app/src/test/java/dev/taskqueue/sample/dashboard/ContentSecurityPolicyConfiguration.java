package dev.taskqueue.sample.dashboard;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the application send {@code Content-Security-Policy: default-src 'self'} with
 * every response, as a strict application would: no inline script, style or handler, no
 * other origin.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ContentSecurityPolicyConfiguration {

	/** The policy sent. */
	public static final String POLICY = "default-src 'self'";

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> contentSecurityPolicyFilter() {
		return new FilterRegistrationBean<>(new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				response.setHeader("Content-Security-Policy", POLICY);
				chain.doFilter(request, response);
			}

		});
	}

}
