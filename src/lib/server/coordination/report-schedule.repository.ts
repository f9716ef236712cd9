import type { Kysely } from 'kysely';
import type { Party, RecipientsRule, ReportKind } from '../../coordination/terms';
import type { DB } from '../db/schema';

/**
 * The recurring report schedules (issue 12) and the due items they put in the register, one per
 * schedule and period. The service decides permissions and owns the transaction.
 */

export interface NewSchedule {
	reportKind: ReportKind;
	subject: string;
	sender: Party;
	dayOfMonth: number;
	recipientsRule: RecipientsRule;
	ruleProvinceCode: string | null;
	createdBy: number | null;
}

export async function insertSchedule(db: Kysely<DB>, s: NewSchedule): Promise<number> {
	const row = await db
		.insertInto('report_schedule')
		.values({
			report_kind: s.reportKind,
			subject: s.subject,
			sender_kind: s.sender.kind,
			sender_code: s.sender.code,
			day_of_month: s.dayOfMonth,
			recipients_rule: s.recipientsRule,
			rule_province_code: s.ruleProvinceCode,
			created_by: s.createdBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

const scheduleColumns = [
	'id',
	'report_kind as reportKind',
	'subject',
	'sender_kind as senderKind',
	'sender_code as senderCode',
	'day_of_month as dayOfMonth',
	'recipients_rule as recipientsRule',
	'rule_province_code as ruleProvinceCode',
	'active',
	'created_at as createdAt'
] as const;

export function listSchedules(db: Kysely<DB>, options: { activeOnly?: boolean } = {}) {
	let query = db.selectFrom('report_schedule').select(scheduleColumns);
	if (options.activeOnly) query = query.where('active', '=', true);
	return query.orderBy('id').execute();
}
export type ScheduleRow = Awaited<ReturnType<typeof listSchedules>>[number];

export function findSchedule(db: Kysely<DB>, id: number) {
	return db
		.selectFrom('report_schedule')
		.select(scheduleColumns)
		.where('id', '=', id)
		.executeTakeFirst();
}

export async function setScheduleActive(db: Kysely<DB>, id: number, active: boolean) {
	await db.updateTable('report_schedule').set({ active }).where('id', '=', id).execute();
}

/**
 * The due item of a schedule's period: inserted once, whoever asks first. A concurrent insert
 * of the same (schedule, period) waits for the first to commit and then does nothing; the
 * follow-up SELECT sees the committed row.
 */
export async function ensureScheduledRecord(
	db: Kysely<DB>,
	schedule: ScheduleRow,
	period: string,
	dueDate: string
): Promise<{ recordId: number; created: boolean }> {
	const inserted = await db
		.insertInto('coordination_record')
		.values({
			kind: 'report',
			// The period is its own column, shown in each language's calendar.
			subject: schedule.subject,
			sender_kind: schedule.senderKind,
			sender_code: schedule.senderCode,
			created_by: null,
			due_date: dueDate,
			schedule_id: schedule.id,
			report_period: period
		})
		.onConflict((oc) => oc.columns(['schedule_id', 'report_period']).doNothing())
		.returning('id')
		.executeTakeFirst();
	if (inserted) return { recordId: inserted.id, created: true };
	const existing = await db
		.selectFrom('coordination_record')
		.select('id')
		.where('schedule_id', '=', schedule.id)
		.where('report_period', '=', period)
		.executeTakeFirstOrThrow();
	return { recordId: existing.id, created: false };
}

/** The parties a schedule's rule asks today (the registry as imported now). */
export async function scheduleRecipients(db: Kysely<DB>, schedule: ScheduleRow): Promise<Party[]> {
	if (schedule.recipientsRule === 'every_provincial_office') {
		const rows = await db.selectFrom('province').select('code').orderBy('code').execute();
		return rows.map((r) => ({ kind: 'provincial_office', code: r.code }));
	}
	const rows = await db
		.selectFrom('lao')
		.select('dla_code')
		.where('province_code', '=', schedule.ruleProvinceCode!)
		.orderBy('dla_code')
		.execute();
	return rows.map((r) => ({ kind: 'lao', code: r.dla_code }));
}
