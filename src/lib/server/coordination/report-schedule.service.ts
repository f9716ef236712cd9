import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import { bangkokPeriod, monthlyDueDate } from '../../coordination/overdue';
import { canManageReportSchedule, coordinationPartyOf } from '../accounts/permissions';
import type { DB } from '../db/schema';
import { forbidden, invalid, notFound } from '../domain-errors';
import * as repo from './coordination.repository';
import * as parties from './coordination-parties.repository';
import * as scheduleRepo from './report-schedule.repository';
import { queueRecordNotices } from './notices.service';
import type { ScheduleInput } from './coordination.schemas';
import { runProgressReportSchedule } from '../plans/progress-report.service';
import { queueOverdueReportNotices } from '../zones/zone-notice.service';

/**
 * Recurring reports. A schedule asks a set of organisations (every provincial office, or every
 * LAO of a province) for a report each month, due on a day of the following month (the memo's
 * practice: the 3rd). Running the schedules creates the current period's due items: one record
 * per (schedule, period), one recipient row per party, both inserted with ON CONFLICT DO
 * NOTHING, so a run repeated, or made by several app instances against one database at the
 * same moment, creates each item once.
 */

export interface ScheduleRunResult {
	period: string;
	schedules: number;
	recordsCreated: number;
	recipientsAdded: number;
}

/** Runs one schedule for the period `now` falls in (Bangkok), in its own transaction. */
async function runSchedule(db: Kysely<DB>, schedule: scheduleRepo.ScheduleRow, now: Date) {
	const period = bangkokPeriod(now);
	return db.transaction().execute(async (trx) => {
		const { recordId, created } = await scheduleRepo.ensureScheduledRecord(
			trx,
			schedule,
			period,
			monthlyDueDate(period, schedule.dayOfMonth)
		);
		const added = await repo.insertRecipients(
			trx,
			recordId,
			await scheduleRepo.scheduleRecipients(trx, schedule)
		);
		// Email notices for the recipients this run added (a run that added none queues none).
		if (added > 0) await queueRecordNotices(trx, recordId);
		return { created, added };
	});
}

/** Creates the current period's due items of every active schedule (idempotent). */
export async function runReportSchedules(
	db: Kysely<DB>,
	options: { now?: Date } = {}
): Promise<ScheduleRunResult> {
	const now = options.now ?? new Date();
	const schedules = await scheduleRepo.listSchedules(db, { activeOnly: true });
	let recordsCreated = 0;
	let recipientsAdded = 0;
	for (const schedule of schedules) {
		const { created, added } = await runSchedule(db, schedule, now);
		if (created) recordsCreated += 1;
		recipientsAdded += added;
	}
	return {
		period: bangkokPeriod(now),
		schedules: schedules.length,
		recordsCreated,
		recipientsAdded
	};
}

/**
 * Adds a schedule sent by the actor's organisation and creates its current period's item at
 * once. DLA any; a planner the monthly report of their own province's LAOs.
 */
export async function createReportSchedule(
	db: Kysely<DB>,
	request: { actor: Actor | null; input: ScheduleInput; now?: Date }
): Promise<{ scheduleId: number }> {
	const { actor, input } = request;
	const sender = coordinationPartyOf(actor);
	if (input.recipientsRule === 'every_lao_of_province' && input.ruleProvinceCode === null)
		throw invalid([
			{ rule: 'coordination.required', field: 'ruleProvinceCode', message: 'choose the province' }
		]);
	const ruleProvinceCode =
		input.recipientsRule === 'every_lao_of_province' ? input.ruleProvinceCode : null;
	if (
		!actor ||
		!sender ||
		!canManageReportSchedule(actor, { recipientsRule: input.recipientsRule, ruleProvinceCode })
	)
		throw forbidden('Your organisation may not set up this schedule');
	const scheduleId = await db.transaction().execute(async (trx) => {
		if (ruleProvinceCode && (await parties.findProvinces(trx, [ruleProvinceCode])).length === 0)
			throw invalid([
				{
					rule: 'coordination.unknown_province',
					field: 'ruleProvinceCode',
					message: `no province ${ruleProvinceCode}`
				}
			]);
		return scheduleRepo.insertSchedule(trx, {
			reportKind: input.reportKind,
			subject: input.subject,
			sender,
			dayOfMonth: input.dayOfMonth,
			recipientsRule: input.recipientsRule,
			ruleProvinceCode,
			createdBy: actor.userId
		});
	});
	const schedule = (await scheduleRepo.findSchedule(db, scheduleId))!;
	await runSchedule(db, schedule, request.now ?? new Date());
	return { scheduleId };
}

/** The schedules the actor manages (DLA all; a planner their province's). */
export async function listReportSchedules(db: Kysely<DB>, request: { actor: Actor | null }) {
	const { actor } = request;
	if (actor?.role !== 'dla_staff' && actor?.role !== 'planner')
		throw forbidden('Schedules are managed by DLA and provincial offices');
	const all = await scheduleRepo.listSchedules(db);
	return all.filter((s) => canManageReportSchedule(actor, s));
}

export async function setReportScheduleActive(
	db: Kysely<DB>,
	request: { actor: Actor | null; scheduleId: number; active: boolean }
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const schedule = await scheduleRepo.findSchedule(trx, request.scheduleId);
		if (!schedule) throw notFound(`No schedule ${request.scheduleId}`);
		if (!canManageReportSchedule(request.actor, schedule)) throw forbidden('Not your schedule');
		await scheduleRepo.setScheduleActive(trx, schedule.id, request.active);
	});
}

/** Runs the schedules now and then every hour, in the background; returns a stop function. */
export function startReportScheduler(db: Kysely<DB>, intervalMs = 60 * 60 * 1000): () => void {
	const run = () =>
		void runReportSchedules(db)
			.then((r) => {
				if (r.recordsCreated > 0 || r.recipientsAdded > 0)
					console.log(
						`Report schedules (${r.period}): ${r.recordsCreated} due item(s), ${r.recipientsAdded} recipient(s) added`
					);
			})
			.catch((error: unknown) => console.error('Running the report schedules failed:', error))
			// The zones' monthly progress reports (issue 16): one per approved zone and month.
			.then(() => runProgressReportSchedule(db))
			.then((r) => {
				if (r && r.created > 0)
					console.log(`Progress reports (${r.period}): ${r.created} due on ${r.dueDate}`);
			})
			.catch((error: unknown) => console.error('Making the progress reports failed:', error))
			// Reports not submitted by the end of their due day: their filers told once (issue 16).
			.then(() => queueOverdueReportNotices(db))
			.then((told) => {
				if (told && told > 0) console.log(`Progress reports overdue: ${told} notice(s) queued`);
			})
			.catch((error: unknown) => console.error('Telling of overdue reports failed:', error));
	run();
	const timer = setInterval(run, intervalMs);
	// The scheduler never keeps the process alive by itself.
	timer.unref();
	return () => clearInterval(timer);
}
