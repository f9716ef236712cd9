import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedZone, nextMonthStart, planInput } from '../../../../tests/fixtures/plans';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	tambonSquares,
	turnReadinessRulesOff
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { engine, openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import type { Database } from '../db/database';
import { findItem } from '../ogc/ogc.service';
import { runPlanEvent, savePlan } from './plan.service';
import { getProvinceShapes, getPublicNationalProgress } from './progress-dashboard.service';
import { runProgressReportSchedule, runReportEvent, saveReport } from './progress-report.service';

/**
 * The public national progress page's figures (issue 16 item 5) on the real database: zones in
 * force per province, a report counted only once accepted, no filing record and no names; and
 * the provinces' outlines for its map.
 */

let database: Database;
let planner40: Actor, governor40: Actor, officer: Actor;
let zoneId: number;
let before: Awaited<ReturnType<typeof getPublicNationalProgress>>;
const { now: nextMonth, period } = nextMonthStart();

const th40 = (p: typeof before) => p.provinces.find((x) => x.code === 'TH40')!;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const db = database.db;
	await turnReadinessRulesOff(db);
	before = await getPublicNationalProgress(db);
	planner40 = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	governor40 = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
	const [square] = await tambonSquares(db, 'TH40', 1);
	const zone = await approvedZone(db, {
		planner: planner40,
		governor: governor40,
		geometry: square!,
		name: 'เขตความก้าวหน้าสาธารณะ'
	});
	zoneId = zone.zoneId;
	officer = await createTestUser(db, {
		role: 'lao_officer',
		provinceCode: 'TH40',
		dlaCode: zone.dlaCodes[0]!
	});
	const plan = await savePlan(db, {
		actor: planner40,
		zoneId,
		input: planInput(zone.dlaCodes[0]!)
	});
	const revisionId = plan.workingCopy!.id;
	await runPlanEvent(db, { actor: planner40, zoneId, input: { event: 'submit', revisionId } });
	await runPlanEvent(db, { actor: governor40, zoneId, input: { event: 'approve', revisionId } });
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
		const saved = await saveReport(db, {
			actor: officer,
			zoneId,
			period,
			input: {
				version: 1,
				targets: [
					{ targetKey: 't1', value: 150, unit: 'ครัวเรือน' },
					{ targetKey: 't2', value: null }
				],
				activities: [
					{
						activityKey: 'a1',
						status: 'in_progress',
						disbursedBaht: 40_000,
						peopleReached: 85,
						note: ''
					}
				],
				problems: ''
			}
		});
		const submitted = await runReportEvent(db, {
			actor: officer,
			zoneId,
			period,
			input: { event: 'submit', version: saved.report.version }
		});
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
