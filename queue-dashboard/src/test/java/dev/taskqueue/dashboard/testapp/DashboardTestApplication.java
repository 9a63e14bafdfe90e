package dev.taskqueue.dashboard.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The smallest application with the dashboard: Spring MVC and the task queue's
 * auto-configuration (in memory, no handlers).
 */
@SpringBootApplication
public class DashboardTestApplication {

}
