import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	nextMonthStart,
	reportingZones,
	type ReportingZone
} from '../../../../tests/fixtures/plans';
import { expectRefusal } from '../../../../tests/fixtures/refusals';
import { engine, openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { previousPeriod } from '../../plans/plan-terms';
import { listAuditEntries } from '../audit/audit.repository';
import { openPostgres, type Database } from '../db/database';
import type { DomainError } from '../domain-errors';
import {
	getReport,
	listZoneReports,
	reportDueDay,
	runProgressReportSchedule,
	runReportEvent,
	saveReport,
	setReportDueDay
} from './progress-report.service';

let database: Database & { url?: string };
let dla: Actor;
let planner40: Actor;
let governor40: Actor;
let officer: Actor;
let zoneId: number;
let otherZoneId: number;
/** An officer of an LAO the second zone covers. */
let otherOfficer: Actor;
/** The scheduler run at the start of next month, and the period (this month) it reports on. */
const { now: nextMonth, period } = nextMonthStart();

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const made = await reportingZones(database.db, [
		{ name: 'เขตรายงานทดสอบ', plan: true },
		{ name: 'เขตรายงานไม่มีแผน', officer: true }
	]);
	({ dla, planner: planner40, governor: governor40 } = made);
	[{ zoneId, officer }, { zoneId: otherZoneId, officer: otherOfficer }] = made.zones as [
		Required<ReportingZone>,
		Required<ReportingZone>
	];
});
afterAll(() => database?.close());

async function reportsOf(period: string) {
	return database.db
		.selectFrom('progress_report')
		.select(['zone_id', 'period', 'due_date', 'status'])
		.where('period', '=', period)
		.where('zone_id', 'in', [zoneId, otherZoneId])
		.orderBy('zone_id')
		.execute();
}

const entries = (version: number, changes: Record<string, unknown> = {}) => ({
	version,
	targets: [
		{ targetKey: 't1', value: 150, unit: 'ครัวเรือน' },
		{ targetKey: 't2', value: null }
	],
	activities: [
		{ activityKey: 'a1', status: 'in_progress', disbursedBaht: 40_000, peopleReached: 85, note: '' }
	],
	problems: 'ฝนตกหนักทำให้ขุดบ่อล่าช้า',
	...changes
});

describe(`monthly progress reports on ${engine}`, () => {
	it('are made once per approved zone for the month just ended, even by two instances at once', async () => {
		expect(await reportDueDay(database.db)).toBe(3);
		// This month has not ended: nothing is due for zones approved during it.
		const early = await runProgressReportSchedule(database.db, { now: new Date() });
		expect(early.created).toBe(0);
		expect(await reportsOf(previousPeriod(period))).toEqual([]);

		const other = engine === 'postgres' ? await openPostgres(database.url!, 2) : database;
		try {
			const runs = await Promise.all([
				runProgressReportSchedule(database.db, { now: nextMonth }),
				runProgressReportSchedule(other.db, { now: nextMonth }),
				runProgressReportSchedule(database.db, { now: nextMonth })
			]);
			expect(runs.map((r) => r.period)).toEqual([period, period, period]);
			// Every approved zone of the test database, these two included, made once in total.
			expect(runs.reduce((sum, r) => sum + r.created, 0)).toBeGreaterThanOrEqual(2);
		} finally {
			if (other !== database) await other.close();
		}
		const [year, month] = nextMonth.toISOString().slice(0, 7).split('-');
		expect(await reportsOf(period)).toEqual([
			{ zone_id: zoneId, period, due_date: `${year}-${month}-03`, status: 'draft' },
			{ zone_id: otherZoneId, period, due_date: `${year}-${month}-03`, status: 'draft' }
		]);
		expect((await runProgressReportSchedule(database.db, { now: nextMonth })).created).toBe(0);
	});

	it('due day: DLA staff change it for later periods; nobody else may', async () => {
		await expectRefusal(
			setReportDueDay(database.db, { actor: planner40, input: { dueDayOfMonth: 5 } }),
			'forbidden'
		);
		const bad = await expectRefusal(
			setReportDueDay(database.db, { actor: dla, input: { dueDayOfMonth: 31 } })
		);
		expect([bad.kind, bad.problems[0]?.field]).toEqual(['invalid', 'dueDayOfMonth']);
		await setReportDueDay(database.db, { actor: dla, input: { dueDayOfMonth: 5 } });
		expect(await reportDueDay(database.db)).toBe(5);
		const audit = await listAuditEntries(
			database.db,
			{ actionPrefix: 'report_setting.' },
			{ limit: 5 }
		);
		expect(audit.entries[0]?.after).toEqual({ dueDayOfMonth: 5 });
		// The report already made keeps its due date.
		expect((await reportsOf(period))[0]!.due_date.endsWith('-03')).toBe(true);
		await setReportDueDay(database.db, { actor: dla, input: { dueDayOfMonth: 3 } });
	});

	it('are filed, refused with the field named, submitted, returned with a reason, corrected and accepted', async () => {
		const db = database.db;
		const notDue = await expectRefusal(
			saveReport(db, { actor: officer, zoneId, period: '2020-01', input: entries(1) })
		);
		expect([notDue.kind, notDue.problems[0]?.field]).toEqual(['invalid', 'period']);

		// A report not accepted is not the public's.
		await expectRefusal(getReport(db, { actor: null, zoneId, period }), 'not_found');

		const wrongUnit = await expectRefusal(
			saveReport(db, {
				actor: officer,
				zoneId,
				period,
				input: entries(1, {
					targets: [
						{ targetKey: 't1', value: -4, unit: 'คน' },
						{ targetKey: 't9', value: 1 }
					],
					activities: [
						{ activityKey: 'a1', status: 'done', disbursedBaht: -1, peopleReached: 1.5, note: '' }
					]
				})
			})
		);
		expect(wrongUnit.problems.map((p) => p.field).sort()).toEqual([
			'activities.0.disbursedBaht',
			'activities.0.peopleReached'
		]);
		const wrongFigures = await expectRefusal(
			saveReport(db, {
				actor: officer,
				zoneId,
				period,
				input: entries(1, {
					targets: [
						{ targetKey: 't1', value: -4, unit: 'คน' },
						{ targetKey: 't9', value: 1 }
					]
				})
			})
		);
		expect(wrongFigures.problems.map((p) => [p.rule, p.field])).toEqual([
			['report.wrong_unit', 'targets.0.unit'],
			['report.negative_figure', 'targets.0.value'],
			['report.unknown_target', 'targets.1.targetKey']
		]);
		const unknownAndTwice = await expectRefusal(
			saveReport(db, {
				actor: officer,
				zoneId,
				period,
				input: entries(1, {
					targets: [
						{ targetKey: 't1', value: 4 },
						{ targetKey: 't1', value: 5 }
					],
					activities: [
						{ activityKey: 'a9', status: 'done', disbursedBaht: 0, peopleReached: 0, note: '' }
					]
				})
			})
		);
		expect(unknownAndTwice.problems.map((p) => [p.rule, p.field])).toEqual([
			['report.duplicate_entry', 'targets.1.targetKey'],
			['report.unknown_activity', 'activities.0.activityKey']
		]);

		// Above the activity's 150,000 baht: refused without a note, saved with a warning with one.
		const above = entries(1, {
			activities: [
				{
					activityKey: 'a1',
					status: 'in_progress',
					disbursedBaht: 160_000,
					peopleReached: 85,
					note: ''
				}
			]
		});
		const noNote = await expectRefusal(
			saveReport(db, { actor: officer, zoneId, period, input: above })
		);
		expect(noNote.problems.map((p) => [p.rule, p.field, p.details])).toEqual([
			[
				'report.disbursement_above_budget',
				'activities.0.note',
				{ remainingBaht: 150_000, disbursedBaht: 160_000 }
			]
		]);
		const withNote = await saveReport(db, {
			actor: officer,
			zoneId,
			period,
			input: {
				...above,
				activities: [{ ...above.activities[0], note: 'ได้งบเพิ่มจากเงินสะสม อบต.' }]
			}
		});
		expect(withNote.warnings.map((w) => w.rule)).toEqual(['report.disbursement_above_budget']);
		expect(withNote.report.version).toBe(2);

		// Incomplete: a submit needs every target and activity.
		const partial = await saveReport(db, {
			actor: officer,
			zoneId,
			period,
			input: entries(2, { targets: [{ targetKey: 't1', value: 150 }] })
		});
		const incomplete = await expectRefusal(
			runReportEvent(db, { actor: officer, zoneId, period, input: { event: 'submit', version: 3 } })
		);
		expect(incomplete.problems.map((p) => [p.rule, p.details])).toEqual([
			['report.target_missing', { targetKey: 't2' }]
		]);
		expect(partial.report.version).toBe(3);

		const saved = await saveReport(db, { actor: officer, zoneId, period, input: entries(3) });
		const submitted = await runReportEvent(db, {
			actor: officer,
			zoneId,
			period,
			input: { event: 'submit', version: saved.report.version }
		});
		expect([submitted.status, submitted.version]).toEqual(['submitted', 5]);
		// Submitted: no further saves; the LAO officer may not review; the governor neither.
		expect(
			(await expectRefusal(saveReport(db, { actor: officer, zoneId, period, input: entries(5) })))
				.problems[0]?.rule
		).toBe('report.submitted');
		for (const actor of [officer, governor40, dla])
			await expectRefusal(
				runReportEvent(db, { actor, zoneId, period, input: { event: 'accept', version: 5 } }),
				'forbidden'
			);
		const noReason = await expectRefusal(
			runReportEvent(db, {
				actor: planner40,
				zoneId,
				period,
				input: { event: 'return', version: 5 }
			})
		);
		expect(noReason.problems[0]?.field).toBe('reason');
		const returned = await runReportEvent(db, {
			actor: planner40,
			zoneId,
			period,
			input: { event: 'return', version: 5, reason: 'ตัวเลขครัวเรือนไม่ตรงกับทะเบียน' }
		});
		expect([returned.status, returned.returnReason]).toEqual([
			'returned',
			'ตัวเลขครัวเรือนไม่ตรงกับทะเบียน'
		]);
		const corrected = await saveReport(db, {
			actor: officer,
			zoneId,
			period,
			input: entries(6, {
				targets: [
					{ targetKey: 't1', value: 140 },
					{ targetKey: 't2', value: null }
				]
			})
		});
		await runReportEvent(db, {
			actor: officer,
			zoneId,
			period,
			input: { event: 'submit', version: corrected.report.version }
		});
		const accepted = await runReportEvent(db, {
			actor: planner40,
			zoneId,
			period,
			input: { event: 'accept', version: corrected.report.version + 1 }
		});
		expect(accepted.status).toBe('accepted');
		expect(accepted.names?.submittedBy).toBe(officer.displayName);

		// The public reads it now, without anyone's name.
		const publicView = await getReport(db, { actor: null, zoneId, period });
		expect(publicView.targets).toEqual([
			{ targetKey: 't1', value: 140 },
			{ targetKey: 't2', value: null }
		]);
		expect(publicView).not.toHaveProperty('names');
		const text = JSON.stringify(publicView);
		for (const who of [officer, planner40]) expect(text).not.toContain(who.displayName);
		expect((await listZoneReports(db, { actor: null, zoneId })).map((r) => r.period)).toEqual([
			period
		]);

		const audit = await listAuditEntries(
			db,
			{ actionPrefix: 'progress_report.' },
			{ limit: 50, order: 'oldest_first' }
		);
		expect(audit.entries.map((e) => e.action)).toEqual([
			'progress_report.saved',
			'progress_report.saved',
			'progress_report.saved',
			'progress_report.submitted',
			'progress_report.returned',
			'progress_report.saved',
			'progress_report.submitted',
			'progress_report.accepted'
		]);
	});

	it('two people filing the same version at once: one wins, the other gets a conflict with both versions', async () => {
		const db = database.db;
		const planner = planner40;
		const start = await getReport(db, { actor: planner, zoneId: otherZoneId, period });
		const other = engine === 'postgres' ? await openPostgres(database.url!, 2) : database;
		try {
			const mine = {
				version: start.version,
				targets: [],
				activities: [],
				problems: 'ถนนเข้าหมู่บ้านชำรุด'
			};
			const theirs = { version: start.version, targets: [], activities: [], problems: 'น้ำท่วมขัง' };
			const results = await Promise.allSettled([
				saveReport(db, { actor: planner, zoneId: otherZoneId, period, input: mine }),
				saveReport(other.db, { actor: otherOfficer, zoneId: otherZoneId, period, input: theirs })
			]);
			const won = results.filter((r) => r.status === 'fulfilled');
			const lost = results.filter((r) => r.status === 'rejected');
			expect([won.length, lost.length]).toEqual([1, 1]);
			const conflict = (lost[0] as PromiseRejectedResult).reason as DomainError;
			expect([conflict.kind, conflict.problems[0]?.rule]).toEqual([
				'conflict',
				'report.stale_version'
			]);
			const stored = await getReport(db, { actor: planner, zoneId: otherZoneId, period });
			expect(stored.version).toBe(start.version + 1);
			const details = conflict.details as {
				yours: { problems: string };
				theirs: { problems: string; version: number };
			};
			// Both versions: what the loser sent, and what is stored now (the winner's).
			expect(details.theirs).toMatchObject({ version: stored.version, problems: stored.problems });
			expect([details.yours.problems, details.theirs.problems].sort()).toEqual(
				['ถนนเข้าหมู่บ้านชำรุด', 'น้ำท่วมขัง'].sort()
			);
		} finally {
			if (other !== database) await other.close();
		}
	});
});
