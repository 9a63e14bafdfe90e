package dev.taskqueue.sample.report;

/**
 * A loan amortisation report to generate: one CSV row per monthly payment.
 *
 * @param rows how many monthly payments (1 to 1,000,000); {@code null} for 1000
 * @param principal the amount borrowed; {@code null} for 250,000
 * @param annualRatePercent the yearly interest rate in percent; {@code null} for 4.5
 * @param chunkSize rows written between progress reports; {@code null} for 20
 * @param delayMillisPerChunk a pause after each chunk so that progress is visible in the
 * demo; {@code null} for 50, 0 for none
 */
public record ReportRequest(Integer rows, Double principal, Double annualRatePercent, Integer chunkSize,
		Long delayMillisPerChunk) {

	/** The most rows a report may have. */
	public static final int MAX_ROWS = 1_000_000;

	/**
	 * Applies defaults and validates the request.
	 * @param rows the rows
	 * @param principal the principal
	 * @param annualRatePercent the rate
	 * @param chunkSize the chunk size
	 * @param delayMillisPerChunk the pause per chunk
	 */
	public ReportRequest {
		rows = (rows != null) ? rows : 1000;
		principal = (principal != null) ? principal : 250_000.0;
		annualRatePercent = (annualRatePercent != null) ? annualRatePercent : 4.5;
		chunkSize = (chunkSize != null) ? chunkSize : 20;
		delayMillisPerChunk = (delayMillisPerChunk != null) ? delayMillisPerChunk : 50L;
		if (rows < 1 || rows > MAX_ROWS) {
			throw new IllegalArgumentException("rows must be between 1 and " + MAX_ROWS + ", was " + rows);
		}
		if (!(principal > 0) || principal > 1e12) {
			throw new IllegalArgumentException("principal must be positive and at most 1e12, was " + principal);
		}
		if (!(annualRatePercent >= 0) || annualRatePercent > 100) {
			throw new IllegalArgumentException("annualRatePercent must be between 0 and 100, was " + annualRatePercent);
		}
		if (chunkSize < 1) {
			throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
		}
		if (delayMillisPerChunk < 0 || delayMillisPerChunk > 60_000) {
			throw new IllegalArgumentException(
					"delayMillisPerChunk must be between 0 and 60000, was " + delayMillisPerChunk);
		}
	}

}
