import { area } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	defaultRules,
	readFixtureBytes,
	readFixtureGeometry,
	tambonSquares,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { previewZoneMetrics } from '../../geo/zones/zone-metrics';
import type { Database } from '../db/database';
import { DomainError } from '../domain-errors';
import { laoTypes } from '../../lao-types';
import { loadOfficialModel } from '../scoring/scores-page.service';
import {
	createZone,
	diffRevisions,
	getZone,
	listRevisions,
	listZones,
	saveZoneRevision,
	type ZoneInput
} from './zone.service';
import {
	createZoneFromCandidate,
	getZoneContext,
	importZoneFile,
	previewZone,
	unionOfLaos
} from './zone-workspace.service';
import { expectRefusal } from '../../../../tests/fixtures/refusals';

let database: Database;
let officialModelId: number;
let dla: Actor;
let planner40: Actor;
let planner41: Actor;
let governor40: Actor;
let governor41: Actor;
let laoOfficer40: Actor;
let squares: Polygon[];
let nextSquare = 0;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const db = database.db;
	// The template holds the imported data only: this computes the official scores once.
	officialModelId = (await loadOfficialModel(db)).id;
	dla = await createTestUser(db, { role: 'dla_staff' });
	planner40 = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	planner41 = await createTestUser(db, { role: 'planner', provinceCode: 'TH41' });
	governor40 = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
	governor41 = await createTestUser(db, { role: 'governor', provinceCode: 'TH41' });
	const lao = await db
		.selectFrom('lao')
		.select('dla_code')
		.where('province_code', '=', 'TH40')
		.where('lao_type', '=', 'subdistrict_admin_org')
		.orderBy('dla_code')
		.executeTakeFirstOrThrow();
	laoOfficer40 = await createTestUser(db, {
		role: 'lao_officer',
		provinceCode: 'TH40',
		dlaCode: lao.dla_code
	});
	squares = await tambonSquares(db, 'TH40', 40);
});
afterAll(() => database?.close());

const input = (geometry: unknown, name = 'เขตทดสอบ'): ZoneInput => ({
	attributes: zoneAttributes(name),
	geometry,
	geometrySource: 'drawn'
});

/** A fresh draft in TH40 on its own square (never overlapping another test's zone). */
async function draftIn40(actor: Actor = planner40, name = 'เขตทดสอบ') {
	const geometry = squares[nextSquare++]!;
	return createZone(database.db, {
		actor,
		rules: defaultRules,
		input: { provinceCode: 'TH40', ...input(geometry, name) }
	});
}

async function setStatus(zoneId: number, status: string) {
	await sql`UPDATE zone SET status = ${status} WHERE id = ${zoneId}`.execute(database.db);
}

/** The refusal a call ends with (the test fails if it succeeds or throws something else). */

async function rowCounts() {
	const { rows } = await sql<{ zones: number; revisions: number }>`
		SELECT (SELECT count(*)::int FROM zone) AS zones, (SELECT count(*)::int FROM zone_revision) AS revisions
	`.execute(database.db);
	return rows[0]!;
}

describe('createZone', () => {
	it('saves revision 1 with official area, covered LAOs, population and score', async () => {
		const geometry = readFixtureGeometry('khon-kaen-square.geojson');
		const { zone, revision } = await createZone(database.db, {
			actor: planner40,
			rules: defaultRules,
			input: { provinceCode: 'TH40', ...input(geometry, 'เขตบ้านฝาง') }
		});
		expect(zone).toMatchObject({
			provinceCode: 'TH40',
			status: 'draft',
			currentRevisionId: revision.id
		});
		expect(revision).toMatchObject({
			revisionNumber: 1,
			name: 'เขตบ้านฝาง',
			objectiveTags: ['water', 'community enterprise'],
			geometrySource: 'drawn',
			basedOnRevisionId: null,
			createdById: planner40.userId,
			createdByName: planner40.displayName,
			scoringModelId: officialModelId,
			vertexCount: 5
		});
		// PostGIS's ellipsoid gives 0.3–0.45 % less than Turf's sphere.
		const turfKm2 = area(geometry) / 1e6;
		expect(revision.areaKm2).toBeLessThan(turfKm2);
		expect(revision.areaKm2).toBeGreaterThan(turfKm2 * 0.99);
		expect(revision.coveredLaos.length).toBeGreaterThan(0);
		for (const lao of revision.coveredLaos) {
			expect(lao.shareOfLao).toBeGreaterThan(0);
			expect(lao.shareOfLao).toBeLessThanOrEqual(1);
			expect(laoTypes.filter((type) => type !== 'provincial_admin_org')).toContain(lao.laoType);
		}
		const shares = revision.coveredLaos.map((c) => c.shareOfLao);
		expect(shares).toEqual([...shares].sort((a, b) => b - a));
		expect(revision.populationCovered).toBeGreaterThan(0);
		expect(revision.metrics).toMatchObject({
			population: { method: 'area_share_of_lao_population_estimate', referenceDate: '2021-12-31' },
			score: { modelId: officialModelId }
		});
		// The score is the covered-area-weighted mean of the covered LAOs' official scores.
		const scores = await database.db
			.selectFrom('lao_score')
			.select(['dla_code', 'score'])
			.where('model_id', '=', officialModelId)
			.where(
				'dla_code',
				'in',
				revision.coveredLaos.map((c) => c.dlaCode)
			)
			.where('score', 'is not', null)
			.execute();
		let weighted = 0;
		let weightKm2 = 0;
		for (const s of scores) {
			const covered = revision.coveredLaos.find((c) => c.dlaCode === s.dla_code)!;
			weighted += s.score! * covered.coveredKm2;
			weightKm2 += covered.coveredKm2;
		}
		if (weightKm2 === 0) expect(revision.score).toBeNull();
		else expect(revision.score).toBeCloseTo(weighted / weightKm2, 9);
	});

	it('computes the same figures as the browser preview, within the simplification', async () => {
		const saved = await draftIn40();
		const context = await getZoneContext(database.db, {
			actor: planner40,
			rules: defaultRules,
			provinceCode: 'TH40'
		});
		const preview = previewZoneMetrics(saved.revision.geometry, context.laos);
		expect(preview.coveredLaos.map((c) => c.dlaCode).sort()).toEqual(
			saved.revision.coveredLaos.map((c) => c.dlaCode).sort()
		);
		expect(preview.areaKm2).toBeCloseTo(saved.revision.areaKm2, 0);
		expect(preview.populationCovered!).toBeCloseTo(saved.revision.populationCovered!, -2);
	});
});

describe('the permission table (issue 5)', () => {
	it.each(['draft', 'submitted'])('viewing a %s zone', async (status) => {
		const { zone } = await draftIn40();
		await setStatus(zone.id, status);
		const view = (actor: Actor | null) => getZone(database.db, { actor, zoneId: zone.id });
		expect((await view(dla)).zone.id).toBe(zone.id);
		expect((await view(planner40)).zone.id).toBe(zone.id);
		expect((await view(governor40)).zone.id).toBe(zone.id);
		expect((await expectRefusal(view(planner41))).kind).toBe('not_found');
		expect((await expectRefusal(view(governor41))).kind).toBe('not_found');
		// No consultation yet: an LAO officer is not asked, so does not see it.
		expect((await expectRefusal(view(laoOfficer40))).kind).toBe('not_found');
		expect((await expectRefusal(view(null))).kind).toBe('not_found');
	});

	it('creating: DLA staff anywhere, a planner in their province, nobody else', async () => {
		const create = (actor: Actor | null, provinceCode: string) =>
			createZone(database.db, {
				actor,
				rules: defaultRules,
				input: { provinceCode, ...input(squares[nextSquare]!) }
			});
		const before = await rowCounts();
		expect((await expectRefusal(create(planner41, 'TH40'))).kind).toBe('forbidden');
		expect((await expectRefusal(create(governor40, 'TH40'))).kind).toBe('forbidden');
		expect((await expectRefusal(create(laoOfficer40, 'TH40'))).kind).toBe('forbidden');
		expect((await expectRefusal(create(null, 'TH40'))).kind).toBe('forbidden');
		expect(await rowCounts()).toEqual(before);
		expect((await draftIn40(dla)).zone.provinceCode).toBe('TH40');
		expect((await draftIn40(planner40)).zone.provinceCode).toBe('TH40');
		const [in41] = await tambonSquares(database.db, 'TH41', 1);
		const byDla41 = await createZone(database.db, {
			actor: dla,
			rules: defaultRules,
			input: { provinceCode: 'TH41', ...input(in41) }
		});
		expect(byDla41.zone.provinceCode).toBe('TH41');
	});

	it('editing: DLA staff and the own planner; the rest refused, unseen zones as not found', async () => {
		const { zone, revision } = await draftIn40();
		const geometry = revision.geometry;
		const save = (actor: Actor | null, baseRevisionId: number) =>
			saveZoneRevision(database.db, {
				actor,
				rules: defaultRules,
				zoneId: zone.id,
				baseRevisionId,
				input: input(geometry, `edited by ${actor?.role ?? 'public'}`)
			});
		expect((await expectRefusal(save(planner41, revision.id))).kind).toBe('not_found');
		expect((await expectRefusal(save(governor41, revision.id))).kind).toBe('not_found');
		expect((await expectRefusal(save(laoOfficer40, revision.id))).kind).toBe('not_found');
		expect((await expectRefusal(save(governor40, revision.id))).kind).toBe('forbidden');
		expect((await expectRefusal(save(null, revision.id))).kind).toBe('forbidden');
		const byPlanner = await save(planner40, revision.id);
		expect(byPlanner.revision.revisionNumber).toBe(2);
		const byDla = await save(dla, byPlanner.revision.id);
		expect(byDla.revision).toMatchObject({ revisionNumber: 3, createdById: dla.userId });
		expect((await getZone(database.db, { actor: planner40, zoneId: zone.id })).permissions).toEqual(
			{
				canEdit: true
			}
		);
		expect(
			(await getZone(database.db, { actor: governor40, zoneId: zone.id })).permissions
		).toEqual({
			canEdit: false
		});
	});

	it('importing: DLA staff and the own planner only', async () => {
		const bytes = readFixtureBytes('khon-kaen-square.geojson');
		const read = (actor: Actor | null) =>
			importZoneFile({ actor, provinceCode: 'TH40', fileName: 'zone.geojson', bytes });
		expect((await read(dla)).geometry.type).toBe('MultiPolygon');
		expect((await read(planner40)).featureCount).toBe(1);
		for (const actor of [planner41, governor40, laoOfficer40, null]) {
			expect((await expectRefusal(read(actor))).kind).toBe('forbidden');
		}
	});

	it('viewing an approved zone: everyone, the public included; only its planners start an amendment', async () => {
		const { zone, revision } = await draftIn40();
		await sql`UPDATE zone SET status = 'approved', approved_revision_id = ${revision.id}
			WHERE id = ${zone.id}`.execute(database.db);
		for (const actor of [dla, planner40, planner41, governor40, governor41, laoOfficer40, null]) {
			const seen = await getZone(database.db, { actor, zoneId: zone.id });
			expect(seen.revision.id).toBe(revision.id);
		}
		expect((await listZones(database.db, { actor: null })).map((z) => z.id)).toContain(zone.id);
		const save = (actor: Actor | null, name = 'amended') =>
			saveZoneRevision(database.db, {
				actor,
				rules: defaultRules,
				zoneId: zone.id,
				baseRevisionId: revision.id,
				input: input(revision.geometry, name)
			});
		for (const actor of [planner41, governor40, laoOfficer40, null]) {
			expect((await expectRefusal(save(actor))).kind).toBe('forbidden');
		}
		// The province's planner edits: the working copy becomes a draft amendment, and who
		// reads only the revision in force still sees the approved one.
		const amended = await save(planner40);
		expect(amended.zone).toMatchObject({ status: 'draft', approvedRevisionId: revision.id });
		for (const actor of [planner41, governor41, laoOfficer40, null]) {
			const seen = await getZone(database.db, { actor, zoneId: zone.id });
			expect(seen.revision).toMatchObject({ id: revision.id, name: revision.name });
		}
		expect((await getZone(database.db, { actor: governor40, zoneId: zone.id })).revision.name).toBe(
			'amended'
		);
		const listed = (await listZones(database.db, { actor: null })).find((z) => z.id === zone.id);
		expect(listed).toMatchObject({ status: 'approved', currentRevision: { id: revision.id } });
	});

	it('lists what each actor may see', async () => {
		const { zone } = await draftIn40();
		const ids = async (actor: Actor | null) =>
			(await listZones(database.db, { actor })).map((z) => z.id);
		expect(await ids(dla)).toContain(zone.id);
		expect(await ids(planner40)).toContain(zone.id);
		expect(await ids(governor40)).toContain(zone.id);
		expect(await ids(planner41)).not.toContain(zone.id);
		expect(await ids(laoOfficer40)).not.toContain(zone.id);
		expect(await ids(null)).not.toContain(zone.id);
		const listed = (await listZones(database.db, { actor: planner40, provinceCode: 'TH40' })).find(
			(z) => z.id === zone.id
		);
		expect(listed?.currentRevision).toMatchObject({
			revisionNumber: 1,
			createdByName: planner40.displayName
		});
		expect(await listZones(database.db, { actor: planner40, provinceCode: 'TH41' })).toEqual(
			expect.not.arrayContaining([expect.objectContaining({ id: zone.id })])
		);
	});
});

describe('revisions and conflicts', () => {
	it('refuses a save on a replaced revision, returning both sides', async () => {
		const { zone, revision: first } = await draftIn40(planner40, 'first');
		const second = await saveZoneRevision(database.db, {
			actor: dla,
			rules: defaultRules,
			zoneId: zone.id,
			baseRevisionId: first.id,
			input: input(first.geometry, 'second')
		});
		const late = input(first.geometry, 'late edit');
		const before = await rowCounts();
		const conflict = await expectRefusal(
			saveZoneRevision(database.db, {
				actor: planner40,
				rules: defaultRules,
				zoneId: zone.id,
				baseRevisionId: first.id,
				input: late
			})
		);
		expect(conflict.kind).toBe('conflict');
		expect(conflict.details).toMatchObject({
			current: {
				id: second.revision.id,
				revisionNumber: 2,
				name: 'second',
				createdByName: dla.displayName
			},
			attempted: {
				baseRevisionId: first.id,
				attributes: { name: 'late edit' },
				geometry: first.geometry
			}
		});
		expect(await rowCounts()).toEqual(before);
	});

	it('of two saves on the same base at once, exactly one wins; the other gets its content back', async () => {
		const { zone, revision } = await draftIn40(planner40, 'base');
		const attempt = (name: string, actor: Actor) =>
			saveZoneRevision(database.db, {
				actor,
				rules: defaultRules,
				zoneId: zone.id,
				baseRevisionId: revision.id,
				input: input(revision.geometry, name)
			});
		const results = await Promise.allSettled([
			attempt('by planner', planner40),
			attempt('by DLA', dla)
		]);
		const won = results.filter((r) => r.status === 'fulfilled');
		const lost = results.filter((r) => r.status === 'rejected');
		expect(won).toHaveLength(1);
		expect(lost).toHaveLength(1);
		const error = (lost[0] as PromiseRejectedResult).reason as DomainError;
		expect(error).toBeInstanceOf(DomainError);
		expect(error.kind).toBe('conflict');
		const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof attempt>>>).value;
		const loserName = winner.revision.name === 'by planner' ? 'by DLA' : 'by planner';
		expect(error.details).toMatchObject({
			current: { id: winner.revision.id, revisionNumber: 2 },
			attempted: { attributes: { name: loserName }, geometry: revision.geometry }
		});
		const history = await listRevisions(database.db, { actor: planner40, zoneId: zone.id });
		expect(history.map((r) => r.revisionNumber)).toEqual([2, 1]);
	});

	it('makes no revision when a save repeats the current one, and answers "unchanged"', async () => {
		const { zone, revision: first } = await draftIn40(planner40, 'unchanged');
		// What the workspace sends back after loading the zone: the API's own answer, as is.
		const loaded = await getZone(database.db, { actor: planner40, zoneId: zone.id });
		const before = await rowCounts();
		const auditBefore = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(
			database.db
		);
		const again = await saveZoneRevision(database.db, {
			actor: planner40,
			rules: defaultRules,
			zoneId: zone.id,
			baseRevisionId: first.id,
			input: {
				attributes: {
					name: loaded.revision.name,
					description: loaded.revision.description ?? '',
					objectives: loaded.revision.objectives ?? '',
					objectiveTags: loaded.revision.objectiveTags ?? [],
					partners: loaded.revision.partners ?? []
				},
				geometry: loaded.revision.geometry,
				geometrySource: loaded.revision.geometrySource
			}
		});
		expect(again.unchanged).toBe(true);
		expect(again.revision).toMatchObject({ id: first.id, revisionNumber: 1 });
		expect(again.zone.currentRevisionId).toBe(first.id);
		expect(await rowCounts()).toEqual(before);
		const auditAfter = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(
			database.db
		);
		expect(auditAfter.rows[0]!.n).toBe(auditBefore.rows[0]!.n);

		// One changed word, or one moved vertex, is a new revision.
		const renamed = await saveZoneRevision(database.db, {
			actor: planner40,
			rules: defaultRules,
			zoneId: zone.id,
			baseRevisionId: first.id,
			input: input(loaded.revision.geometry, 'unchanged, renamed')
		});
		expect(renamed.unchanged).toBe(false);
		expect(renamed.revision.revisionNumber).toBe(2);
		const moved = structuredClone(renamed.revision.geometry);
		for (const corner of [moved.coordinates[0]![0]![1]!, moved.coordinates[0]![0]![2]!])
			corner[0] = corner[0]! + 0.0001;
		const reshaped = await saveZoneRevision(database.db, {
			actor: planner40,
			rules: defaultRules,
			zoneId: zone.id,
			baseRevisionId: renamed.revision.id,
			input: input(moved, 'unchanged, renamed')
		});
		expect(reshaped.unchanged).toBe(false);
		expect(reshaped.revision.revisionNumber).toBe(3);
	});

	it('keeps revisions immutable: the database refuses UPDATE and DELETE', async () => {
		const { revision } = await draftIn40();
		await expect(
			sql`UPDATE zone_revision SET name = 'changed' WHERE id = ${revision.id}`.execute(database.db)
		).rejects.toThrow(/append-only/);
		await expect(
			sql`DELETE FROM zone_revision WHERE id = ${revision.id}`.execute(database.db)
		).rejects.toThrow(/append-only/);
	});

	it('diffs two revisions: area(to) = area(from) + added − removed', async () => {
		const { zone, revision: first } = await draftIn40();
		const ring = (first.geometry as MultiPolygon).coordinates[0]![0]!;
		const xs = ring.map((p) => p[0]!);
		const ys = ring.map((p) => p[1]!);
		const [w, e, s, n] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
		// Shift east by a third of the width: a strip is removed in the west and added in the east.
		const shift = (e - w) / 3;
		const moved: Polygon = {
			type: 'Polygon',
			coordinates: [
				[
					[w + shift, s],
					[e + shift, s],
					[e + shift, n],
					[w + shift, n],
					[w + shift, s]
				]
			]
		};
		const second = await saveZoneRevision(database.db, {
			actor: planner40,
			rules: defaultRules,
			zoneId: zone.id,
			baseRevisionId: first.id,
			input: input(moved)
		});
		const diff = await diffRevisions(database.db, {
			actor: planner40,
			zoneId: zone.id,
			fromRevision: 1,
			toRevision: 2
		});
		expect(diff.added?.type).toBe('MultiPolygon');
		expect(diff.removed?.type).toBe('MultiPolygon');
		expect(diff.addedKm2).toBeGreaterThan(0.5);
		expect(diff.fromAreaKm2).toBeCloseTo(first.areaKm2, 6);
		expect(diff.toAreaKm2).toBeCloseTo(second.revision.areaKm2, 6);
		expect(diff.fromAreaKm2 + diff.addedKm2 - diff.removedKm2).toBeCloseTo(diff.toAreaKm2, 4);
		expect(diff.unchangedKm2 + diff.addedKm2).toBeCloseTo(diff.toAreaKm2, 4);
		const same = await diffRevisions(database.db, {
			actor: planner40,
			zoneId: zone.id,
			fromRevision: 2,
			toRevision: 2
		});
		expect(same).toMatchObject({ added: null, removed: null, addedKm2: 0, removedKm2: 0 });
		expect(
			(
				await expectRefusal(
					diffRevisions(database.db, {
						actor: planner41,
						zoneId: zone.id,
						fromRevision: 1,
						toRevision: 2
					})
				)
			).kind
		).toBe('not_found');
	});
});

describe('the workspace helpers', () => {
	/** Three adjacent SAOs of TH40 that share tambon edges. */
	async function adjacentSaos(): Promise<string[]> {
		const { rows } = await sql<{ a: string; b: string; c: string }>`
			SELECT a.dla_code AS a, b.dla_code AS b, c.dla_code AS c
			FROM lao a
			JOIN lao b ON b.geom && a.geom AND ST_Relate(a.geom, b.geom, 'F***1****') AND b.dla_code > a.dla_code
			JOIN lao c ON c.geom && b.geom AND ST_Relate(b.geom, c.geom, 'F***1****') AND c.dla_code > b.dla_code
			WHERE a.province_code = 'TH40' AND b.province_code = 'TH40' AND c.province_code = 'TH40'
				AND a.lao_type = 'subdistrict_admin_org' AND b.lao_type = 'subdistrict_admin_org'
				AND c.lao_type = 'subdistrict_admin_org'
				AND NOT a.geom_approximate AND NOT b.geom_approximate AND NOT c.geom_approximate
				AND ST_CoveredBy(ST_Union(ARRAY[a.geom, b.geom, c.geom]),
					(SELECT geom FROM province WHERE code = 'TH40'))
				AND NOT EXISTS (
					SELECT 1 FROM zone_revision r
					WHERE r.geom && ST_Union(ARRAY[a.geom, b.geom, c.geom])
				)
			ORDER BY a.dla_code DESC
			LIMIT 1
		`.execute(database.db);
		return [rows[0]!.a, rows[0]!.b, rows[0]!.c];
	}

	it('turns a candidate into a draft zone whose members are wholly covered', async () => {
		const members = await adjacentSaos();
		const { zone, revision } = await createZoneFromCandidate(database.db, {
			actor: planner40,
			rules: defaultRules,
			provinceCode: 'TH40',
			memberDlaCodes: members
		});
		expect(zone.status).toBe('draft');
		expect(revision.geometrySource).toBe('candidate');
		expect(revision.name).toMatch(/^เขตพัฒนาเศรษฐกิจพอเพียง .+ และอีก 2 อปท\.$/);
		for (const code of members) {
			const covered = revision.coveredLaos.find((c) => c.dlaCode === code);
			expect(covered?.shareOfLao).toBeGreaterThan(0.999);
		}
		expect(revision.metrics).toMatchObject({ candidate: { memberDlaCodes: members } });
	});

	it('refuses LAOs that cannot make a zone, naming each', async () => {
		const pao = await database.db
			.selectFrom('lao')
			.select('dla_code')
			.where('province_code', '=', 'TH40')
			.where('lao_type', '=', 'provincial_admin_org')
			.executeTakeFirstOrThrow();
		const other = await database.db
			.selectFrom('lao')
			.select('dla_code')
			.where('province_code', '=', 'TH41')
			.where('lao_type', '=', 'subdistrict_admin_org')
			.orderBy('dla_code')
			.executeTakeFirstOrThrow();
		const error = await expectRefusal(
			unionOfLaos(database.db, {
				actor: planner40,
				provinceCode: 'TH40',
				dlaCodes: [pao.dla_code, other.dla_code, '9999999']
			})
		);
		expect(error.kind).toBe('invalid');
		expect(error.problems.map((p) => [p.rule, p.field])).toEqual([
			['lao.not_usable', 'dlaCodes[0]'],
			['lao.not_usable', 'dlaCodes[1]'],
			['lao.not_usable', 'dlaCodes[2]']
		]);
		expect(error.problems[0]!.message).toMatch(/PAO/);
		expect(error.problems[1]!.message).toMatch(/TH41/);
	});

	it('previews the rules alone, without the LAO coverage, for the workspace’s automatic check', async () => {
		// 189 km² in Khon Kaen and 47 km² across the edge in Maha Sarakham.
		const across = {
			type: 'MultiPolygon',
			coordinates: [
				[
					[
						[102.75, 16.3],
						[102.95, 16.3],
						[102.95, 16.4],
						[102.75, 16.4],
						[102.75, 16.3]
					]
				]
			]
		};
		const rulesOnly = await previewZone(database.db, {
			actor: planner40,
			rules: defaultRules,
			provinceCode: 'TH40',
			geometry: across,
			withMetrics: false
		});
		expect(rulesOnly.metrics).toBeNull();
		const outside = rulesOnly.problems.find((p) => p.rule === 'zone.outside_province');
		expect((outside?.details as { outsideKm2: number }).outsideKm2).toBeCloseTo(47.5, 0);
		const full = await previewZone(database.db, {
			actor: planner40,
			rules: defaultRules,
			provinceCode: 'TH40',
			geometry: across
		});
		expect(full.problems.map((p) => p.rule)).toEqual(rulesOnly.problems.map((p) => p.rule));
		expect(full.metrics?.coveredLaos.length).toBeGreaterThan(0);
	});

	it('previews a geometry without saving it', async () => {
		const before = await rowCounts();
		const result = await previewZone(database.db, {
			actor: planner40,
			rules: defaultRules,
			provinceCode: 'TH40',
			geometry: squares[nextSquare]!
		});
		expect(result.problems).toEqual([]);
		expect(result.metrics?.areaKm2).toBeGreaterThan(1);
		expect(result.metrics?.scoringModelId).toBe(officialModelId);
		const bad = await previewZone(database.db, {
			actor: planner40,
			rules: defaultRules,
			provinceCode: 'TH40',
			geometry: readFixtureGeometry('bow-tie.geojson')
		});
		expect(bad.problems.map((p) => p.rule)).toContain('geometry.self_intersection');
		expect(await rowCounts()).toEqual(before);
		expect(
			(
				await expectRefusal(
					previewZone(database.db, {
						actor: governor40,
						rules: defaultRules,
						provinceCode: 'TH40',
						geometry: squares[0]
					})
				)
			).kind
		).toBe('forbidden');
	});

	it('gives the workspace its context: simplified LAOs with figures, rules, visible zones', async () => {
		const context = await getZoneContext(database.db, {
			actor: planner40,
			rules: defaultRules,
			provinceCode: 'TH40'
		});
		expect(context.province).toMatchObject({ code: 'TH40', nameEn: 'Khon Kaen' });
		expect(context.laos.length).toBeGreaterThan(100);
		expect(context.laos.every((l) => l.laoType !== 'provincial_admin_org')).toBe(true);
		expect(context.laos.some((l) => l.score !== null)).toBe(true);
		expect(context.model?.id).toBe(officialModelId);
		expect(context.rules).toEqual(defaultRules);
		expect(context.activeZones.length).toBeGreaterThan(0);
		expect(
			(
				await expectRefusal(
					getZoneContext(database.db, {
						actor: planner41,
						rules: defaultRules,
						provinceCode: 'TH40'
					})
				)
			).kind
		).toBe('forbidden');
	});
});
