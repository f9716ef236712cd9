import { area } from '@turf/turf';
import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	approveThroughWorkflow,
	defaultRules,
	tambonSquares,
	turnReadinessRulesOff,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import type { Database } from '../db/database';
import { getPublicZone, listPublicZones } from './public-zone.service';
import { bangkokDay } from '../../thai-calendar';
import { designateActing } from '../accounts/acting.service';
import { findActor } from '../accounts/user.repository';
import { runWorkflowEvent } from './workflow.service';
import { createZone, saveZoneRevision } from './zone.service';
import { expectRefusal } from '../../../../tests/fixtures/refusals';

let database: Database;
let planner40: Actor;
let governor40: Actor;
let actingForGovernor: Actor;
let squares: Polygon[];

beforeAll(async () => {
	database = await openTestDatabase('imported');
	planner40 = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' });
	governor40 = await createTestUser(database.db, { role: 'governor', provinceCode: 'TH40' });
	// A deputy (DLA staff by role here) designated by DLA to act for the governor today.
	const deputy = await createTestUser(database.db, { role: 'dla_staff' });
	await database.db
		.updateTable('app_user')
		.set({ position: 'รองผู้ว่าราชการจังหวัดขอนแก่น' })
		.where('id', '=', deputy.userId)
		.execute();
	const today = bangkokDay(new Date());
	await designateActing(database.db, {
		actor: await createTestUser(database.db, { role: 'dla_staff' }),
		provinceCode: 'TH40',
		actingUserId: deputy.userId,
		startsOn: today,
		endsOn: today
	});
	actingForGovernor = (await findActor(database.db, deputy.userId))!;
	await turnReadinessRulesOff(database.db);
	squares = await tambonSquares(database.db, 'TH40', 4);
});
afterAll(() => database?.close());

/** A draft zone of TH40 made through the zone service, as a planner would. */
async function draft(square: Polygon, name: string) {
	return createZone(database.db, {
		actor: planner40,
		rules: defaultRules,
		input: {
			provinceCode: 'TH40',
			attributes: zoneAttributes(name),
			geometry: square,
			geometrySource: 'drawn'
		}
	});
}

/** Submitted by the planner and approved by `by` (the governor, or whoever acts for them). */
const approve = (zoneId: number, revisionId: number, by: Actor) =>
	approveThroughWorkflow(database.db, { zoneId, revisionId, planner: planner40, governor: by });

describe('getPublicZone', () => {
	it('a zone never approved does not exist for the public', async () => {
		const { zone } = await draft(squares[0]!, 'เขตยังไม่อนุมัติ');
		const error = await expectRefusal(getPublicZone(database.db, { zoneId: zone.id }));
		expect(error.kind).toBe('not_found');
		expect((await expectRefusal(getPublicZone(database.db, { zoneId: 987654 }))).kind).toBe(
			'not_found'
		);
		expect((await listPublicZones(database.db)).map((z) => z.id)).not.toContain(zone.id);
	});

	it('shows the approved revision, not the amendment drafted since', async () => {
		const { zone, revision: approved } = await draft(squares[1]!, 'เขตที่อนุมัติแล้ว');
		await approve(zone.id, approved.id, governor40);

		// The planner starts an amendment (revise → draft) and saves a moved, renamed revision.
		const revised = await runWorkflowEvent(database.db, {
			actor: planner40,
			zoneId: zone.id,
			revisionId: approved.id,
			event: 'revise'
		});
		const moved = squares[2]!;
		const amendment = await saveZoneRevision(database.db, {
			actor: planner40,
			rules: defaultRules,
			zoneId: zone.id,
			baseRevisionId: revised.zone.currentRevisionId,
			input: {
				attributes: { ...zoneAttributes('ชื่อร่างแก้ไข'), description: 'draft only' },
				geometry: moved,
				geometrySource: 'drawn'
			}
		});
		const row = await database.db
			.selectFrom('zone')
			.select(['current_revision_id', 'approved_revision_id', 'status'])
			.where('id', '=', zone.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({
			current_revision_id: amendment.revision.id,
			approved_revision_id: approved.id,
			status: 'draft'
		});

		const seen = await getPublicZone(database.db, { zoneId: zone.id });
		expect(seen.revision.id).toBe(approved.id);
		expect(seen.revision.revisionNumber).toBe(1);
		expect(seen.revision.name).toBe('เขตที่อนุมัติแล้ว');
		expect(seen.revision.description).toBe(approved.description);
		expect(seen.revision.areaKm2).toBe(approved.areaKm2);
		expect(seen.revision.geometry).toEqual(approved.geometry);
		expect(area(seen.revision.geometry) / 1e6).toBeCloseTo(approved.areaKm2, 1);
		expect(seen.revision.name).not.toBe(amendment.revision.name);
		expect(seen.revision.geometry).not.toEqual(amendment.revision.geometry);
		expect(seen.revision.coveredLaos).toEqual(approved.coveredLaos);
		expect(seen.revision.populationCovered).toBe(approved.populationCovered);
		expect(seen.revision.score).toBe(approved.score);

		expect(seen).toMatchObject({
			id: zone.id,
			provinceCode: 'TH40',
			provinceNameTh: 'ขอนแก่น',
			approvedBy: {
				positionTh: 'ผู้ว่าราชการจังหวัดขอนแก่น',
				positionEn: 'Governor of Khon Kaen',
				acting: false,
				actingPosition: null
			}
		});
		expect(seen.approvedAt).not.toBeNull();
		// Positions, not people: the governor's name is nowhere in what the public gets.
		expect(JSON.stringify(seen)).not.toContain(governor40.displayName);
		expect(JSON.stringify(seen)).not.toContain(planner40.displayName);
		expect(seen.revision.partnersBySector).toEqual([
			{ sector: 'government', names: ['Khon Kaen Provincial Office'] },
			{ sector: 'academia', names: ['Khon Kaen University'] }
		]);
		const [west, south, east, north] = seen.revision.bbox;
		expect(west).toBeLessThan(east);
		expect(south).toBeLessThan(north);

		const listed = (await listPublicZones(database.db, { provinceCode: 'TH40' })).find(
			(z) => z.id === zone.id
		);
		expect(listed).toMatchObject({ name: 'เขตที่อนุมัติแล้ว', areaKm2: approved.areaKm2 });
		expect(listed?.approvedAt).toBe(seen.approvedAt);
	});

	it('keeps the data versions and the model the revision was measured with', async () => {
		const { zone, revision } = await draft(squares[3]!, 'เขตรุ่นข้อมูล');
		await approve(zone.id, revision.id, actingForGovernor);
		const seen = await getPublicZone(database.db, { zoneId: zone.id });
		const metrics = revision.metrics as {
			coveredLaos: { importRunId: number };
			population: { referenceDate: string; source: string };
			score: { modelId: number; modelName: string; modelVersion: number };
		};
		expect(seen.revision.dataVersions).toEqual({
			importRunId: metrics.coveredLaos.importRunId,
			populationReferenceDate: metrics.population.referenceDate,
			scoringModelId: metrics.score.modelId
		});
		expect(seen.revision.scoringModel).toEqual({
			id: metrics.score.modelId,
			name: metrics.score.modelName,
			version: metrics.score.modelVersion
		});
		expect(seen.revision.sources.population).toBe(metrics.population.source);
		expect(seen.revision.sources.area).toContain('ST_Area');
		expect(seen.approvedBy).toEqual({
			positionTh: 'ผู้ว่าราชการจังหวัดขอนแก่น',
			positionEn: 'Governor of Khon Kaen',
			acting: true,
			actingPosition: 'รองผู้ว่าราชการจังหวัดขอนแก่น'
		});
	});
});
