import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	nextMonthStart,
	reportingZones,
	type ReportingZone
} from '../../../../tests/fixtures/plans';
import { expectRefusal } from '../../../../tests/fixtures/refusals';
import { createTestUser } from '../../../../tests/fixtures/users';
import { engine, openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { bangkokDay } from '../../thai-calendar';
import type { Database } from '../db/database';
import {
	getNationalDashboard,
	getProvinceDashboard,
	getZoneDashboard
} from './progress-dashboard.service';
import { runProgressReportSchedule, runReportEvent, saveReport } from './progress-report.service';

let database: Database;
let dla: Actor;
let planner40: Actor;
let governor40: Actor;
let governor30: Actor;
let officer: Actor;
let withPlan: number;
let withoutPlan: number;
const { now: nextMonth, period } = nextMonthStart();
const today = bangkokDay(new Date());
const currentPeriod = today.slice(0, 7);

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const db = database.db;
	const made = await reportingZones(db, [
		{ name: 'เขตแดชบอร์ดมีแผน', plan: true },
		{ name: 'เขตแดชบอร์ดไม่มีแผน' }
	]);
	({ dla, planner: planner40, governor: governor40 } = made);
	[{ zoneId: withPlan, officer }, { zoneId: withoutPlan }] = made.zones as [
		Required<ReportingZone>,
		ReportingZone
	];
	governor30 = await createTestUser(db, { role: 'governor', provinceCode: 'TH30' });
	// This month's reports, as the scheduler makes them at the start of next month.
	await runProgressReportSchedule(db, { now: nextMonth });
	await saveReport(db, {
		actor: officer,
		zoneId: withPlan,
		period,
		input: {
			version: 1,
			targets: [
				{ targetKey: 't1', value: 200 },
				{ targetKey: 't2', value: null }
			],
			activities: [
				{ activityKey: 'a1', status: 'in_progress', disbursedBaht: 40_000, peopleReached: 85 }
			],
			problems: 'ฝนตกหนัก'
		}
	});
	await runReportEvent(db, {
		actor: officer,
		zoneId: withPlan,
		period,
		input: { event: 'submit', version: 2 }
	});
});
afterAll(() => database?.close());

describe(`progress dashboards on ${engine}`, () => {
	it('national: DLA staff only; per province zones by state, LAOs, targets and reports', async () => {
		for (const actor of [null, planner40, governor40, officer])
			await expectRefusal(getNationalDashboard(database.db, { actor }), 'forbidden');
		const national = await getNationalDashboard(database.db, { actor: dla });
		expect(national.groups.length).toBeGreaterThanOrEqual(76);
		const th40 = national.groups.find((g) => g.key === 'TH40')!;
		expect(th40.zonesByState).toMatchObject({ approved: 2, draft: 0 });
		expect(th40.laosCovered).toBeGreaterThanOrEqual(2);
		// t1 went 120 → 200 of 300 (44 % of the way) by the end of the month, when about a
		// quarter of its time had passed: on track. t2 has no figure yet.
		expect(th40).toMatchObject({ targets: 2, targetsReported: 1, targetsOnTrack: 1 });
		expect(th40).toMatchObject({ reportsOnTime: 1, reportsLate: 0, disbursedBaht: 40_000 });
		// A province with no zone: no data, not zero baht.
		const th30 = national.groups.find((g) => g.key === 'TH30')!;
		expect(th30).toMatchObject({ targets: 0, laosCovered: 0, disbursedBaht: null });
		const month = national.months.find((m) => m.period === period)!;
		expect(month).toMatchObject({ due: 2, onTime: 1, late: 0, disbursedBaht: 40_000 });
		// 150,000 baht over November to March: 30,000 a month, shown up to this month.
		expect(month.plannedBaht).toBeCloseTo(30_000, 6);
		const november = national.months.find((m) => m.period === '2026-11');
		if (currentPeriod >= '2026-11' && currentPeriod <= '2027-03')
			expect(november).toMatchObject({ plannedBaht: 30_000, disbursedBaht: null, due: 0 });
		expect(national.months.every((m) => m.period <= currentPeriod)).toBe(true);
	});

	it('province: its planners and governor and DLA; never another province', async () => {
		for (const actor of [null, governor30, officer])
			await expectRefusal(
				getProvinceDashboard(database.db, { actor, provinceCode: 'TH40' }),
				'forbidden'
			);
		await expectRefusal(
			getProvinceDashboard(database.db, { actor: dla, provinceCode: 'TH99' }),
			'not_found'
		);
		const province = await getProvinceDashboard(database.db, {
			actor: governor40,
			provinceCode: 'TH40'
		});
		expect(province.province?.code).toBe('TH40');
		const a = province.groups.find((g) => g.key === String(withPlan))!;
		const b = province.groups.find((g) => g.key === String(withoutPlan))!;
		expect(a).toMatchObject({
			nameTh: 'เขตแดชบอร์ดมีแผน',
			zoneStatus: 'approved',
			targets: 2,
			targetsOnTrack: 1,
			reportsOnTime: 1,
			disbursedBaht: 40_000
		});
		expect(b).toMatchObject({ targets: 0, reportsOnTime: 0, reportsLate: 0, disbursedBaht: null });
		expect(
			(await getProvinceDashboard(database.db, { actor: dla, provinceCode: 'TH40' })).groups
		).toEqual(province.groups);
	});

	it('zone: the public sees accepted figures only and no personal names', async () => {
		const official = await getZoneDashboard(database.db, { actor: planner40, zoneId: withPlan });
		expect(official.readsWorkingCopy).toBe(true);
		const i = official.months.findIndex((m) => m.period === period);
		expect(official.plan!.targets[0]).toMatchObject({ latestValue: 200, onTrack: true });
		expect(official.plan!.targets[0]!.byMonth[i]).toBe(200);
		expect(official.plan!.targets[1]).toMatchObject({ latestValue: null, onTrack: null });
		expect(official.months[i]).toMatchObject({
			disbursedBaht: 40_000,
			disbursedToDateBaht: 40_000
		});

		// Submitted, not yet accepted: nothing of it is public.
		let publicView = await getZoneDashboard(database.db, { actor: null, zoneId: withPlan });
		expect(publicView.readsWorkingCopy).toBe(false);
		expect(publicView.plan!.targets[0]).toMatchObject({ latestValue: null, onTrack: null });
		expect(publicView.months.every((m) => m.disbursedBaht === null && m.due === 0)).toBe(true);
		expect(publicView.plan!.activities[0]).toMatchObject({ name: 'ธนาคารน้ำใต้ดิน' });

		await runReportEvent(database.db, {
			actor: planner40,
			zoneId: withPlan,
			period,
			input: { event: 'accept', version: 3 }
		});
		publicView = await getZoneDashboard(database.db, { actor: null, zoneId: withPlan });
		const j = publicView.months.findIndex((m) => m.period === period);
		expect(publicView.plan!.targets[0]!.byMonth[j]).toBe(200);
		expect(publicView.months[j]).toMatchObject({ disbursedBaht: 40_000, due: 0, onTime: 0 });
		const text = JSON.stringify(publicView);
		for (const person of [officer, planner40, governor40])
			expect(text).not.toContain(person.displayName);

		// A zone with no plan: no plan, not an empty one; a zone id that does not exist: not found.
		expect((await getZoneDashboard(database.db, { actor: null, zoneId: withoutPlan })).plan).toBe(
			null
		);
		await expectRefusal(
			getZoneDashboard(database.db, { actor: dla, zoneId: 999_999 }),
			'not_found'
		);
	});

	it('counts a report not filed by its due day as late', async () => {
		// The scheduler only makes reports for months that have ended, due next month: move the
		// unfiled report's due day into the past to stand for the day passing without it.
		await database.db
			.updateTable('progress_report')
			.set({ due_date: '2020-01-03' } as never)
			.where('zone_id', '=', withoutPlan)
			.where('period', '=', period)
			.execute();
		const national = await getNationalDashboard(database.db, { actor: dla });
		expect(national.months.find((m) => m.period === period)).toMatchObject({
			due: 2,
			onTime: 1,
			late: 1
		});
		expect(national.groups.find((g) => g.key === 'TH40')).toMatchObject({ reportsLate: 1 });
	});
});
