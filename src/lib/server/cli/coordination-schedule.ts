import { runReportSchedules } from '../coordination/report-schedule.service';
import { runProgressReportSchedule } from '../plans/progress-report.service';
import { queueOverdueReportNotices } from '../zones/zone-notice.service';
import { runCli } from './run-cli';

// npm run coordination:schedule — creates this month's due items of every active report
// schedule, and the zones' monthly progress reports for the month just ended (idempotent: the
// app does the same at start and hourly; running it again, or on several machines at once,
// creates nothing twice), and tells the filers of reports overdue (once per report).
await runCli(async (database) => {
	const result = await runReportSchedules(database.db);
	console.log(
		`Report schedules for ${result.period}: ${result.schedules} active, ` +
			`${result.recordsCreated} due item(s) created, ${result.recipientsAdded} recipient(s) added`
	);
	const progress = await runProgressReportSchedule(database.db);
	console.log(
		`Zone progress reports for ${progress.period}: ${progress.created} created, due ${progress.dueDate}`
	);
	const told = await queueOverdueReportNotices(database.db);
	console.log(`Overdue progress reports: ${told} notice(s) queued`);
	return 0;
});
