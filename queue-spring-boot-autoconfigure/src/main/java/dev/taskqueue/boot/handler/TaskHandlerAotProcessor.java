package dev.taskqueue.boot.handler;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Set;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.taskqueue.TaskHandler;

/**
 * Ahead-of-time processing of beans with {@link TaskHandler @TaskHandler} methods: the
 * methods are called by reflection, and their payload parameters and results are bound to
 * and from JSON, so a native image must keep them. The handlers themselves are still
 * found at run time, by {@link TaskHandlerAnnotationBeanPostProcessor}. Registered in
 * {@code META-INF/spring/aot.factories}.
 */
final class TaskHandlerAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean bean) {
		Class<?> beanClass = ClassUtils.getUserClass(bean.getBeanClass());
		Set<Method> methods = MethodIntrospector.selectMethods(beanClass,
				(ReflectionUtils.MethodFilter) (method) -> AnnotatedElementUtils.hasAnnotation(method,
						TaskHandler.class));
		if (methods.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
			for (Method method : methods) {
				reflection.registerMethod(method, ExecutableMode.INVOKE);
				for (Type parameter : method.getGenericParameterTypes()) {
					bindings.registerReflectionHints(reflection, parameter);
				}
				bindings.registerReflectionHints(reflection, method.getGenericReturnType());
			}
		};
	}

}
