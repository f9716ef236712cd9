import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';

/**
 * The public's queries: only revisions in force (`zone.approved_revision_id`), never a working
 * copy, whoever asks. Geometries come out as GeoJSON text, bounding boxes in degrees.
 */

/** A zone's revision in force with its province and scoring model (undefined when none). */
export function findApprovedRevision(db: Kysely<DB>, zoneId: number) {
	return db
		.selectFrom('zone as z')
		.innerJoin('zone_revision as r', 'r.id', 'z.approved_revision_id')
		.innerJoin('province as p', 'p.code', 'z.province_code')
		.leftJoin('scoring_model as m', 'm.id', 'r.scoring_model_id')
		.select([
			'z.id',
			'z.province_code',
			'p.name_th as province_name_th',
			'p.name_en as province_name_en',
			'r.id as revision_id',
			'r.revision_number',
			'r.name',
			'r.description',
			'r.objectives',
			'r.objective_tags',
			'r.partners',
			'r.swot',
			'r.area_km2',
			'r.covered_laos',
			'r.population_covered',
			'r.score',
			'r.scoring_model_id',
			'r.metrics',
			'm.name as model_name',
			'm.version as model_version',
			sql<string>`ST_AsGeoJSON(r.geom, 7)`.as('geometry'),
			sql<number>`ST_XMin(r.geom)`.as('west'),
			sql<number>`ST_YMin(r.geom)`.as('south'),
			sql<number>`ST_XMax(r.geom)`.as('east'),
			sql<number>`ST_YMax(r.geom)`.as('north')
		])
		.where('z.id', '=', zoneId)
		.executeTakeFirst();
}

/** The latest approval of a revision (an amendment approved later moves the pointer), with the approver's position. */
export function findLatestApproval(db: Kysely<DB>, args: { zoneId: number; revisionId: number }) {
	return db
		.selectFrom('zone_transition as t')
		.innerJoin('app_user as a', 'a.id', 't.actor_user_id')
		.select(['t.created_at', 't.acting_for_user_id', 'a.position as actor_position'])
		.where('t.zone_id', '=', args.zoneId)
		.where('t.revision_id', '=', args.revisionId)
		.where('t.event', '=', 'approve')
		.orderBy('t.id', 'desc')
		.limit(1)
		.executeTakeFirst();
}

/** Zones with a revision in force (of one province, or all), with the day of their latest approval. */
export function listApprovedZones(db: Kysely<DB>, provinceCode?: string) {
	let query = db
		.selectFrom('zone as z')
		.innerJoin('zone_revision as r', 'r.id', 'z.approved_revision_id')
		.innerJoin('province as p', 'p.code', 'z.province_code')
		.select([
			'z.id',
			'z.province_code',
			'p.name_th as province_name_th',
			'p.name_en as province_name_en',
			'r.name',
			'r.revision_number',
			'r.area_km2',
			'r.population_covered',
			sql<number>`jsonb_array_length(r.covered_laos)`.as('covered_lao_count'),
			(eb) =>
				eb
					.selectFrom('zone_transition as t')
					.select((t) => t.fn.max('t.created_at').as('approved_at'))
					.whereRef('t.zone_id', '=', 'z.id')
					.whereRef('t.revision_id', '=', 'z.approved_revision_id')
					.where('t.event', '=', 'approve')
					.as('approved_at')
		]);
	if (provinceCode !== undefined) query = query.where('z.province_code', '=', provinceCode);
	return query.orderBy('z.province_code').orderBy('r.name').orderBy('z.id').execute();
}

/** Provinces with at least one approved zone and how many, by code. */
export function listProvincesWithApprovedZones(db: Kysely<DB>) {
	return db
		.selectFrom('zone as z')
		.innerJoin('province as p', 'p.code', 'z.province_code')
		.where('z.approved_revision_id', 'is not', null)
		.groupBy(['p.code', 'p.name_th', 'p.name_en'])
		.select((eb) => ['p.code', 'p.name_th', 'p.name_en', eb.fn.countAll<string>().as('zone_count')])
		.orderBy('p.code')
		.execute();
}

/** The outlines in force of some zones, simplified at `simplifyDegrees` (5 decimals), with their bounding boxes. */
export function listApprovedOutlines(
	db: Kysely<DB>,
	args: { zoneIds: readonly number[]; simplifyDegrees: number }
) {
	return db
		.selectFrom('zone as z')
		.innerJoin('zone_revision as r', 'r.id', 'z.approved_revision_id')
		.select([
			'z.id',
			sql<string>`ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(r.geom, ${args.simplifyDegrees})), 5)`.as(
				'geometry'
			),
			sql<number>`ST_XMin(r.geom)`.as('west'),
			sql<number>`ST_YMin(r.geom)`.as('south'),
			sql<number>`ST_XMax(r.geom)`.as('east'),
			sql<number>`ST_YMax(r.geom)`.as('north')
		])
		.where('z.id', 'in', args.zoneIds)
		.execute();
}
