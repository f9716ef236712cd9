import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import type { ZoneStatus } from '../../geo/zones/zone-terms';
import { canViewZoneWorkingCopy } from '../accounts/permissions';
import type { DB } from '../db/schema';

/**
 * Who sees what of a zone: the one rule, written once (issue 12). Every place that names,
 * draws or links a zone asks `zoneSight` (or `readZoneSights`, its query twin) instead of
 * deciding for itself: `GET /api/zones/{id}`, the exports, the diffs, the memos, the overlap
 * refusal, the workspace's context, the coordination record links and timelines.
 *
 * - The working copy (whatever state: draft, submitted, returned, withdrawn, rejected, or an
 *   amendment of an approved zone) to those who may read it: DLA staff, the province's planners
 *   and governor, whoever acts for that governor today, and the officers of a consulted LAO
 *   (`canViewZoneWorkingCopy`).
 * - Otherwise the revision in force, when the zone was ever approved: its public name, outline
 *   and id, never the amendment's.
 * - Otherwise nothing: not its name, not its outline, not even its id or that it exists.
 */

/** The facts about a zone the rule needs. */
export interface ZoneVisibilityFacts {
	provinceCode: string;
	status: ZoneStatus;
	currentRevisionId: number | null;
	/** The revision in force (public), null when the zone was never approved. */
	approvedRevisionId: number | null;
	/** The LAOs asked to answer on it; only an LAO officer's sight depends on them. */
	consultedDlaCodes: readonly string[];
}

/** What a viewer sees of one zone, and which of its revisions that is. */
export type ZoneSight =
	| { sees: 'working_copy'; revisionId: number | null }
	| { sees: 'in_force'; revisionId: number }
	| { sees: 'nothing' };

/** The rule. `viewer` null is the public. Pure: the caller brings the facts. */
export function zoneSight(viewer: Actor | null, zone: ZoneVisibilityFacts): ZoneSight {
	if (
		canViewZoneWorkingCopy(viewer, {
			provinceCode: zone.provinceCode,
			status: zone.status,
			responseRequestedFrom: zone.consultedDlaCodes
		})
	)
		return { sees: 'working_copy', revisionId: zone.currentRevisionId };
	if (zone.approvedRevisionId !== null)
		return { sees: 'in_force', revisionId: zone.approvedRevisionId };
	return { sees: 'nothing' };
}

/** Whether a viewer's sight of zones can depend on consultations (only an LAO officer's can). */
export const sightNeedsConsultations = (viewer: Actor | null) => viewer?.role === 'lao_officer';

/**
 * The LAOs consulted on each zone, for `zoneSight`; queried only when the viewer is an LAO
 * officer (everyone else's sight does not depend on it), so most reads pay nothing.
 */
export async function consultedDlaCodesOf(
	db: Kysely<DB>,
	viewer: Actor | null,
	zoneIds: readonly number[]
): Promise<Map<number, string[]>> {
	const byZone = new Map<number, string[]>();
	if (!sightNeedsConsultations(viewer) || zoneIds.length === 0) return byZone;
	const rows = await db
		.selectFrom('lao_consultation')
		.select(['zone_id', 'dla_code'])
		.where('zone_id', 'in', [...new Set(zoneIds)])
		.execute();
	for (const r of rows) byZone.set(r.zone_id, [...(byZone.get(r.zone_id) ?? []), r.dla_code]);
	return byZone;
}

/** A zone as one viewer may name it: the revision they see and its name, or nothing at all. */
export type VisibleZone =
	| {
			sees: 'working_copy' | 'in_force';
			zoneId: number;
			provinceCode: string;
			/** The status the viewer may know: an in-force reader sees an approved zone. */
			status: ZoneStatus;
			revisionId: number;
			name: string;
	  }
	| { sees: 'nothing' };

/**
 * The zones of `zoneIds` as `viewer` may see them (a missing id and a hidden zone are the same
 * `nothing`, so the answer never tells whether an id exists). One query for the zones and their
 * names, one more for an LAO officer's consultations.
 */
export async function readZoneSights(
	db: Kysely<DB>,
	viewer: Actor | null,
	zoneIds: readonly number[]
): Promise<Map<number, VisibleZone>> {
	const ids = [...new Set(zoneIds)];
	const result = new Map<number, VisibleZone>(ids.map((id) => [id, { sees: 'nothing' }]));
	if (ids.length === 0) return result;
	const [rows, consulted] = await Promise.all([
		db
			.selectFrom('zone as z')
			.leftJoin('zone_revision as c', 'c.id', 'z.current_revision_id')
			.leftJoin('zone_revision as a', 'a.id', 'z.approved_revision_id')
			.select([
				'z.id',
				'z.province_code',
				'z.status',
				'z.current_revision_id',
				'z.approved_revision_id',
				'c.name as current_name',
				'a.name as approved_name'
			])
			.where('z.id', 'in', ids)
			.execute(),
		consultedDlaCodesOf(db, viewer, ids)
	]);
	for (const row of rows) {
		const sight = zoneSight(viewer, {
			provinceCode: row.province_code,
			status: row.status,
			currentRevisionId: row.current_revision_id,
			approvedRevisionId: row.approved_revision_id,
			consultedDlaCodes: consulted.get(row.id) ?? []
		});
		if (sight.sees === 'nothing' || sight.revisionId === null) continue;
		const name = sight.sees === 'working_copy' ? row.current_name : row.approved_name;
		if (name === null) continue;
		result.set(row.id, {
			sees: sight.sees,
			zoneId: row.id,
			provinceCode: row.province_code,
			status: sight.sees === 'working_copy' ? row.status : 'approved',
			revisionId: sight.revisionId,
			name
		});
	}
	return result;
}

/** The ids among `zoneIds` the viewer may read (working copy or revision in force). */
export async function readableZoneIds(
	db: Kysely<DB>,
	viewer: Actor | null,
	zoneIds: readonly number[]
): Promise<Set<number>> {
	const sights = await readZoneSights(db, viewer, zoneIds);
	return new Set(
		[...sights.entries()].filter(([, sight]) => sight.sees !== 'nothing').map(([id]) => id)
	);
}

/**
 * The SQL twin of the working-copy half of the rule for list queries over `zone` aliased `z`
 * (the list of zones; the rest of the rule, the revision in force, is the list's join).
 */
export function seesWorkingCopySql(viewer: Actor | null) {
	if (!viewer) return sql<boolean>`false`;
	if (viewer.role === 'dla_staff') return sql<boolean>`true`;
	const provinces = [
		...new Set([
			...((viewer.role === 'planner' || viewer.role === 'governor') && viewer.provinceCode
				? [viewer.provinceCode]
				: []),
			...(viewer.actingFor ?? []).map((a) => a.provinceCode)
		])
	];
	const inProvince =
		provinces.length > 0 ? sql`z.province_code IN (${sql.join(provinces)})` : sql`false`;
	const consulted =
		viewer.role === 'lao_officer' && viewer.dlaCode
			? sql`EXISTS (SELECT 1 FROM lao_consultation c WHERE c.zone_id = z.id AND c.dla_code = ${viewer.dlaCode})`
			: sql`false`;
	return sql<boolean>`(${inProvince} OR ${consulted})`;
}
