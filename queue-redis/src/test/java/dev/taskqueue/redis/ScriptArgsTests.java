package dev.taskqueue.redis;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.taskqueue.redis.RedisScripts.Script;
import dev.taskqueue.redis.ScriptArgs.Group;
import dev.taskqueue.redis.ScriptArgs.GroupArgs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that each script's arguments record and its Lua script agree: the record's
 * components are the names the script binds and documents, in order, and its values
 * travel in that order.
 */
class ScriptArgsTests {

	private static final Pattern BIND_ARGS = Pattern.compile("bindArgs\\(([^)]*)\\)");

	private static final Pattern ARGV_LINE = Pattern.compile("\\n\\s*ARGV:([^\\n]*)");

	@ParameterizedTest
	@EnumSource(Script.class)
	void luaBindsTheNamesOfTheArgumentsRecord(Script script) {
		String source = RedisScripts.resource(script.file());
		Matcher binding = BIND_ARGS.matcher(source);
		List<String> bound = binding.find() ? names(binding.group(1)) : List.of();
		assertThat(bound).as(script.file() + " binds the components of " + script.args().getSimpleName())
			.isEqualTo(argumentNames(script.args()));
		Matcher header = ARGV_LINE.matcher(source);
		assertThat(header.find()).as(script.file() + " documents its ARGV").isTrue();
		List<String> documented = List.of(header.group(1).trim().split("\\s+"));
		assertThat(documented.equals(List.of("none")) ? List.of() : documented)
			.as(script.file() + " documents the names it binds")
			.isEqualTo(bound);
	}

	@ParameterizedTest
	@EnumSource(Script.class)
	void luaNamesTheFieldsOfEachGroupRecord(Script script) {
		String source = RedisScripts.resource(RedisScripts.COMMON) + RedisScripts.resource(script.file());
		for (Class<?> group : groups(script.args())) {
			String name = luaName(group);
			Matcher declared = Pattern.compile("local " + name + " = argGroup\\(([^)]*)\\)").matcher(source);
			assertThat(declared.find()).as(script.file() + " declares " + name).isTrue();
			List<String> fields = names(declared.group(1));
			assertThat(fields).as(name + " names the components of " + group.getSimpleName())
				.isEqualTo(argumentNames(group));
			Matcher documented = Pattern.compile(name + " groups?[^:\\n]*:([^\\n]*)").matcher(source);
			assertThat(documented.find()).as(script.file() + " documents " + name).isTrue();
			assertThat(List.of(documented.group(1).trim().split("\\s+"))).as(name + " is documented as bound")
				.isEqualTo(fields);
			Matcher read = Pattern.compile("local ([\\w, ]+) = " + name + "\\.read\\(").matcher(source);
			assertThat(read.find()).as(script.file() + " reads " + name).isTrue();
			assertThat(names(read.group(1))).as(name + " is read into locals of its field names").isEqualTo(fields);
		}
	}

	@ParameterizedTest
	@EnumSource(Script.class)
	void valuesTravelInTheOrderOfTheComponents(Script script) throws ReflectiveOperationException {
		ScriptArgs args = (ScriptArgs) sample(script.args());
		List<String> written = Arrays.stream(args.encode()).map(ScriptValues::text).toList();
		assertThat(written).isEqualTo(expectedValues((Record) args));
		assertThat(Script.of(args)).isSameAs(script);
	}

	/** The names a record stands for, as its script binds them (see ScriptArgs). */
	private static List<String> argumentNames(Class<?> record) {
		List<String> names = new ArrayList<>();
		for (RecordComponent component : record.getRecordComponents()) {
			names.add(component.getName());
			if (component.getType() == EventDemand.class) {
				names.add("maxLen");
			}
		}
		return names;
	}

	/** The group records a record's lists and groups hold, nested ones included. */
	private static List<Class<?>> groups(Class<?> record) {
		List<Class<?>> groups = new ArrayList<>();
		for (RecordComponent component : record.getRecordComponents()) {
			Class<?> group = groupOf(component);
			if (group != null) {
				groups.add(group);
				groups.addAll(groups(group));
			}
		}
		return groups;
	}

	/** The group record of a {@code List<Group<X>>} or {@code Group<X>} component. */
	private static Class<?> groupOf(RecordComponent component) {
		Type type = component.getGenericType();
		if (component.getType() == List.class) {
			type = ((ParameterizedType) type).getActualTypeArguments()[0];
		}
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Group.class) {
			return (Class<?>) parameterized.getActualTypeArguments()[0];
		}
		return null;
	}

	/** NewTaskArgs: NEW_TASK. */
	private static String luaName(Class<?> group) {
		String name = group.getSimpleName().replaceFirst("Args$", "");
		return name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
	}

	private static List<String> names(String list) {
		String names = list.replaceAll("[\\s']", "");
		return names.isEmpty() ? List.of() : List.of(names.split(","));
	}

	/** A record with a distinct value in each component (every flag set). */
	private static Object sample(Class<?> record) throws ReflectiveOperationException {
		RecordComponent[] components = record.getRecordComponents();
		Object[] values = new Object[components.length];
		Class<?>[] types = new Class<?>[components.length];
		for (int i = 0; i < components.length; i++) {
			RecordComponent component = components[i];
			types[i] = component.getType();
			Class<?> group = groupOf(component);
			if (group != null) {
				Group<?> value = Group.of((GroupArgs) sample(group));
				values[i] = (types[i] == List.class) ? List.of(value, value) : value;
			}
			else if (types[i] == String.class) {
				values[i] = component.getName() + "-value";
			}
			else if (types[i] == int.class) {
				values[i] = 100 + i;
			}
			else if (types[i] == long.class) {
				values[i] = 1000L + i;
			}
			else if (types[i] == boolean.class) {
				values[i] = true;
			}
			else if (types[i] == Instant.class) {
				values[i] = Instant.ofEpochMilli(1_900_000_000_000L + i);
			}
			else if (types[i] == EventDemand.class) {
				values[i] = EventDemand.of(77, true);
			}
			else {
				throw new IllegalStateException("no sample for " + component);
			}
		}
		Constructor<?> constructor = record.getDeclaredConstructor(types);
		constructor.setAccessible(true);
		return constructor.newInstance(values);
	}

	/**
	 * The values a record's script expects: its components in order, then the groups of
	 * its lists, then the groups those groups carry.
	 */
	private static List<String> expectedValues(Record record) throws ReflectiveOperationException {
		List<String> values = new ArrayList<>();
		List<Record> groups = new ArrayList<>();
		for (RecordComponent component : record.getClass().getRecordComponents()) {
			Object value = component.getAccessor().invoke(record);
			if (value instanceof EventDemand demand) {
				values.add("always");
				values.add("77");
			}
			else if (value instanceof List<?> list) {
				values.add(Integer.toString(list.size()));
				list.forEach((group) -> groups.add((Record) ((Group<?>) group).args()));
			}
			else if (value instanceof Group<?>) {
				values.add("1");
			}
			else if (value instanceof Boolean flag) {
				values.add(flag ? "1" : "0");
			}
			else if (value instanceof Instant instant) {
				values.add(RedisTimes.format(instant));
			}
			else {
				values.add(value.toString());
			}
		}
		for (Record group : groups) {
			values.addAll(expectedValues(group));
		}
		for (Record group : groups) {
			for (RecordComponent component : group.getClass().getRecordComponents()) {
				if (component.getAccessor().invoke(group) instanceof Group<?> nested) {
					values.addAll(expectedValues((Record) nested.args()));
				}
			}
		}
		return values;
	}

}
