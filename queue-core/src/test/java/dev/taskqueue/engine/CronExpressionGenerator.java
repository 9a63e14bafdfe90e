package dev.taskqueue.engine;

import java.util.List;
import java.util.Random;

/**
 * Random six-field cron expressions of every shape Spring's {@code CronExpression} reads:
 * {@code *}, numbers, ranges, lists, steps, names, {@code L}, {@code W}, {@code #} and
 * {@code ?}. Seeded, so a failure can be replayed. {@code L-n} stops at 27 and {@code nW}
 * at 28, as {@link CronSchedule} refuses larger ones.
 */
final class CronExpressionGenerator {

	private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
			"OCT", "NOV", "DEC");

	private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

	private final Random random;

	CronExpressionGenerator(long seed) {
		this.random = new Random(seed);
	}

	/** The next expression. */
	String next() {
		return String.join(" ", plain(0, 59, 0.3), plain(0, 59, 0.3), plain(0, 23, 0.3), dayOfMonth(), month(),
				dayOfWeek());
	}

	private String plain(int min, int max, double starChance) {
		if (this.random.nextDouble() < starChance) {
			return "*";
		}
		return switch (this.random.nextInt(6)) {
			case 0 -> number(min, max);
			case 1 -> range(min, max);
			case 2 -> number(min, max) + "," + number(min, max) + "," + range(min, max);
			case 3 -> "*/" + between(1, max - min + 1);
			case 4 -> number(min, max) + "/" + between(1, max - min + 1);
			default -> range(min, max) + "/" + between(1, max - min + 1);
		};
	}

	private String dayOfMonth() {
		return switch (this.random.nextInt(10)) {
			case 0 -> "L";
			case 1 -> "L-" + between(0, 27);
			case 2 -> between(1, 28) + "W";
			case 3 -> "LW";
			case 4 -> "?";
			case 5, 6 -> "*";
			default -> plain(1, 31, 0);
		};
	}

	private String month() {
		if (this.random.nextInt(4) == 0) {
			String name = MONTHS.get(this.random.nextInt(12));
			return (this.random.nextBoolean()) ? name : name + "-" + MONTHS.get(11);
		}
		return plain(1, 12, 0.5);
	}

	private String dayOfWeek() {
		return switch (this.random.nextInt(12)) {
			case 0 -> between(0, 7) + "L";
			case 1 -> between(0, 7) + "#" + between(1, 5);
			case 2 -> DAYS.get(this.random.nextInt(7));
			case 3 -> "MON-" + DAYS.get(this.random.nextInt(6) + 1);
			case 4 -> DAYS.get(this.random.nextInt(7)) + "," + DAYS.get(this.random.nextInt(7));
			case 5 -> "?";
			case 6, 7, 8 -> "*";
			default -> plain(0, 7, 0);
		};
	}

	private String range(int min, int max) {
		int a = between(min, max);
		int b = between(a, max);
		return a + "-" + b;
	}

	private String number(int min, int max) {
		return Integer.toString(between(min, max));
	}

	private int between(int min, int max) {
		return min + this.random.nextInt(max - min + 1);
	}

}
