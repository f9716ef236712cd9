import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Bbox, FeatureRow } from './ogc.repository';

export { approvedZonesVersion } from '../zones/zone.repository';

/**
 * The approved SEDZ zones as open data: each zone at its revision in force
 * (`zone.approved_revision_id`), never a working copy, so an amendment under review changes
 * nothing here until the governor approves it. The approval's date and the deciding office come
 * from its `zone_transition` row: positions, never personal names (PDPA).
 */

/**
 * The source and licence line of the approved zones. DLA publishes its LAO registry under Open
 * Data Common (data.go.th); the zones are its own decisions, published the same way. Downloads
 * and the OGC collection print this line; the underlying boundaries keep their own lines.
 */
export const approvedZonesSourceLine =
	'เขตพัฒนาเศรษฐกิจพอเพียงที่ผู้ว่าราชการจังหวัดอนุมัติ: กรมส่งเสริมการปกครองท้องถิ่น (SEDZ planner) — licence: Open Data Common (attribution)';

/**
 * The same rows as one SQL source for the generic OGC collection (`ogc.collections.ts`): the
 * revision in force only (`z.approved_revision_id`), exactly as `zoneColumns` below.
 */
export const approvedZonesSource = () => sql`SELECT z.id::text AS feature_id, z.id AS zone_id,
	r.name, r.description, r.objectives, z.province_code, p.name_th AS province_name_th,
	p.name_en AS province_name_en, r.revision_number, r.area_km2,
	jsonb_array_length(r.covered_laos::jsonb) AS covered_lao_count,
	(SELECT string_agg(c->>'dlaCode', ';' ORDER BY ord) FROM jsonb_array_elements(r.covered_laos::jsonb)
		WITH ORDINALITY AS e(c, ord)) AS covered_lao_codes,
	r.population_covered, r.score,
	CASE WHEN m.name IS NULL THEN NULL ELSE m.name || ' v' || m.version END AS scoring_model,
	to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS approved_at,
	'ผู้ว่าราชการจังหวัด' || p.name_th ||
		CASE WHEN t.acting_for_user_id IS NOT NULL THEN ' (ผู้ปฏิบัติราชการแทน)' ELSE '' END AS approved_by,
	r.geom
	FROM zone z
	JOIN zone_revision r ON r.id = z.approved_revision_id
	JOIN province p ON p.code = z.province_code
	LEFT JOIN scoring_model m ON m.id = r.scoring_model_id
	LEFT JOIN LATERAL (SELECT tr.created_at, tr.acting_for_user_id FROM zone_transition tr
		WHERE tr.zone_id = z.id AND tr.revision_id = z.approved_revision_id AND tr.event = 'approve'
		ORDER BY tr.id DESC LIMIT 1) t ON true`;

const envelope = ([west, south, east, north]: Bbox) =>
	sql`ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326)`;

function approvedZones(db: Kysely<DB>, bbox: Bbox | undefined) {
	let query = db
		.selectFrom('zone as z')
		.innerJoin('zone_revision as r', 'r.id', 'z.approved_revision_id')
		.innerJoin('province as p', 'p.code', 'z.province_code');
	if (bbox)
		query = query.where(
			sql<boolean>`(r.geom && ${envelope(bbox)} AND ST_Intersects(r.geom, ${envelope(bbox)}))`
		);
	return query;
}

const zoneColumns = (db: Kysely<DB>, bbox: Bbox | undefined) =>
	approvedZones(db, bbox)
		.leftJoin('scoring_model as m', 'm.id', 'r.scoring_model_id')
		.select([
			'z.id',
			'z.province_code',
			'p.name_th as province_name_th',
			'p.name_en as province_name_en',
			'r.revision_number',
			'r.name',
			'r.description',
			'r.objectives',
			'r.area_km2',
			'r.covered_laos',
			'r.population_covered',
			'r.score',
			'm.name as scoring_model_name',
			'm.version as scoring_model_version',
			sql<Date | null>`(SELECT t.created_at FROM zone_transition t
				WHERE t.zone_id = z.id AND t.revision_id = z.approved_revision_id AND t.event = 'approve'
				ORDER BY t.id DESC LIMIT 1)`.as('approved_at'),
			sql<boolean | null>`(SELECT t.acting_for_user_id IS NOT NULL FROM zone_transition t
				WHERE t.zone_id = z.id AND t.revision_id = z.approved_revision_id AND t.event = 'approve'
				ORDER BY t.id DESC LIMIT 1)`.as('approved_by_acting'),
			sql<string>`ST_AsGeoJSON(r.geom, 6)`.as('geometry')
		]);

type ZoneRow = Awaited<ReturnType<ReturnType<typeof zoneColumns>['execute']>>[number];

function zoneFeature(row: ZoneRow): FeatureRow {
	const covered = row.covered_laos;
	return {
		id: String(row.id),
		geometry: row.geometry,
		properties: {
			zone_id: row.id,
			name: row.name,
			description: row.description,
			objectives: row.objectives,
			province_code: row.province_code,
			province_name_th: row.province_name_th,
			province_name_en: row.province_name_en,
			revision_number: row.revision_number,
			area_km2: row.area_km2,
			covered_lao_count: covered.length,
			covered_lao_codes: covered.map((c) => c.dlaCode).join(';'),
			population_covered: row.population_covered,
			score: row.score,
			scoring_model: row.scoring_model_name
				? `${row.scoring_model_name} v${row.scoring_model_version}`
				: null,
			approved_at: row.approved_at ? new Date(row.approved_at).toISOString() : null,
			approved_by: `ผู้ว่าราชการจังหวัด${row.province_name_th}${row.approved_by_acting ? ' (ผู้ปฏิบัติราชการแทน)' : ''}`
		}
	};
}

export async function countApprovedZones(db: Kysely<DB>, bbox: Bbox | undefined): Promise<number> {
	const row = await approvedZones(db, bbox)
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function pageApprovedZones(
	db: Kysely<DB>,
	{ bbox, limit, offset }: { bbox: Bbox | undefined; limit: number; offset: number }
): Promise<FeatureRow[]> {
	const rows = await zoneColumns(db, bbox).orderBy('z.id').limit(limit).offset(offset).execute();
	return rows.map(zoneFeature);
}

export async function findApprovedZone(
	db: Kysely<DB>,
	id: string
): Promise<FeatureRow | undefined> {
	if (!/^[1-9][0-9]{0,9}$/.test(id)) return undefined;
	const row = await zoneColumns(db, undefined).where('z.id', '=', Number(id)).executeTakeFirst();
	return row && zoneFeature(row);
}

export async function approvedZonesExtent(db: Kysely<DB>): Promise<Bbox | null> {
	const row = await approvedZones(db, undefined)
		.select([
			sql<number | null>`ST_XMin(ST_Extent(r.geom))`.as('west'),
			sql<number | null>`ST_YMin(ST_Extent(r.geom))`.as('south'),
			sql<number | null>`ST_XMax(ST_Extent(r.geom))`.as('east'),
			sql<number | null>`ST_YMax(ST_Extent(r.geom))`.as('north')
		])
		.executeTakeFirstOrThrow();
	return row.west === null ? null : [row.west, row.south!, row.east!, row.north!];
}
