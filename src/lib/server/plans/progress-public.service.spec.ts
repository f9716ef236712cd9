import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	nextMonthStart,
	reportingZones,
	submittedReport,
	type ReportingZone
} from '../../../../tests/fixtures/plans';
import { engine, openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import type { Database } from '../db/database';
import { findItem } from '../ogc/ogc.service';
import { progressCsv, progressSourceLine } from './progress-open-data';
import { getProvinceShapes, getPublicNationalProgress } from './progress-dashboard.service';
import { runProgressReportSchedule, runReportEvent } from './progress-report.service';

/**
 * The public national progress page's figures (issue 16 item 5) on the real database: zones in
 * force per province, a report counted only once accepted, no filing record and no names; and
 * the provinces' outlines for its map.
 */

let database: Database;
let planner40: Actor, officer: Actor;
let zoneId: number;
let before: Awaited<ReturnType<typeof getPublicNationalProgress>>;
const { now: nextMonth, period } = nextMonthStart();

const th40 = (p: typeof before) => p.provinces.find((x) => x.code === 'TH40')!;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const db = database.db;
	before = await getPublicNationalProgress(db);
	const made = await reportingZones(db, [{ name: 'เขตความก้าวหน้าสาธารณะ', plan: true }]);
	planner40 = made.planner;
	[{ zoneId, officer }] = made.zones as [Required<ReportingZone>];
	await runProgressReportSchedule(db, { now: nextMonth });
});
afterAll(() => database?.close());

describe(`the public national progress on ${engine}`, () => {
	it('counts the zone in force, and a report only once the provincial office accepts it', async () => {
		const db = database.db;
		const afterApproval = await getPublicNationalProgress(db);
		expect(th40(afterApproval).approvedZones).toBe(th40(before).approvedZones + 1);
		expect(th40(afterApproval).laosCovered).toBeGreaterThan(th40(before).laosCovered);
		expect(th40(afterApproval).targets).toBe(th40(before).targets + 2);
		const { submitted } = await submittedReport(db, { officer, zoneId, period });
		// Submitted is not the public's yet.
		const month = (p: typeof before) => p.months.find((m) => m.period === period);
		const whileSubmitted = await getPublicNationalProgress(db);
		expect(month(whileSubmitted)?.accepted ?? 0).toBe(month(before)?.accepted ?? 0);
		expect(th40(whileSubmitted).disbursedBaht).toBe(th40(before).disbursedBaht);
		await runReportEvent(db, {
			actor: planner40,
			zoneId,
			period,
			input: { event: 'accept', version: submitted.version }
		});
		const accepted = await getPublicNationalProgress(db);
		expect(month(accepted)!.accepted).toBe((month(before)?.accepted ?? 0) + 1);
		expect(month(accepted)!.disbursedBaht).toBe((month(before)?.disbursedBaht ?? 0) + 40_000);
		expect(month(accepted)!.plannedBaht).toBeGreaterThan(0);
		expect(th40(accepted).disbursedBaht).toBe((th40(before).disbursedBaht ?? 0) + 40_000);
		expect(th40(accepted).targetsReported).toBe(th40(before).targetsReported + 1);
		// No filing record and no person: organisations and figures only.
		const text = JSON.stringify(accepted);
		for (const word of ['"due"', '"onTime"', '"late"', 'Test ', planner40.username])
			expect(text).not.toContain(word);

		// Open data: the zone with its latest accepted progress (OGC API – Features).
		const feature = await findItem(db, 'http://sedz.test', 'zone_progress', String(zoneId));
		expect(feature.properties).toEqual({
			zone_id: zoneId,
			name: 'เขตความก้าวหน้าสาธารณะ',
			province_code: 'TH40',
			province_name_th: 'ขอนแก่น',
			province_name_en: 'Khon Kaen',
			plan_revision_number: 1,
			targets: 2,
			targets_reported: 1,
			targets_on_track: expect.any(Number),
			budget_planned_baht: 150_000,
			budget_disbursed_baht: 40_000,
			reports_accepted: 1,
			last_accepted_period: period
		});
		expect(JSON.stringify(feature)).not.toContain('Test ');

		// Open data CSVs: the plan in force and the accepted figures, the source on every row.
		const ours = (csv: string) =>
			csv
				.split('\r\n')
				.filter((line) => line.startsWith(`${zoneId},`))
				.map((line) => line.replace(`,${progressSourceLine}`, ''));
		const targetsCsv = await progressCsv(db, 'plan-targets');
		expect(targetsCsv.startsWith('\uFEFFzone_id,zone_name,province_code,')).toBe(true);
		expect(ours(targetsCsv)).toEqual([
			`${zoneId},เขตความก้าวหน้าสาธารณะ,TH40,1,t1,,ครัวเรือนที่มีรายได้เพิ่มขึ้น,,ครัวเรือน,120,2026-10-01,300,2027-09-30,สำรวจโดย อบต. ตุลาคม ๒๕๖๙`,
			expect.stringMatching(
				new RegExp(
					`^${zoneId},เขตความก้าวหน้าสาธารณะ,TH40,1,t2,households,.+,4000,2021-12-31,4100,2027-09-30,`
				)
			)
		]);
		const activitiesCsv = await progressCsv(db, 'plan-activities');
		expect(ours(activitiesCsv)).toEqual([
			expect.stringMatching(
				new RegExp(
					`^${zoneId},เขตความก้าวหน้าสาธารณะ,TH40,1,a1,ธนาคารน้ำใต้ดิน,government;people,lao,\\d{7},.+,100000,50000,0,0,150000,2026-11-01,2027-03-31,planned$`
				)
			)
		]);
		const figuresCsv = await progressCsv(db, 'report-figures');
		expect(ours(figuresCsv)).toEqual([
			`${zoneId},เขตความก้าวหน้าสาธารณะ,TH40,${period},target,t1,150,ครัวเรือน,,,`,
			expect.stringMatching(
				new RegExp(`^${zoneId},เขตความก้าวหน้าสาธารณะ,TH40,${period},target,t2,,`)
			),
			`${zoneId},เขตความก้าวหน้าสาธารณะ,TH40,${period},activity,a1,,,in_progress,40000,85`
		]);
		for (const csv of [targetsCsv, activitiesCsv, figuresCsv]) {
			expect(csv).not.toContain('Test ');
			const lines = csv.split('\r\n').filter((l) => l !== '');
			for (const line of lines.slice(1)) expect(line.endsWith(progressSourceLine)).toBe(true);
		}
	});

	it('gives every province an outline for the map', async () => {
		const shapes = await getProvinceShapes(database.db);
		expect(shapes.shapes.length).toBeGreaterThan(0);
		expect(shapes.shapes.map((s) => s.code)).toContain('TH40');
		for (const s of shapes.shapes) expect(s.d).toMatch(/^M ?-?\d/);
		const box = shapes.viewBox.split(' ').map(Number);
		expect(box).toHaveLength(4);
		expect(box[0]).toBeGreaterThan(90);
		expect(box[1]).toBeLessThan(0);
		expect(await getProvinceShapes(database.db)).toBe(await getProvinceShapes(database.db));
	});
});
