package dev.taskqueue.test;

import org.springframework.boot.test.context.SpringBootTest;

/** The tester on the memory backend, workers off. */
@SpringBootTest(classes = TesterTestApplication.class, properties = "taskqueue.worker.enabled=false")
class TaskQueueTesterMemoryTests extends AbstractTaskQueueTesterTests {

}
