package dev.taskqueue.sample.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The payments of a fixed-rate loan, one month at a time, in cents. The last payment
 * absorbs the rounding so that the balance ends at exactly zero. Not thread-safe.
 */
final class AmortizationSchedule {

	private static final MathContext MATH = MathContext.DECIMAL64;

	private final int months;

	private final BigDecimal monthlyRate;

	private final BigDecimal payment;

	private BigDecimal balance;

	private BigDecimal totalInterest = BigDecimal.ZERO;

	private int month;

	AmortizationSchedule(double principal, double annualRatePercent, int months) {
		this.months = months;
		this.balance = BigDecimal.valueOf(principal).setScale(2, RoundingMode.HALF_EVEN);
		this.monthlyRate = BigDecimal.valueOf(annualRatePercent).divide(BigDecimal.valueOf(1200), MATH);
		this.payment = regularPayment();
	}

	// payment = P * r / (1 - (1 + r)^-n)
	private BigDecimal regularPayment() {
		if (this.monthlyRate.signum() == 0) {
			return this.balance.divide(BigDecimal.valueOf(this.months), 2, RoundingMode.CEILING);
		}
		BigDecimal growth = BigDecimal.ONE.add(this.monthlyRate).pow(this.months, MATH);
		BigDecimal factor = this.monthlyRate.multiply(growth, MATH).divide(growth.subtract(BigDecimal.ONE), MATH);
		return this.balance.multiply(factor, MATH).setScale(2, RoundingMode.HALF_EVEN);
	}

	BigDecimal payment() {
		return this.payment;
	}

	BigDecimal totalInterest() {
		return this.totalInterest;
	}

	boolean hasNext() {
		return this.month < this.months;
	}

	/**
	 * Computes the next month's payment.
	 * @return the CSV line: month, payment, principal, interest, balance
	 */
	String nextLine() {
		this.month++;
		BigDecimal interest = this.balance.multiply(this.monthlyRate, MATH).setScale(2, RoundingMode.HALF_EVEN);
		BigDecimal principalPart = this.payment.subtract(interest);
		if (this.month == this.months || principalPart.compareTo(this.balance) > 0) {
			principalPart = this.balance;
		}
		BigDecimal paid = principalPart.add(interest);
		this.balance = this.balance.subtract(principalPart);
		this.totalInterest = this.totalInterest.add(interest);
		return this.month + "," + paid.toPlainString() + "," + principalPart.toPlainString() + ","
				+ interest.toPlainString() + "," + this.balance.toPlainString();
	}

}
