package dev.taskqueue.boot.aot;

import java.lang.reflect.Method;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;

import dev.taskqueue.Task;
import dev.taskqueue.TaskContext;
import dev.taskqueue.TaskHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints a native image of an application gets from the starter, found as Spring's AOT
 * engine finds them ({@code META-INF/spring/aot.factories}): the OpenAPI document and
 * REST bodies, and for every bean with {@code @TaskHandler} methods, the methods (called
 * by reflection) with their payload and result types (bound to and from JSON).
 */
class RuntimeHintsTests {

	@Test
	void theRestApiKeepsItsDocumentAndItsBodies() {
		RuntimeHints hints = new RuntimeHints();
		AotServices.factories()
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/taskqueue/boot/web/openapi.json")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Task.class)).accepts(hints);
	}

	@Test
	void handlerMethodsAndTheirPayloadAndResultTypesAreKept() throws Exception {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("emails", new RootBeanDefinition(Emails.class));
		beanFactory.registerBeanDefinition("other", new RootBeanDefinition(NoHandlers.class));
		List<BeanRegistrationAotProcessor> processors = AotServices.factoriesAndBeans(beanFactory)
			.load(BeanRegistrationAotProcessor.class)
			.asList();
		RuntimeHints hints = contribute(processors, RegisteredBean.of(beanFactory, "emails"));
		Method send = Emails.class.getDeclaredMethod("send", Email.class, TaskContext.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(send)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Email.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Receipt.class)).accepts(hints);

		assertThat(contribute(processors, RegisteredBean.of(beanFactory, "other")).reflection().typeHints())
			.as("a bean without handlers contributes nothing")
			.isEmpty();
	}

	private static RuntimeHints contribute(List<BeanRegistrationAotProcessor> processors, RegisteredBean bean) {
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "Application")), new InMemoryGeneratedFiles());
		for (BeanRegistrationAotProcessor processor : processors) {
			BeanRegistrationAotContribution contribution = processor.processAheadOfTime(bean);
			if (contribution != null && processor.getClass().getName().startsWith("dev.taskqueue")) {
				contribution.applyTo(generation, null);
			}
		}
		return generation.getRuntimeHints();
	}

	record Email(String to, String subject) {
	}

	record Receipt(String messageId) {
	}

	static class Emails {

		@TaskHandler(type = "send-email")
		Receipt send(Email email, TaskContext context) {
			return new Receipt(email.to());
		}

	}

	static class NoHandlers {

		void send(Email email) {
		}

	}

}
