package dev.taskqueue.sample.report;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

import org.springframework.stereotype.Component;

import dev.taskqueue.Recurring;
import dev.taskqueue.TaskContext;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.sample.AtomicFile;
import dev.taskqueue.sample.SampleProperties;

/**
 * Generates loan amortisation reports as CSV files in {@code sample.reports-dir},
 * reporting progress as it goes and stopping when the task is cancelled.
 */
@Component
public class ReportGenerator {

	static final String HEADER = "month,payment,principal,interest,balance";

	private final SampleProperties properties;

	public ReportGenerator(SampleProperties properties) {
		this.properties = properties;
	}

	/**
	 * Writes one report. The file appears only once complete: a cancelled or failed
	 * attempt leaves none. A small one is also made every night at 02:00, Paris time
	 * ({@code sample.reports.nightly-cron} and {@code sample.reports.zone} change that;
	 * {@code taskqueue.schedules.nightly-report.enabled=false} turns it off).
	 * @param request what to compute
	 * @param context the task's context, for progress and cancellation
	 * @return the file and a summary
	 * @throws Exception if the file cannot be written, or the task was cancelled
	 */
	@TaskHandler(type = "generate-report", queue = "reports", concurrency = 2)
	@Recurring(id = "nightly-report", cron = "${sample.reports.nightly-cron:0 0 2 * * *}",
			zone = "${sample.reports.zone:Europe/Paris}", payload = "{\"rows\": 120, \"delayMillisPerChunk\": 0}")
	public ReportResult generate(ReportRequest request, TaskContext context) throws Exception {
		int total = request.rows();
		AmortizationSchedule schedule = new AmortizationSchedule(request.principal(), request.annualRatePercent(),
				total);
		String fileName = "report-" + context.taskId() + ".csv";
		context.progress(0, 0, total, "starting");
		Path file = AtomicFile.write(this.properties.getReportsDir().resolve(fileName), (out) -> {
			Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
			writer.write(HEADER);
			writer.write("\r\n");
			int row = 0;
			while (schedule.hasNext()) {
				writer.write(schedule.nextLine());
				writer.write("\r\n");
				row++;
				if (row % request.chunkSize() == 0 || row == total) {
					writer.flush();
					context.progress((int) (row * 100L / total), row, total, "row " + row + " of " + total);
					if (row < total) {
						pause(request.delayMillisPerChunk(), context, row, total);
					}
				}
			}
			writer.flush();
		});
		return new ReportResult(file.toString(), "/demo/reports/" + fileName, total, Files.size(file),
				schedule.payment(), schedule.totalInterest());
	}

	private static void pause(long millis, TaskContext context, int row, int total) throws InterruptedException {
		if (context.isCancelled()) {
			throw new CancellationException("report cancelled at row " + row + " of " + total);
		}
		if (millis > 0) {
			// Only to make progress visible in the demo; an interrupt (cancel) ends it.
			Thread.sleep(millis);
		}
	}

}
