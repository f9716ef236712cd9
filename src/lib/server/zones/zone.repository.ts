import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { ZoneSwot } from '../../zones/readiness';
import type { DB, ZoneRevisionTable, ZoneTable } from '../db/schema';
import { activeZoneStatuses } from '../../geo/zones/zone-terms';

/**
 * Zone queries. Every function takes the handle it runs in (the database or the caller's
 * transaction). Geometry goes in as hex EWKB made by PostGIS itself (`zone-validation.ts`) and
 * comes out as GeoJSON text at 7 decimals (≈1 cm).
 */

export type ZoneRow = Selectable<ZoneTable>;

/** The zone row, locked until the end of the transaction: one save at a time per zone. */
export function lockZone(db: Kysely<DB>, zoneId: number): Promise<ZoneRow | undefined> {
	return db.selectFrom('zone').selectAll().where('id', '=', zoneId).forUpdate().executeTakeFirst();
}

export function findZone(db: Kysely<DB>, zoneId: number): Promise<ZoneRow | undefined> {
	return db.selectFrom('zone').selectAll().where('id', '=', zoneId).executeTakeFirst();
}

/**
 * Serialises saves that could overlap: a transaction-level advisory lock per province the zone's
 * bounding box meets (its own included), taken in code order so two saves never wait on each
 * other crosswise. Released at commit or rollback.
 */
export async function lockProvincesForOverlap(
	db: Kysely<DB>,
	provinceCode: string,
	bbox: readonly [number, number, number, number]
): Promise<string[]> {
	const [west, south, east, north] = bbox;
	// One statement (on PGlite every round trip yields to the HTTP server): the sub-select's
	// ORDER BY fixes the order the locks are taken in.
	const { rows } = await sql<{ code: string }>`
		SELECT code, pg_advisory_xact_lock(hashtext('zone-overlap:' || code)) AS locked
		FROM (
			SELECT code FROM province
			WHERE geom && ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326)
			UNION SELECT ${provinceCode}::text
			ORDER BY code
		) AS provinces
	`.execute(db);
	return rows.map((r) => r.code);
}

export async function insertZone(
	db: Kysely<DB>,
	zone: { provinceCode: string; createdBy: number }
): Promise<ZoneRow> {
	return db
		.insertInto('zone')
		.values({ province_code: zone.provinceCode, created_by: zone.createdBy })
		.returningAll()
		.executeTakeFirstOrThrow();
}

export interface NewRevision {
	zoneId: number;
	revisionNumber: number;
	name: string;
	description: string;
	objectives: string;
	objectiveTags: string[];
	partners: unknown[];
	/** Issue 17; `emptySwot()` when the client sent none. */
	swot: ZoneSwot;
	geometrySource: ZoneRevisionTable['geometry_source'];
	geomHex: string;
	areaKm2: number;
	vertexCount: number;
	coveredLaos: unknown[];
	populationCovered: number | null;
	score: number | null;
	scoringModelId: number | null;
	metrics: Record<string, unknown>;
	basedOnRevisionId: number | null;
	createdBy: number;
}

export async function insertRevision(db: Kysely<DB>, r: NewRevision): Promise<number> {
	const row = await db
		.insertInto('zone_revision')
		.values({
			zone_id: r.zoneId,
			revision_number: r.revisionNumber,
			name: r.name,
			description: r.description,
			objectives: r.objectives,
			objective_tags: JSON.stringify(r.objectiveTags),
			partners: JSON.stringify(r.partners),
			swot: JSON.stringify(r.swot),
			geometry_source: r.geometrySource,
			geom: sql<string>`${r.geomHex}::geometry`,
			area_km2: r.areaKm2,
			vertex_count: r.vertexCount,
			covered_laos: JSON.stringify(r.coveredLaos),
			population_covered: r.populationCovered,
			score: r.score,
			scoring_model_id: r.scoringModelId,
			metrics: JSON.stringify(r.metrics),
			based_on_revision_id: r.basedOnRevisionId,
			created_by: r.createdBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function setCurrentRevision(db: Kysely<DB>, zoneId: number, revisionId: number) {
	await db
		.updateTable('zone')
		.set({ current_revision_id: revisionId, updated_at: sql`now()` })
		.where('id', '=', zoneId)
		.execute();
}

export async function nextRevisionNumber(db: Kysely<DB>, zoneId: number): Promise<number> {
	const row = await db
		.selectFrom('zone_revision')
		.select((eb) => eb.fn.max('revision_number').as('last'))
		.where('zone_id', '=', zoneId)
		.executeTakeFirst();
	return (row?.last ?? 0) + 1;
}

function revisionQuery(db: Kysely<DB>) {
	return db
		.selectFrom('zone_revision as r')
		.innerJoin('app_user as u', 'u.id', 'r.created_by')
		.select([
			'r.id',
			'r.zone_id',
			'r.revision_number',
			'r.name',
			'r.description',
			'r.objectives',
			'r.objective_tags',
			'r.partners',
			'r.swot',
			'r.geometry_source',
			'r.area_km2',
			'r.vertex_count',
			'r.covered_laos',
			'r.population_covered',
			'r.score',
			'r.scoring_model_id',
			'r.metrics',
			'r.based_on_revision_id',
			'r.created_by',
			'r.created_at',
			'u.display_name as created_by_name'
		]);
}

export type RevisionRow = Awaited<ReturnType<typeof findRevisionById>> & object;
export type RevisionWithGeometryRow = RevisionRow & { geometry: string };

export function findRevisionById(db: Kysely<DB>, revisionId: number) {
	return revisionQuery(db).where('r.id', '=', revisionId).executeTakeFirst();
}

export function findRevisionWithGeometry(
	db: Kysely<DB>,
	where: { revisionId: number } | { zoneId: number; revisionNumber: number }
): Promise<RevisionWithGeometryRow | undefined> {
	let query = revisionQuery(db).select(sql<string>`ST_AsGeoJSON(r.geom, 7)`.as('geometry'));
	query =
		'revisionId' in where
			? query.where('r.id', '=', where.revisionId)
			: query
					.where('r.zone_id', '=', where.zoneId)
					.where('r.revision_number', '=', where.revisionNumber);
	return query.executeTakeFirst();
}

export function listRevisions(db: Kysely<DB>, zoneId: number) {
	return revisionQuery(db)
		.where('r.zone_id', '=', zoneId)
		.orderBy('r.revision_number', 'desc')
		.execute();
}

/**
 * Zones with the revision the caller may read (`zone-visibility.ts`): the working copy where
 * `seesWorkingCopy` (its SQL twin) holds, elsewhere the revision in force of zones approved at
 * least once; never-approved zones elsewhere are not listed.
 */
export function listZonesWithCurrent(
	db: Kysely<DB>,
	filter: { provinceCode?: string; seesWorkingCopy: RawBuilder<boolean> }
) {
	const { seesWorkingCopy } = filter;
	let query = db
		.selectFrom('zone as z')
		.leftJoin('zone_revision as r', (join) =>
			join.on(
				sql<boolean>`r.id = CASE WHEN ${seesWorkingCopy} THEN z.current_revision_id ELSE z.approved_revision_id END`
			)
		)
		.leftJoin('app_user as u', 'u.id', 'r.created_by')
		.select([
			'z.id',
			'z.province_code',
			'z.status',
			'z.approved_revision_id',
			seesWorkingCopy.as('sees_working_copy'),
			'r.id as revision_id',
			'r.revision_number',
			'r.name',
			'r.area_km2',
			'r.vertex_count',
			'r.geometry_source',
			'r.based_on_revision_id',
			'r.created_at',
			'r.created_by',
			'u.display_name as created_by_name'
		]);
	if (filter.provinceCode !== undefined)
		query = query.where('z.province_code', '=', filter.provinceCode);
	query = query.where((eb) =>
		eb.or([eb('z.approved_revision_id', 'is not', null), eb(seesWorkingCopy, '=', true)])
	);
	return query.orderBy('z.province_code').orderBy('z.id').execute();
}

/**
 * The zones of a province that the overlap rule counts (an active working copy, or a revision in
 * force), with both revisions' names and geometries: the caller keeps what the viewer may see
 * (`zone-visibility.ts`) for the workspace's live overlap check.
 */
export function listOverlapZonesOf(db: Kysely<DB>, provinceCode: string) {
	return db
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
			sql<string | null>`ST_AsGeoJSON(c.geom, 6)`.as('current_geometry'),
			'a.name as approved_name',
			sql<string | null>`ST_AsGeoJSON(a.geom, 6)`.as('approved_geometry')
		])
		.where('z.province_code', '=', provinceCode)
		.where((eb) =>
			eb.or([
				eb('z.status', 'in', [...activeZoneStatuses]),
				eb('z.approved_revision_id', 'is not', null)
			])
		)
		.orderBy('z.id')
		.execute();
}

export function findProvince(db: Kysely<DB>, code: string) {
	return db
		.selectFrom('province')
		.select(['code', 'name_th', 'name_en', 'area_km2'])
		.where('code', '=', code)
		.executeTakeFirst();
}

/**
 * The official scoring model when its scores are stored (one query); undefined otherwise, and
 * the caller then goes through `loadOfficialModel`, which computes them.
 */
export async function findScoredOfficialModel(db: Kysely<DB>) {
	return db
		.selectFrom('scoring_model as m')
		.select(['m.id', 'm.name', 'm.version'])
		.select(sql<string | null>`m.document->>'name_en'`.as('nameEn'))
		.where('m.is_official', '=', true)
		.where((eb) =>
			eb.exists(
				eb.selectFrom('lao_score as s').select('s.model_id').whereRef('s.model_id', '=', 'm.id')
			)
		)
		.orderBy('m.id', 'desc')
		.limit(1)
		.executeTakeFirst();
}

/**
 * The approved zones' version: the latest approval. Only an approval changes a zone's revision
 * in force (transitions are append-only), so the open data changes exactly when this does.
 */
export async function approvedZonesVersion(db: Kysely<DB>): Promise<string> {
	const row = await db
		.selectFrom('zone_transition')
		.select((eb) => eb.fn.max('id').as('id'))
		.where('event', '=', 'approve')
		.executeTakeFirst();
	return `approval-${row?.id ?? 0}`;
}

export type ZoneListRow = Awaited<ReturnType<typeof listZonesWithCurrent>>[number];

/**
 * Two revisions of a zone compared in PostGIS: the geometry added and removed (GeoJSON text at 7
 * decimals, null when empty) and the areas in km² (geodesic). Undefined when either is missing.
 */
export async function diffRevisionGeometries(
	db: Kysely<DB>,
	args: { zoneId: number; fromRevision: number; toRevision: number }
) {
	const { rows } = await sql<{
		from_km2: number;
		to_km2: number;
		added: string | null;
		removed: string | null;
		added_km2: number;
		removed_km2: number;
		unchanged_km2: number;
	}>`
		WITH a AS (SELECT geom FROM zone_revision WHERE zone_id = ${args.zoneId} AND revision_number = ${args.fromRevision}),
		b AS (SELECT geom FROM zone_revision WHERE zone_id = ${args.zoneId} AND revision_number = ${args.toRevision}),
		d AS (
			SELECT a.geom AS a, b.geom AS b,
				ST_Multi(ST_CollectionExtract(ST_Difference(b.geom, a.geom), 3)) AS added,
				ST_Multi(ST_CollectionExtract(ST_Difference(a.geom, b.geom), 3)) AS removed,
				ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) AS kept
			FROM a, b
		)
		SELECT ST_Area(a::geography) / 1e6 AS from_km2, ST_Area(b::geography) / 1e6 AS to_km2,
			CASE WHEN ST_IsEmpty(added) THEN NULL ELSE ST_AsGeoJSON(added, 7) END AS added,
			CASE WHEN ST_IsEmpty(removed) THEN NULL ELSE ST_AsGeoJSON(removed, 7) END AS removed,
			ST_Area(added::geography) / 1e6 AS added_km2,
			ST_Area(removed::geography) / 1e6 AS removed_km2,
			ST_Area(kept::geography) / 1e6 AS unchanged_km2
		FROM d
	`.execute(db);
	return rows[0];
}
