import type { MultiPolygon, Polygon } from 'geojson';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	defaultRules,
	rectangle,
	tambonSquares,
	turnReadinessRulesOff,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { bangkokDay } from '../../thai-calendar';
import { designateActing } from '../accounts/acting.service';
import { findActor } from '../accounts/user.repository';
import { recordInput } from '../coordination/coordination.schemas';
import { createRecord } from '../coordination/coordination.service';
import { getTimeline, openRecord } from '../coordination/coordination-register.service';
import type { Database } from '../db/database';
import { DomainError, type Problem } from '../domain-errors';
import { getDecisionMemo } from '../memo/decision-memo.service';
import { findCollection } from '../ogc/ogc.collections';
import { itemsParamsOf } from '../ogc/ogc.params';
import { listItems, pageObject } from '../ogc/ogc.service';
import { searchPlaces } from '../places/search.service';
import { loadOfficialModel } from '../scoring/scores-page.service';
import { approvedZonesDownload, publicDownloadFiles } from './public-downloads';
import { getPublicZone, listPublicZones, publicZonesMap } from './public-zone.service';
import { listZoneTransitions, runWorkflowEvent } from './workflow.service';
import { requestResponses } from './consultation.service';
import {
	createZone,
	diffRevisions,
	getZone,
	listRevisions,
	listZones,
	saveZoneRevision
} from './zone.service';
import { getZoneContext, previewZone } from './zone-workspace.service';
import { exportZone } from './zone-export.service';

/**
 * The visibility matrix of issue 12, written once and driven by tables: every viewer (the
 * public, DLA staff, planners and governors of the zone's province and of another, a governor's
 * acting designee, an LAO officer consulted on the zone and one never consulted) × zones of two
 * provinces in every workflow state (reached through the workflow service, never SQL) × every
 * place a zone is named, drawn or linked. What each viewer should see is stated here from the
 * issue's rule, independently of `zone-visibility.ts`: the working copy to those who may read it,
 * else the revision in force if there is one, else nothing (not even the id).
 */

const states = [
	'draft',
	'submitted',
	'returned',
	'withdrawn',
	'rejected',
	'approved',
	'amended'
] as const;
type State = (typeof states)[number];
const provinces = ['TH40', 'TH30'] as const;
type Province = (typeof provinces)[number];

interface TestZone {
	id: number;
	province: Province;
	state: State;
	/** The working copy's name and geometry. */
	workingName: string;
	working: Polygon;
	/** The revision in force: its public name and geometry (approved and amended only). */
	publicName: string | null;
	inForce: Polygon | null;
	/** The one LAO consulted on it, and an officer of that LAO. */
	consultedDlaCode: string;
	consultedOfficer: Actor;
	/** Its decisions (return, reject, approve): the memos' transitions. */
	decisionIds: number[];
}

const viewerKeys = [
	'anonymous',
	'dla_staff',
	'planner_th40',
	'planner_th30',
	'governor_th40',
	'governor_th30',
	'acting_governor_th40',
	'lao_consulted',
	'lao_not_consulted'
] as const;
type ViewerKey = (typeof viewerKeys)[number];
type Sight = 'working_copy' | 'in_force' | 'nothing';

let database: Database;
const viewers = {} as Record<Exclude<ViewerKey, 'lao_consulted'>, Actor | null>;
const zones: TestZone[] = [];
let publicRecordId: number;

const viewerOf = (key: ViewerKey, zone: TestZone): Actor | null =>
	key === 'lao_consulted' ? zone.consultedOfficer : viewers[key];

/** The rule, as the issue states it, for this test's viewers. */
function expectedSight(key: ViewerKey, zone: TestZone): Sight {
	const readsWorkingCopy =
		key === 'dla_staff' ||
		key === 'lao_consulted' ||
		(key === 'planner_th40' && zone.province === 'TH40') ||
		(key === 'governor_th40' && zone.province === 'TH40') ||
		(key === 'acting_governor_th40' && zone.province === 'TH40') ||
		(key === 'planner_th30' && zone.province === 'TH30') ||
		(key === 'governor_th30' && zone.province === 'TH30');
	if (readsWorkingCopy) return 'working_copy';
	return zone.publicName !== null ? 'in_force' : 'nothing';
}

/** The name the viewer may read, or null. */
function expectedName(key: ViewerKey, zone: TestZone): string | null {
	const sight = expectedSight(key, zone);
	return sight === 'working_copy'
		? zone.workingName
		: sight === 'in_force'
			? zone.publicName
			: null;
}

/** Names of the zone the viewer must never meet anywhere. */
function secretNames(key: ViewerKey, zone: TestZone): string[] {
	return expectedSight(key, zone) === 'working_copy' || zone.workingName === zone.publicName
		? []
		: [zone.workingName];
}

async function outcome<T>(call: Promise<T>): Promise<T | DomainError> {
	try {
		return await call;
	} catch (error) {
		if (error instanceof DomainError) return error;
		throw error;
	}
}

const kindOf = (result: unknown) => (result instanceof DomainError ? result.kind : 'ok');

beforeAll(async () => {
	database = await openTestDatabase('imported');
	// Not about readiness (issue 17): its own spec runs on the defaults.
	await turnReadinessRulesOff(database.db);
	const db = database.db;
	await loadOfficialModel(db);
	const dla = await createTestUser(db, { role: 'dla_staff' });
	const planner40 = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	const planner30 = await createTestUser(db, { role: 'planner', provinceCode: 'TH30' });
	const governor40 = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
	const governor30 = await createTestUser(db, { role: 'governor', provinceCode: 'TH30' });
	// The acting governor of TH40 is the governor of a third province (planners may not be
	// designated: who proposes may not decide), designated by DLA for today.
	const actingUser = await createTestUser(db, { role: 'governor', provinceCode: 'TH41' });
	const today = bangkokDay(new Date());
	await designateActing(db, {
		actor: dla,
		provinceCode: 'TH40',
		actingUserId: actingUser.userId,
		startsOn: today,
		endsOn: today
	});
	const acting = (await findActor(db, actingUser.userId))!;
	expect(acting.actingFor?.map((a) => a.provinceCode)).toEqual(['TH40']);
	Object.assign(viewers, {
		anonymous: null,
		dla_staff: dla,
		planner_th40: planner40,
		planner_th30: planner30,
		governor_th40: governor40,
		governor_th30: governor30,
		acting_governor_th40: acting
	});
	const planners = { TH40: planner40, TH30: planner30 };
	const governors = { TH40: governor40, TH30: governor30 };

	for (const province of provinces) {
		const squares = await tambonSquares(db, province, states.length + 1);
		let next = 0;
		for (const state of states) {
			const planner = planners[province];
			const governor = governors[province];
			const working = squares[next++]!;
			const firstName =
				state === 'approved' || state === 'amended'
					? `สาธารณะ-${province}-${state}`
					: `ลับ-${province}-${state}`;
			const created = await createZone(db, {
				actor: planner,
				rules: defaultRules,
				input: {
					provinceCode: province,
					attributes: zoneAttributes(firstName),
					geometry: working,
					geometrySource: 'drawn'
				}
			});
			const zoneId = created.zone.id;
			const consultedDlaCode = created.revision.coveredLaos[0]!.dlaCode;
			await requestResponses(db, {
				actor: planner,
				zoneId,
				revisionId: created.revision.id,
				dlaCodes: [consultedDlaCode]
			});
			const consultedOfficer = await createTestUser(db, {
				role: 'lao_officer',
				provinceCode: province,
				dlaCode: consultedDlaCode
			});
			const run = (
				actor: Actor,
				event: 'submit' | 'approve' | 'return' | 'reject' | 'withdraw',
				revisionId: number
			) =>
				runWorkflowEvent(db, {
					actor,
					zoneId,
					revisionId,
					event,
					...(event === 'return' || event === 'reject' ? { reasonCodes: ['boundary_unclear'] } : {})
				});
			const revisionId = created.revision.id;
			if (state !== 'draft') await run(planner, 'submit', revisionId);
			if (state === 'returned') await run(governor, 'return', revisionId);
			if (state === 'withdrawn') await run(planner, 'withdraw', revisionId);
			if (state === 'rejected') await run(governor, 'reject', revisionId);
			if (state === 'approved' || state === 'amended') await run(governor, 'approve', revisionId);
			let zone: TestZone = {
				id: zoneId,
				province,
				state,
				workingName: firstName,
				working,
				publicName: state === 'approved' || state === 'amended' ? firstName : null,
				inForce: state === 'approved' || state === 'amended' ? working : null,
				consultedDlaCode,
				consultedOfficer,
				decisionIds: []
			};
			if (state === 'amended') {
				// An amendment with another name and outline, submitted: not approved yet.
				const amendment = squares[next++]!;
				const saved = await saveZoneRevision(db, {
					actor: planner,
					rules: defaultRules,
					zoneId,
					baseRevisionId: revisionId,
					input: {
						attributes: zoneAttributes(`ลับ-${province}-amendment`),
						geometry: amendment,
						geometrySource: 'drawn'
					}
				});
				await run(planner, 'submit', saved.revision.id);
				zone = { ...zone, workingName: `ลับ-${province}-amendment`, working: amendment };
			}
			const transitions = await listZoneTransitions(db, { actor: dla, zoneId });
			zone.decisionIds = transitions
				.filter((t) => ['approve', 'return', 'reject'].includes(t.event))
				.map((t) => t.id);
			zones.push(zone);
		}
	}

	// One public record, by DLA (who may read every zone), linking all of them.
	publicRecordId = (
		await createRecord(db, {
			actor: dla,
			input: recordInput.parse({
				kind: 'letter',
				subject: 'แจ้งเขตที่เกี่ยวข้อง',
				recipients: ['provincial_office:TH40', 'provincial_office:TH30'],
				linkZones: zones.map((z) => z.id).join(' '),
				isPublic: 'true'
			})
		})
	).recordId;

	const notConsulted = await sql<{ dla_code: string }>`
		SELECT dla_code FROM lao WHERE province_code = 'TH40' AND lao_type <> 'provincial_admin_org'
			AND dla_code NOT IN (SELECT dla_code FROM lao_consultation)
		ORDER BY dla_code LIMIT 1`.execute(db);
	viewers.lao_not_consulted = await createTestUser(db, {
		role: 'lao_officer',
		provinceCode: 'TH40',
		dlaCode: notConsulted.rows[0]!.dla_code
	});
}, 600_000);
afterAll(() => database?.close());

/** Every (viewer, zone) pair. */
const pairs = () => viewerKeys.flatMap((key) => zones.map((zone) => ({ key, zone })));

/** Runs a check over the matrix and reports every cell that disagrees, at once. */
async function matrix(
	check: (key: ViewerKey, zone: TestZone, viewer: Actor | null) => Promise<string | null>
) {
	const mismatches: string[] = [];
	for (const { key, zone } of pairs()) {
		const found = await check(key, zone, viewerOf(key, zone));
		if (found) mismatches.push(`${key} × ${zone.province} ${zone.state}: ${found}`);
	}
	expect(mismatches).toEqual([]);
}

/** Whether a value, as JSON, contains any of the names. */
const leaks = (value: unknown, names: string[]) => {
	const text = JSON.stringify(value);
	return names.filter((n) => text.includes(n));
};

describe('the visibility matrix: the zone itself', () => {
	it('covers every state in both provinces', () => {
		expect(zones.map((z) => `${z.province}:${z.state}`)).toHaveLength(14);
	});

	it('GET /api/zones/{id} (getZone): the working copy, the revision in force, or not found', async () => {
		await matrix(async (key, zone, viewer) => {
			const result = await outcome(getZone(database.db, { actor: viewer, zoneId: zone.id }));
			const name = expectedName(key, zone);
			if (name === null) return kindOf(result) === 'not_found' ? null : `got ${kindOf(result)}`;
			if (result instanceof DomainError) return `refused ${result.kind}`;
			return result.revision.name === name ? null : `named “${result.revision.name}”`;
		});
	});

	it('the zone list (/api/zones, the zone search of the workspace) names each zone as it may be seen', async () => {
		for (const key of viewerKeys) {
			type Listed = Map<number, Awaited<ReturnType<typeof listZones>>[number]>;
			const listedBy = new Map<Actor | null, Listed>();
			for (const zone of zones) {
				const viewer = viewerOf(key, zone);
				if (!listedBy.has(viewer)) {
					const listed = await listZones(database.db, { actor: viewer });
					listedBy.set(viewer, new Map(listed.map((z) => [z.id, z])));
				}
				const item = listedBy.get(viewer)!.get(zone.id);
				const name = expectedName(key, zone);
				expect(item?.currentRevision?.name ?? null, `${key} × ${zone.state}`).toBe(name);
				if (expectedSight(key, zone) === 'in_force') expect(item?.status).toBe('approved');
			}
		}
	});

	it('revisions, diffs and exports follow the same rule', async () => {
		await matrix(async (key, zone, viewer) => {
			const sight = expectedSight(key, zone);
			const revisions = await outcome(
				listRevisions(database.db, { actor: viewer, zoneId: zone.id })
			);
			if (sight === 'nothing') {
				if (kindOf(revisions) !== 'not_found') return `revisions: ${kindOf(revisions)}`;
			} else if (revisions instanceof DomainError) return `revisions refused ${revisions.kind}`;
			else if (leaks(revisions, secretNames(key, zone)).length > 0)
				return `revisions leak ${leaks(revisions, secretNames(key, zone))}`;
			const to = zone.state === 'amended' ? 2 : 1;
			const diff = await outcome(
				diffRevisions(database.db, {
					actor: viewer,
					zoneId: zone.id,
					fromRevision: 1,
					toRevision: to
				})
			);
			if ((sight === 'working_copy') !== (kindOf(diff) === 'ok')) return `diff: ${kindOf(diff)}`;
			const exported = await outcome(
				exportZone(database.db, {
					actor: viewer,
					zoneId: zone.id,
					format: 'zone.geojson',
					laoTypeNames: {}
				})
			);
			const name = expectedName(key, zone);
			if (name === null)
				return kindOf(exported) === 'not_found' ? null : `export: ${kindOf(exported)}`;
			if (exported instanceof DomainError) return `export refused ${exported.kind}`;
			const body = String(exported.body);
			if (!body.includes(name)) return `export lacks “${name}”`;
			return leaks(body, secretNames(key, zone)).length > 0
				? 'export leaks the working copy'
				: null;
		});
	});

	it('decision memos: not found for who may not see the zone, forbidden for who may see but not write', async () => {
		const writes = (key: ViewerKey, zone: TestZone) =>
			key === 'dla_staff' ||
			(zone.province === 'TH40' &&
				['planner_th40', 'governor_th40', 'acting_governor_th40'].includes(key)) ||
			(zone.province === 'TH30' && ['planner_th30', 'governor_th30'].includes(key));
		await matrix(async (key, zone, viewer) => {
			for (const transitionId of zone.decisionIds) {
				const memo = await outcome(
					getDecisionMemo(database.db, { actor: viewer, zoneId: zone.id, transitionId })
				);
				const expected =
					expectedSight(key, zone) === 'nothing'
						? 'not_found'
						: writes(key, zone)
							? 'ok'
							: 'forbidden';
				if (kindOf(memo) !== expected) return `memo ${transitionId}: ${kindOf(memo)}`;
			}
			return null;
		});
	});
});

describe('the visibility matrix: coordination records', () => {
	it('a record page (and its public view) shows each linked zone as the viewer may see it', async () => {
		const linkAsSeen = (key: ViewerKey, zone: TestZone) => {
			const name = expectedName(key, zone);
			return name === null
				? { visible: false, id: null, name: null, sees: 'nothing' }
				: { visible: true, id: zone.id, name, sees: expectedSight(key, zone) };
		};
		for (const key of viewerKeys) {
			// The consulted officer differs by zone: one page each; everyone else one page.
			const readers =
				key === 'lao_consulted'
					? zones.map((zone) => ({ viewer: zone.consultedOfficer, checked: [zone] }))
					: [{ viewer: viewers[key], checked: zones }];
			for (const { viewer, checked } of readers) {
				const page = await openRecord(database.db, { actor: viewer, recordId: publicRecordId });
				for (const zone of checked) {
					expect(
						page.links.zones[zones.indexOf(zone)],
						`${key} × ${zone.province} ${zone.state}`
					).toEqual(linkAsSeen(key, zone));
				}
				expect(
					leaks(
						page,
						checked.flatMap((z) => secretNames(key, z))
					),
					key
				).toEqual([]);
			}
		}
	});

	it('linking a zone requires reading it, and a hidden zone is refused exactly like one that does not exist', async () => {
		const missing = 999_999_999;
		for (const key of viewerKeys) {
			if (key === 'anonymous') continue;
			const groups =
				key === 'lao_consulted'
					? zones.map((zone) => ({ viewer: zone.consultedOfficer, zones: [zone] }))
					: [{ viewer: viewers[key]!, zones }];
			for (const group of groups) {
				const ids = group.zones.map((z) => z.id);
				const refused = await outcome(
					createRecord(database.db, {
						actor: group.viewer,
						input: recordInput.parse({
							kind: 'letter',
							subject: 'ลองเชื่อมเขต',
							recipients: ['dla'],
							linkZones: [...ids, missing].join(' ')
						})
					})
				);
				expect(refused).toBeInstanceOf(DomainError);
				const problems = (refused as DomainError).problems;
				const hidden = group.zones.filter((z) => expectedSight(key, z) === 'nothing');
				const described = (id: number) =>
					problems.find((p: Problem) => p.message.includes(`zone ${id} `));
				expect(
					problems.map((p) => [p.field, p.rule]),
					key
				).toEqual(
					[...hidden, { id: missing }].map(() => ['linkZones', 'coordination.unknown_zone'])
				);
				for (const zone of hidden)
					expect(described(zone.id)!.message.replace(String(zone.id), 'N')).toBe(
						described(missing)!.message.replace(String(missing), 'N')
					);
				const readable = group.zones.filter((z) => expectedSight(key, z) !== 'nothing');
				if (readable.length === 0) continue;
				const made = await createRecord(database.db, {
					actor: group.viewer,
					input: recordInput.parse({
						kind: 'letter',
						subject: 'เชื่อมเขตที่อ่านได้',
						recipients: ['dla'],
						linkZones: readable.map((z) => z.id).join(' ')
					})
				});
				const page = await openRecord(database.db, {
					actor: group.viewer,
					recordId: made.recordId
				});
				expect(page.links.zones.map((z) => z.name)).toEqual(
					readable.map((z) => expectedName(key, z))
				);
			}
		}
	});

	it('a zone’s timeline is for who may see the zone', async () => {
		await matrix(async (key, zone, viewer) => {
			const timeline = await outcome(getTimeline(database.db, { actor: viewer, zoneId: zone.id }));
			if (expectedSight(key, zone) === 'nothing')
				return kindOf(timeline) === 'not_found' ? null : `timeline: ${kindOf(timeline)}`;
			if (timeline instanceof DomainError) return `timeline refused ${timeline.kind}`;
			return timeline.some((e) => e.id === publicRecordId) ? null : 'timeline lacks the record';
		});
	});
});

/** A square around a polygon's box, `marginDegrees` wider on every side. */
function around(polygon: Polygon, marginDegrees = 0.002): Polygon {
	const ring = polygon.coordinates[0]!;
	const xs = ring.map((c) => c[0]!);
	const ys = ring.map((c) => c[1]!);
	return rectangle(
		Math.min(...xs) - marginDegrees,
		Math.min(...ys) - marginDegrees,
		Math.max(...xs) + marginDegrees,
		Math.max(...ys) + marginDegrees
	);
}

const editorKeys = ['dla_staff', 'planner_th40', 'planner_th30'] as const;
const ownProvince = (key: (typeof editorKeys)[number], zone: TestZone) =>
	key === 'planner_th40' ? 'TH40' : key === 'planner_th30' ? 'TH30' : zone.province;

/** Whether `at` is the probe itself (one polygon, the same ring within PostGIS's 6 decimals). */
const sameRing = (at: unknown, probe: Polygon) => {
	const geometry = at as MultiPolygon;
	if (geometry.type !== 'MultiPolygon' || geometry.coordinates.length !== 1) return false;
	const ring = geometry.coordinates[0]![0]!;
	const expected = probe.coordinates[0]!;
	return (
		ring.length === expected.length &&
		ring.every((c, i) => c.every((v, j) => Math.abs(v - expected[i]![j]!) < 2e-6))
	);
};

describe('the visibility matrix: the overlap refusal', () => {
	/**
	 * A probe over the zone's working copy, by each editor, in the editor's own province (the
	 * issue's attack: planner.th30 over a TH40 draft). Every active working copy refuses the
	 * probe; what the refusal tells follows the rule.
	 */
	it('names and draws the other zone only for who may read it; otherwise only its province, N ha and the caller’s own polygon', async () => {
		const mismatches: string[] = [];
		for (const key of editorKeys) {
			for (const zone of zones) {
				const viewer = viewers[key]!;
				const probe = around(zone.working);
				const { problems } = await previewZone(database.db, {
					actor: viewer,
					rules: defaultRules,
					provinceCode: ownProvince(key, zone),
					geometry: probe
				});
				const overlaps = problems.filter((p) => p.rule === 'zone.overlaps_zone');
				const where = `${key} × ${zone.province} ${zone.state}`;
				const active = !['withdrawn', 'rejected'].includes(zone.state);
				if (!active) {
					if (overlaps.length > 0) mismatches.push(`${where}: refused a closed zone`);
					continue;
				}
				if (overlaps.length !== 1) {
					mismatches.push(`${where}: ${overlaps.length} overlap refusals`);
					continue;
				}
				const refusal = overlaps[0]!;
				const details = refusal.details as Record<string, unknown>;
				// The working copy is named only to its readers; an in-force reader probing an
				// amendment, like a stranger probing a draft, learns nothing of it.
				const named = expectedSight(key, zone) === 'working_copy' || zone.state === 'approved';
				if (named) {
					if (details.otherZoneId !== zone.id || details.otherZoneName !== zone.workingName)
						mismatches.push(`${where}: named ${String(details.otherZoneName)}`);
				} else {
					if (details.otherZoneId !== null || details.otherZoneName !== null)
						mismatches.push(`${where}: disclosed ${String(details.otherZoneId)}`);
					if (!sameRing(details.at, probe))
						mismatches.push(`${where}: details.at is not the caller's own polygon`);
					const hectares = (details.overlapHectares as number).toFixed(2);
					const told = `The zone overlaps another active zone of province ${zone.province} by ${hectares} ha; at most 1 ha is allowed`;
					if (refusal.message !== told) mismatches.push(`${where}: message ${refusal.message}`);
					if (details.otherProvinceCode !== zone.province)
						mismatches.push(`${where}: province ${String(details.otherProvinceCode)}`);
				}
				if (leaks(problems, secretNames(key, zone)).length > 0)
					mismatches.push(`${where}: leaks the working copy's name`);
			}
		}
		expect(mismatches).toEqual([]);
	});

	it('an amendment’s revision in force is named by its public name, to everyone', async () => {
		for (const key of editorKeys) {
			for (const zone of zones.filter((z) => z.state === 'amended')) {
				const { problems } = await previewZone(database.db, {
					actor: viewers[key],
					rules: defaultRules,
					provinceCode: ownProvince(key, zone),
					geometry: around(zone.inForce!)
				});
				const overlaps = problems.filter((p) => p.rule === 'zone.overlaps_zone');
				expect(
					overlaps.map((p) => p.details),
					`${key} × ${zone.province}`
				).toMatchObject([{ otherZoneId: zone.id, otherZoneName: zone.publicName }]);
			}
		}
	});

	it('saving (POST /api/zones) refuses over a hidden draft the same way, and writes nothing', async () => {
		const draft40 = zones.find((z) => z.province === 'TH40' && z.state === 'draft')!;
		const probe = around(draft40.working);
		const refused = await outcome(
			createZone(database.db, {
				actor: viewers.planner_th30,
				rules: defaultRules,
				input: {
					provinceCode: 'TH30',
					attributes: zoneAttributes('ลองทับเขตจังหวัดอื่น'),
					geometry: probe,
					geometrySource: 'drawn'
				}
			})
		);
		expect(refused).toBeInstanceOf(DomainError);
		const overlap = (refused as DomainError).problems.find((p) => p.rule === 'zone.overlaps_zone')!;
		expect(overlap.details).toMatchObject({
			otherZoneId: null,
			otherZoneName: null,
			otherProvinceCode: 'TH40'
		});
		expect(sameRing(overlap.details!.at, probe)).toBe(true);
		expect(JSON.stringify(refused)).not.toContain(draft40.workingName);
	});

	it('the workspace context draws each zone of the province as its viewer may see it', async () => {
		for (const key of viewerKeys) {
			for (const province of provinces) {
				const samples = zones.filter((z) => z.province === province);
				const viewer = key === 'lao_consulted' ? samples[0]!.consultedOfficer : viewers[key];
				const context = await outcome(
					getZoneContext(database.db, {
						actor: viewer,
						rules: defaultRules,
						provinceCode: province
					})
				);
				// The workspace of a province: who plans or decides there (and DLA staff).
				const allowed =
					key === 'dla_staff' ||
					(province === 'TH40' &&
						['planner_th40', 'governor_th40', 'acting_governor_th40'].includes(key)) ||
					(province === 'TH30' && ['planner_th30', 'governor_th30'].includes(key));
				if (!allowed) {
					expect(kindOf(context), `${key} × ${province}`).toBe('forbidden');
					continue;
				}
				expect(context).not.toBeInstanceOf(DomainError);
				const active = (context as Awaited<ReturnType<typeof getZoneContext>>).activeZones;
				for (const zone of samples) {
					const names = active.filter((a) => a.id === zone.id).map((a) => a.name);
					const expected = ['withdrawn', 'rejected'].includes(zone.state)
						? []
						: zone.state === 'amended'
							? [zone.workingName, zone.publicName]
							: [zone.workingName];
					expect(names, `${key} × ${province} ${zone.state}`).toEqual(expected);
				}
			}
		}
	});
});

describe('the visibility matrix: open data (the public, every viewer alike)', () => {
	const approvedNames = () => zones.filter((z) => z.publicName !== null).map((z) => z.publicName!);
	const hiddenNames = () =>
		zones.filter((z) => z.workingName !== z.publicName).map((z) => z.workingName);

	it('the public list, map overlay, zone pages, OGC zones, downloads and search show only revisions in force', async () => {
		const db = database.db;
		const surfaces: [string, unknown][] = [
			['public list', await listPublicZones(db)],
			['map overlay', await publicZonesMap(db)],
			[
				'OGC zones',
				pageObject(
					await listItems(
						db,
						'http://test',
						'zones',
						itemsParamsOf(findCollection('zones')!).parse({ limit: '1000' })
					)
				)
			],
			...(await Promise.all(
				publicDownloadFiles.map(
					async (file) =>
						[file, (await approvedZonesDownload(db, { file })).body] as [string, unknown]
				)
			))
		];
		for (const [surface, value] of surfaces) {
			const text = typeof value === 'string' ? value : JSON.stringify(value);
			for (const name of approvedNames()) expect(text, `${surface} lacks ${name}`).toContain(name);
			expect(leaks(text, hiddenNames()), surface).toEqual([]);
		}
		for (const zone of zones) {
			const page = await outcome(getPublicZone(db, { zoneId: zone.id }));
			if (zone.publicName === null) expect(kindOf(page), zone.state).toBe('not_found');
			else expect(JSON.stringify(page)).toContain(zone.publicName);
			expect(leaks(page, zone.publicName === null ? [] : hiddenNames()), zone.state).toEqual([]);
		}
		for (const name of [...approvedNames(), ...hiddenNames()])
			expect(await searchPlaces(db, name, 10)).toEqual([]);
	});
});
