import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import { engine, openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { openPostgres, type Database } from '../db/database';
import { DomainError } from '../domain-errors';
import { ensureScheduledRecord, listSchedules } from './report-schedule.repository';
import { recordInput, scheduleInput } from './coordination.schemas';
import { createRecord } from './coordination.service';
import { getInbox, getOverdueDashboard } from './coordination-register.service';
import {
	createReportSchedule,
	listReportSchedules,
	runReportSchedules
} from './report-schedule.service';

let database: Database & { url?: string };
let dla: Actor, planner40: Actor, planner30: Actor, lao906: Actor;
let laoCount40: number;
// 15 November 2026 in Bangkok.
const november = new Date('2026-11-15T03:00:00Z');

async function countScheduled(scheduleId: number) {
	const row = await sql<{ records: number; recipients: number }>`
		SELECT count(DISTINCT r.id)::int AS records, count(rr.id)::int AS recipients
		FROM coordination_record r LEFT JOIN record_recipient rr ON rr.record_id = r.id
		WHERE r.schedule_id = ${scheduleId}`.execute(database.db);
	return row.rows[0]!;
}

beforeAll(async () => {
	database = await openTestDatabase('imported');
	dla = await createTestUser(database.db, { role: 'dla_staff' });
	planner40 = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' });
	planner30 = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH30' });
	lao906 = await createTestUser(database.db, {
		role: 'lao_officer',
		dlaCode: '6400906',
		provinceCode: 'TH40'
	});
	const row = await database.db
		.selectFrom('lao')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('province_code', '=', 'TH40')
		.executeTakeFirstOrThrow();
	laoCount40 = Number(row.n);
});
afterAll(() => database?.close());

describe('recurring reports', () => {
	let scheduleId: number;

	it('a planner sets up the monthly report of their LAOs; the first due item appears at once', async () => {
		({ scheduleId } = await createReportSchedule(database.db, {
			actor: planner40,
			input: scheduleInput.parse({
				reportKind: 'sedz_progress',
				subject: 'รายงานความก้าวหน้าเขตพัฒนาเศรษฐกิจพอเพียงประจำเดือน',
				dayOfMonth: '3',
				recipientsRule: 'every_lao_of_province',
				ruleProvinceCode: 'TH40'
			}),
			now: november
		}));
		expect(laoCount40).toBeGreaterThan(100);
		expect(await countScheduled(scheduleId)).toEqual({ records: 1, recipients: laoCount40 });
		const record = await database.db
			.selectFrom('coordination_record')
			.select(['report_period', 'due_date', 'sender_kind', 'sender_code', 'kind'])
			.where('schedule_id', '=', scheduleId)
			.executeTakeFirstOrThrow();
		expect(record).toEqual({
			report_period: '2026-11',
			due_date: '2026-12-03',
			sender_kind: 'provincial_office',
			sender_code: 'TH40',
			kind: 'report'
		});
		expect((await listReportSchedules(database.db, { actor: planner40 })).map((s) => s.id)).toEqual(
			[scheduleId]
		);
		expect(await listReportSchedules(database.db, { actor: planner30 })).toEqual([]);
	});

	it('refuses a planner the LAOs of another province', async () => {
		const refused = await createReportSchedule(database.db, {
			actor: planner30,
			input: scheduleInput.parse({
				reportKind: 'sedz_progress',
				subject: 'x',
				dayOfMonth: '3',
				recipientsRule: 'every_lao_of_province',
				ruleProvinceCode: 'TH40'
			}),
			now: november
		}).catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(DomainError);
		expect((refused as DomainError).kind).toBe('forbidden');
	});

	it('run twice in the same period, creates each item once', async () => {
		const first = await runReportSchedules(database.db, { now: november });
		const second = await runReportSchedules(database.db, { now: new Date('2026-11-30T16:59:00Z') });
		expect([first.recordsCreated, first.recipientsAdded]).toEqual([0, 0]);
		expect([second.period, second.recordsCreated, second.recipientsAdded]).toEqual([
			'2026-11',
			0,
			0
		]);
		expect(await countScheduled(scheduleId)).toEqual({ records: 1, recipients: laoCount40 });
	});

	it('run by two instances at once (two connections in parallel) for a new period, creates each item once', async () => {
		// December in Bangkok from 17:00 UTC on 30 November.
		const december = new Date('2026-11-30T17:00:00Z');
		// A second instance: its own connection pool to the same database (PGlite has one
		// connection per process, so there the two runs interleave on it).
		const other = engine === 'postgres' ? await openPostgres(database.url!, 2) : database;
		try {
			const results = await Promise.all([
				runReportSchedules(database.db, { now: december }),
				runReportSchedules(other.db, { now: december }),
				runReportSchedules(database.db, { now: december })
			]);
			expect(results.reduce((sum, r) => sum + r.recordsCreated, 0)).toBe(1);
			expect(results.reduce((sum, r) => sum + r.recipientsAdded, 0)).toBe(laoCount40);
		} finally {
			if (other !== database) await other.close();
		}
		expect(await countScheduled(scheduleId)).toEqual({ records: 2, recipients: 2 * laoCount40 });
		const periods = await database.db
			.selectFrom('coordination_record')
			.select(['report_period', 'due_date'])
			.where('schedule_id', '=', scheduleId)
			.orderBy('report_period')
			.execute();
		expect(periods).toEqual([
			{ report_period: '2026-11', due_date: '2026-12-03' },
			{ report_period: '2026-12', due_date: '2027-01-03' }
		]);
	});

	it('two open transactions inserting the same period: the second waits and inserts nothing', async () => {
		const schedule = (await listSchedules(database.db)).find((s) => s.id === scheduleId)!;
		const other = engine === 'postgres' ? await openPostgres(database.url!, 1) : database;
		try {
			let release!: () => void;
			const gate = new Promise<void>((resolve) => (release = resolve));
			let firstInserted!: () => void;
			const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
			// The first transaction inserts and stays open until the second has been started.
			const first = database.db.transaction().execute(async (trx) => {
				const result = await ensureScheduledRecord(trx, schedule, '2027-01', '2027-02-03');
				firstInserted();
				await gate;
				return result;
			});
			await inserted;
			const second = other.db
				.transaction()
				.execute((trx) => ensureScheduledRecord(trx, schedule, '2027-01', '2027-02-03'));
			release();
			const [a, b] = await Promise.all([first, second]);
			expect([a.created, b.created]).toEqual([true, false]);
			expect(b.recordId).toBe(a.recordId);
		} finally {
			if (other !== database) await other.close();
		}
	});

	it('an LAO files its report in reply: done for it, overdue for those who did not', async () => {
		const due = await database.db
			.selectFrom('coordination_record')
			.select('id')
			.where('schedule_id', '=', scheduleId)
			.where('report_period', '=', '2026-11')
			.executeTakeFirstOrThrow();
		const inbox = await getInbox(database.db, { actor: lao906, now: november });
		expect(inbox.askedOfMe.map((r) => r.id)).toContain(due.id);
		await createRecord(database.db, {
			actor: lao906,
			input: recordInput.parse({
				kind: 'report',
				subject: 'รายงานความก้าวหน้า พฤศจิกายน ๒๕๖๙',
				recipients: ['provincial_office:TH40'],
				replyTo: String(due.id)
			})
		});
		// 4 December 2026 in Bangkok: the November report was due on the 3rd.
		const later = new Date('2026-12-03T17:00:00Z');
		const dashboard = await getOverdueDashboard(database.db, { actor: planner40, now: later });
		const overdueForNovember = dashboard.items.filter((i) => i.recordId === due.id);
		expect(overdueForNovember.length).toBe(laoCount40 - 1);
		expect(overdueForNovember.map((i) => i.party.key)).not.toContain('lao:6400906');
		const country = await getOverdueDashboard(database.db, { actor: dla, now: later });
		expect(country.byProvince.find((p) => p.provinceCode === 'TH40')?.count).toBe(laoCount40 - 1);
	});
});
