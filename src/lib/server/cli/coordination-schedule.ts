import { runReportSchedules } from '../coordination/report-schedule.service';
import { runCli } from './run-cli';

// npm run coordination:schedule — creates this month's due items of every active report
// schedule (idempotent: the app does the same at start and hourly; running it again, or on
// several machines at once, creates nothing twice).
await runCli(async (database) => {
	const result = await runReportSchedules(database.db);
	console.log(
		`Report schedules for ${result.period}: ${result.schedules} active, ` +
			`${result.recordsCreated} due item(s) created, ${result.recipientsAdded} recipient(s) added`
	);
	return 0;
});
