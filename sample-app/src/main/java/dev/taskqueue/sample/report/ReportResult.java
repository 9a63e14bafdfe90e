package dev.taskqueue.sample.report;

import java.math.BigDecimal;

/**
 * A generated report.
 *
 * @param file the CSV file's absolute path
 * @param downloadUrl where the demo serves the file
 * @param rows data rows written (the file has one more, the header)
 * @param bytes the file's size
 * @param monthlyPayment the regular payment
 * @param totalInterest the interest paid over all payments
 */
public record ReportResult(String file, String downloadUrl, int rows, long bytes, BigDecimal monthlyPayment,
		BigDecimal totalInterest) {

}
