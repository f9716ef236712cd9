import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema';
import { manifest, type DatasetKind } from '../geodata/datasets';
import { checkedVersion } from '../checked-version';
import { approvedZonesVersion } from '../zones/zone.repository';
import {
	candidatesInputVersion,
	candidatesSource,
	ensureCandidatesCurrent
} from './ogc-candidates.repository';
import { approvedZonesSourceLine, approvedZonesSource } from './ogc-zones.repository';
import {
	zoneProgressSource,
	zoneProgressSourceLine,
	zoneProgressVersion
} from './ogc-zone-progress.repository';
import { publicLicence, type PublicLicence } from './open-data-licences';

/**
 * Every layer the app publishes as open data (OGC API collections, GeoPackage, DCAT), each as
 * one SQL source with typed properties. The types are the contract: the OGC `schema` and
 * `queryables`, the GeoPackage columns and the DCAT distributions all follow them, so a client
 * types `population` as an integer whatever the first page holds.
 *
 * Over 400 lines: the collections are one table, one entry per published layer, kept together so
 * that the contract reads as one and a new layer is written beside the others.
 */
export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'date-time';

export interface CollectionProperty {
	name: string;
	type: PropertyType;
	title: string;
	/** Offered as `?name=value` on the items (OGC API – Features Part 1, /req/core/fc-filters). */
	queryable?: boolean;
	/** The closed list of values, where there is one (LAO types, methods). */
	values?: readonly string[];
}

export type GeometryKind = 'MultiPolygon' | 'Point';

export interface CollectionDefinition {
	id: string;
	titleTh: string;
	titleEn: string;
	description: string;
	/** The datasets behind the layer (their source lines and licences are printed with it). */
	datasets: readonly DatasetKind[];
	/** Lines of the app's own making (the zones, the scores), before the datasets' lines. */
	ownLines: readonly string[];
	/** The licences, where they are not those of `datasets` and the app's own (uploaded layers). */
	licences?: readonly PublicLicence[];
	geometry: GeometryKind;
	properties: readonly CollectionProperty[];
	/** The property that is the feature id, and the ids it can take (anything else is a 404). */
	idProperty: string;
	idPattern: RegExp;
	/** Properties to order by when the client names none; the id breaks ties. */
	defaultSort: string | readonly string[];
	/**
	 * A SELECT with one column per property (named as the property), `feature_id` (text) and
	 * `geom` (WGS 84, null where there is no geometry).
	 */
	source: () => RawBuilder<unknown>;
	/** Changes whenever any answer about the collection would. */
	version: (db: Kysely<DB>) => Promise<string>;
	/**
	 * Brings the tables behind `source` up to date, for a layer computed outside SQL (the
	 * candidates); the repository runs it before every query of the collection.
	 */
	prepare?: (db: Kysely<DB>) => Promise<void>;
}

/** The latest successful import run: the geography, registry and population change only then. */
export async function importVersion(db: Kysely<DB>): Promise<string> {
	const row = await db
		.selectFrom('import_run')
		.select((eb) => eb.fn.max('id').as('id'))
		.where('status', '=', 'succeeded')
		.executeTakeFirst();
	return `import-${row?.id ?? 0}`;
}

export async function officialScoresVersion(db: Kysely<DB>): Promise<string> {
	const model = await db
		.selectFrom('scoring_model')
		.select(['id'])
		.where('is_official', '=', true)
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
	const scored = await db
		.selectFrom('lao_score')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('model_id', '=', model?.id ?? 0)
		.executeTakeFirstOrThrow();
	return `${await importVersion(db)}-model-${model?.id ?? 0}-${scored.n}`;
}

const laoTypeValues = [
	'provincial_admin_org',
	'city_municipality',
	'town_municipality',
	'subdistrict_municipality',
	'subdistrict_admin_org',
	'special_admin_area'
] as const;

const isoDate = (column: string) => sql.raw(`to_char(${column}, 'YYYY-MM-DD')`);

/** Population of the tambons whose code starts with a prefix (a province's or a district's). */
const populationOf = (unit: 'province' | 'district', what: 'population_total' | 'households') =>
	sql.raw(`(SELECT sum(tp.${what})::bigint FROM tambon t JOIN tambon_population tp ON tp.tambon_code = t.code
		WHERE t.${unit}_code = u.code)`);

export const collections: readonly CollectionDefinition[] = [
	{
		id: 'provinces',
		titleTh: 'จังหวัด',
		titleEn: 'Provinces',
		description:
			'The 77 provinces, each the union of its tambons; area is ellipsoidal (WGS 84) in km²; ' +
			'population and households are the sums of the registered figures of its tambons ' +
			'(DOPA, 31 Dec 2021). Bangkok is a province here although it is not an LAO.',
		datasets: ['tambon_boundaries', 'tambon_population'],
		ownLines: [],
		geometry: 'MultiPolygon',
		properties: [
			{
				name: 'code',
				type: 'string',
				title: 'Province code (ADM1, TH + 2 digits)',
				queryable: true
			},
			{ name: 'name_th', type: 'string', title: 'ชื่อจังหวัด', queryable: true },
			{ name: 'name_en', type: 'string', title: 'Province name', queryable: true },
			{ name: 'area_km2', type: 'number', title: 'Area, km²' },
			{ name: 'population', type: 'integer', title: 'Registered population, 31 Dec 2021' },
			{ name: 'households', type: 'integer', title: 'Registered households, 31 Dec 2021' }
		],
		idProperty: 'code',
		idPattern: /^TH[0-9]{2}$/,
		defaultSort: 'code',
		source: () => sql`SELECT u.code AS feature_id, u.code, u.name_th, u.name_en, u.area_km2,
			${populationOf('province', 'population_total')} AS population,
			${populationOf('province', 'households')} AS households, u.geom
			FROM province u`,
		version: checkedVersion(importVersion)
	},
	{
		id: 'districts',
		titleTh: 'อำเภอ',
		titleEn: 'Districts',
		description:
			'The 928 districts (amphoe; khet in Bangkok), each the union of its tambons; area is ' +
			'ellipsoidal (WGS 84) in km²; population and households are the sums of its tambons ' +
			'(DOPA, 31 Dec 2021).',
		datasets: ['tambon_boundaries', 'tambon_population'],
		ownLines: [],
		geometry: 'MultiPolygon',
		properties: [
			{
				name: 'code',
				type: 'string',
				title: 'District code (ADM2, TH + 4 digits)',
				queryable: true
			},
			{ name: 'province_code', type: 'string', title: 'Province code', queryable: true },
			{ name: 'name_th', type: 'string', title: 'ชื่ออำเภอ', queryable: true },
			{ name: 'name_en', type: 'string', title: 'District name', queryable: true },
			{ name: 'area_km2', type: 'number', title: 'Area, km²' },
			{ name: 'population', type: 'integer', title: 'Registered population, 31 Dec 2021' },
			{ name: 'households', type: 'integer', title: 'Registered households, 31 Dec 2021' }
		],
		idProperty: 'code',
		idPattern: /^TH[0-9]{4}$/,
		defaultSort: 'code',
		source: () => sql`SELECT u.code AS feature_id, u.code, u.province_code, u.name_th, u.name_en,
			u.area_km2, ${populationOf('district', 'population_total')} AS population,
			${populationOf('district', 'households')} AS households, u.geom
			FROM district u`,
		version: checkedVersion(importVersion)
	},
	{
		id: 'tambons',
		titleTh: 'ตำบล',
		titleEn: 'Subdistricts (tambons)',
		description:
			'The 7,425 subdistricts (tambon; khwaeng in Bangkok) of the Royal Thai Survey ' +
			"Department's boundaries, with DOPA's registered population and households of " +
			'31 Dec 2021 (no data for the 3 polygons DOPA does not list). Thai names are DOPA’s ' +
			'where the boundary file cuts them (name_th_source).',
		datasets: ['tambon_boundaries', 'tambon_population'],
		ownLines: [],
		geometry: 'MultiPolygon',
		properties: [
			{ name: 'code', type: 'string', title: 'Tambon code (ADM3, TH + 6 digits)', queryable: true },
			{ name: 'district_code', type: 'string', title: 'District code', queryable: true },
			{ name: 'province_code', type: 'string', title: 'Province code', queryable: true },
			{ name: 'name_th', type: 'string', title: 'ชื่อตำบล', queryable: true },
			{
				name: 'name_th_source',
				type: 'string',
				title: 'Source of the Thai name',
				values: ['dopa', 'cod_ab']
			},
			{ name: 'name_en', type: 'string', title: 'Tambon name', queryable: true },
			{ name: 'area_km2', type: 'number', title: 'Area, km²' },
			{ name: 'population', type: 'integer', title: 'Registered population' },
			{ name: 'households', type: 'integer', title: 'Registered households' },
			{ name: 'population_reference_date', type: 'date', title: 'Population reference date' }
		],
		idProperty: 'code',
		idPattern: /^TH[0-9]{6}$/,
		defaultSort: 'code',
		source: () => sql`SELECT u.code AS feature_id, u.code, u.district_code, u.province_code,
			u.name_th, u.name_th_source, u.name_en, u.area_km2, tp.population_total AS population,
			tp.households, ${isoDate('tp.reference_date')} AS population_reference_date, u.geom
			FROM tambon u LEFT JOIN tambon_population tp ON tp.tambon_code = u.code`,
		version: checkedVersion(importVersion)
	},
	{
		id: 'laos',
		titleTh: 'องค์กรปกครองส่วนท้องถิ่น (ขอบเขตโดยประมาณ)',
		titleEn: 'Local Administrative Organizations (boundaries)',
		description:
			"Every LAO in DLA's registry with its boundary, built as the union of the tambons it is " +
			'linked to (a PAO takes its province); geometry_approximate is true where a linked ' +
			'tambon is only partly covered, and geometry is null where the LAO has no linked tambon ' +
			'(has_boundary false: see lao_offices for their office points). Population is an ' +
			'estimate from DOPA registration data (31 Dec 2021) with its method.',
		datasets: ['tambon_boundaries', 'lao_registry', 'lao_tambon_links', 'lao_population_estimate'],
		ownLines: [],
		geometry: 'MultiPolygon',
		properties: laoProperties(),
		idProperty: 'dla_code',
		idPattern: /^[0-9]{7}$/,
		defaultSort: 'dla_code',
		source: () => sql`SELECT ${laoColumns()}, lao.geom FROM lao
			LEFT JOIN lao_population_estimate pop ON pop.dla_code = lao.dla_code`,
		version: checkedVersion(importVersion)
	},
	{
		id: 'lao_offices',
		titleTh: 'ที่ตั้งสำนักงาน อปท.',
		titleEn: 'LAO office locations',
		description:
			"The office point of every LAO that DLA's registry gives one for, including the LAOs " +
			'without a boundary (has_boundary false: shown on the map as "location only"). A few ' +
			'points lie outside the LAO’s province, as registered.',
		datasets: ['lao_registry', 'lao_population_estimate'],
		ownLines: [],
		geometry: 'Point',
		properties: laoProperties(),
		idProperty: 'dla_code',
		idPattern: /^[0-9]{7}$/,
		defaultSort: 'dla_code',
		source: () => sql`SELECT ${laoColumns()}, lao.office_point AS geom FROM lao
			LEFT JOIN lao_population_estimate pop ON pop.dla_code = lao.dla_code
			WHERE lao.office_point IS NOT NULL`,
		version: checkedVersion(importVersion)
	},
	{
		id: 'scores',
		titleTh: 'คะแนนศักยภาพ อปท. (แบบจำลองทางการ)',
		titleEn: 'LAO potential scores (official model)',
		description:
			"Each LAO's score (0–100) under DLA's official scoring model, named with its version " +
			'in every feature, with national and province ranks; eligible is false with a reason ' +
			'where the model leaves the LAO out; approximate where a figure comes from an ' +
			'approximate boundary. Geometry is the LAO boundary (null where none is built).',
		datasets: ['tambon_boundaries', 'lao_registry', 'lao_tambon_links', 'lao_population_estimate'],
		ownLines: [
			'คะแนน: แบบจำลองการให้คะแนนทางการของกรมส่งเสริมการปกครองท้องถิ่น (SEDZ planner) — licence: Open Data Common (attribution)'
		],
		geometry: 'MultiPolygon',
		properties: [
			{ name: 'dla_code', type: 'string', title: 'DLA code', queryable: true },
			{
				name: 'lao_type',
				type: 'string',
				title: 'LAO type',
				queryable: true,
				values: laoTypeValues
			},
			{ name: 'name_th', type: 'string', title: 'ชื่อ อปท.', queryable: true },
			{ name: 'province_code', type: 'string', title: 'Province code', queryable: true },
			{ name: 'score', type: 'number', title: 'Score, 0–100' },
			{ name: 'eligible', type: 'boolean', title: 'Eligible under the model', queryable: true },
			{ name: 'ineligible_reason', type: 'string', title: 'Why not eligible' },
			{ name: 'national_rank', type: 'integer', title: 'Rank in Thailand' },
			{ name: 'province_rank', type: 'integer', title: 'Rank in the province' },
			{ name: 'approximate', type: 'boolean', title: 'From an approximate boundary' },
			{ name: 'missing_weight_share', type: 'number', title: 'Share of weight without data (0–1)' },
			{ name: 'model_name', type: 'string', title: 'Scoring model' },
			{ name: 'model_version', type: 'integer', title: 'Scoring model version' }
		],
		idProperty: 'dla_code',
		idPattern: /^[0-9]{7}$/,
		defaultSort: 'dla_code',
		source: () => sql`SELECT s.dla_code AS feature_id, s.dla_code, lao.lao_type, lao.name_th,
			lao.province_code, s.score, s.eligible, s.ineligible_reason, s.national_rank,
			s.province_rank, s.approximate, s.missing_weight_share, m.name AS model_name,
			m.version AS model_version, lao.geom
			FROM lao_score s JOIN lao ON lao.dla_code = s.dla_code
			JOIN scoring_model m ON m.id = s.model_id
			WHERE m.id = (SELECT id FROM scoring_model WHERE is_official ORDER BY id DESC LIMIT 1)`,
		version: checkedVersion(officialScoresVersion)
	},
	{
		id: 'zones',
		titleTh: 'เขตพัฒนาเศรษฐกิจพอเพียงที่อนุมัติแล้ว',
		titleEn: 'Approved Sufficiency Economy Development Zones',
		description:
			"Every zone a province's governor has approved, at its revision in force: an amendment " +
			'under review changes nothing here until it is approved. Area is ellipsoidal (WGS 84); ' +
			'covered LAOs, population and score were measured when the revision was saved, with ' +
			'the scoring model named. Approved by the office, not a person.',
		datasets: ['tambon_boundaries', 'lao_registry'],
		ownLines: [approvedZonesSourceLine],
		geometry: 'MultiPolygon',
		properties: [
			{ name: 'zone_id', type: 'integer', title: 'Zone number' },
			{ name: 'name', type: 'string', title: 'ชื่อเขต', queryable: true },
			{ name: 'description', type: 'string', title: 'Description' },
			{ name: 'objectives', type: 'string', title: 'Objectives' },
			{ name: 'province_code', type: 'string', title: 'Province code', queryable: true },
			{ name: 'province_name_th', type: 'string', title: 'จังหวัด' },
			{ name: 'province_name_en', type: 'string', title: 'Province' },
			{ name: 'revision_number', type: 'integer', title: 'Revision in force' },
			{ name: 'area_km2', type: 'number', title: 'Area, km²' },
			{ name: 'covered_lao_count', type: 'integer', title: 'LAOs covered' },
			{ name: 'covered_lao_codes', type: 'string', title: 'DLA codes covered (;-separated)' },
			{ name: 'population_covered', type: 'integer', title: 'Population covered' },
			{ name: 'score', type: 'number', title: 'Score, 0–100' },
			{ name: 'scoring_model', type: 'string', title: 'Scoring model and version' },
			{ name: 'approved_at', type: 'date-time', title: 'Approved at' },
			{ name: 'approved_by', type: 'string', title: 'Approved by (office)' }
		],
		idProperty: 'zone_id',
		idPattern: /^[1-9][0-9]{0,9}$/,
		defaultSort: 'zone_id',
		source: approvedZonesSource,
		version: checkedVersion(approvedZonesVersion)
	},
	{
		id: 'zone_progress',
		titleTh: 'ความก้าวหน้าของเขตพัฒนาเศรษฐกิจพอเพียงที่อนุมัติแล้ว',
		titleEn: 'Progress of the approved Sufficiency Economy Development Zones',
		description:
			'Every approved zone (its revision in force) with its action plan in force and its ' +
			'latest accepted progress: targets, targets with an accepted figure and on track (the ' +
			'latest figure has gone at least the share of the way from baseline to target that the ' +
			'time from baseline date to target date has), the budget of the activities not ' +
			'cancelled, the baht disbursed in the monthly reports the provincial office accepted, ' +
			'how many were accepted and the latest accepted month (YYYY-MM). Reports not yet ' +
			'accepted do not count; no person is named.',
		datasets: ['tambon_boundaries', 'lao_registry'],
		ownLines: [zoneProgressSourceLine, approvedZonesSourceLine],
		geometry: 'MultiPolygon',
		properties: [
			{ name: 'zone_id', type: 'integer', title: 'Zone number' },
			{ name: 'name', type: 'string', title: 'ชื่อเขต', queryable: true },
			{ name: 'province_code', type: 'string', title: 'Province code', queryable: true },
			{ name: 'province_name_th', type: 'string', title: 'จังหวัด' },
			{ name: 'province_name_en', type: 'string', title: 'Province' },
			{ name: 'plan_revision_number', type: 'integer', title: 'Action plan revision in force' },
			{ name: 'targets', type: 'integer', title: 'Targets of the plan in force' },
			{ name: 'targets_reported', type: 'integer', title: 'Targets with an accepted figure' },
			{ name: 'targets_on_track', type: 'integer', title: 'Targets on track' },
			{ name: 'budget_planned_baht', type: 'integer', title: 'Budget planned, baht' },
			{
				name: 'budget_disbursed_baht',
				type: 'integer',
				title: 'Baht disbursed to date (accepted reports)'
			},
			{ name: 'reports_accepted', type: 'integer', title: 'Monthly reports accepted' },
			{
				name: 'last_accepted_period',
				type: 'string',
				title: 'Latest accepted month (YYYY-MM)',
				queryable: true
			}
		],
		idProperty: 'zone_id',
		idPattern: /^[1-9][0-9]{0,9}$/,
		defaultSort: 'zone_id',
		source: zoneProgressSource,
		version: checkedVersion(zoneProgressVersion)
	},
	{
		id: 'candidates',
		titleTh: 'เขตที่เสนอจากคะแนนศักยภาพ (แบบจำลองทางการ)',
		titleEn: 'Candidate zones from the official scores',
		description:
			"Each province's candidate zones as the scores page shows them: groups of adjacent " +
			'eligible LAOs chosen to maximise score × area under the official model, ranked in the ' +
			"province. method is exact where the optimiser's answer for the current scores is " +
			'stored (optimality_gap is its relative gap to the proven bound), greedy otherwise ' +
			"(optimisation_state says why). Analysis output, not zones: a province's governor " +
			'approves zones (see the zones collection). Score is the area-weighted mean of the ' +
			"members' scores (0–100); area is ellipsoidal (WGS 84); population is the members' " +
			'estimate (DOPA, 31 Dec 2021), null where one has none. Geometry is the union of the ' +
			"members' boundaries.",
		datasets: ['tambon_boundaries', 'lao_registry', 'lao_tambon_links', 'lao_population_estimate'],
		ownLines: [
			'เขตที่เสนอ: คำนวณจากคะแนนตามแบบจำลองทางการของกรมส่งเสริมการปกครองท้องถิ่น (SEDZ planner) — licence: Open Data Common (attribution)'
		],
		geometry: 'MultiPolygon',
		properties: [
			{ name: 'candidate_id', type: 'string', title: 'Candidate (province code-rank)' },
			{ name: 'province_code', type: 'string', title: 'Province code', queryable: true },
			{ name: 'rank', type: 'integer', title: 'Rank in the province', queryable: true },
			{ name: 'lao_count', type: 'integer', title: 'Member LAOs' },
			{ name: 'member_dla_codes', type: 'string', title: 'Member DLA codes (;-separated)' },
			{ name: 'member_names_th', type: 'string', title: 'อปท. ในเขต' },
			{ name: 'member_names_en', type: 'string', title: 'Member LAOs' },
			{ name: 'districts_th', type: 'string', title: 'อำเภอ' },
			{ name: 'districts_en', type: 'string', title: 'Districts' },
			{ name: 'area_km2', type: 'number', title: 'Area, km²' },
			{ name: 'population', type: 'integer', title: 'Population (estimate), 31 Dec 2021' },
			{ name: 'score', type: 'number', title: 'Score, 0–100 (area-weighted)' },
			{ name: 'compactness', type: 'number', title: 'Compactness (Polsby–Popper, 0–1)' },
			{ name: 'approximate', type: 'boolean', title: 'From an approximate boundary' },
			{
				name: 'method',
				type: 'string',
				title: 'How the list was found',
				queryable: true,
				values: ['exact', 'greedy']
			},
			{
				name: 'optimisation_state',
				type: 'string',
				title: 'State of the optimiser for the province',
				queryable: true,
				values: ['optimal', 'time_limit', 'not_optimised', 'pending']
			},
			{ name: 'optimality_gap', type: 'number', title: "Optimiser's relative gap (0–1)" },
			{ name: 'model_name', type: 'string', title: 'Scoring model' },
			{ name: 'model_version', type: 'integer', title: 'Scoring model version' }
		],
		idProperty: 'candidate_id',
		idPattern: /^TH[0-9]{2}-[1-9][0-9]{0,3}$/,
		defaultSort: ['province_code', 'rank'],
		source: candidatesSource,
		version: checkedVersion(candidatesVersion),
		prepare: async (db) => {
			await ensureCandidatesCurrent(db, await officialScoresVersion(db));
		}
	},
	{
		id: 'constraints',
		titleTh: 'ชั้นข้อมูลข้อจำกัด (ฉบับล่าสุดของแต่ละชั้น)',
		titleEn: 'Constraint layers (latest version of each)',
		description:
			'The polygons of every constraint layer DLA staff have loaded (protected forest, ' +
			'flood-prone land…), the latest version of each, one feature per polygon of the ' +
			"uploaded file; each feature names its layer's source line and licence as given at " +
			'upload (layer_key selects one layer). Area is ellipsoidal (WGS 84), in km².',
		datasets: [],
		ownLines: [
			'ชั้นข้อมูลข้อจำกัด: นำเข้าโดยเจ้าหน้าที่กรมส่งเสริมการปกครองท้องถิ่น ที่มาของแต่ละชั้นอยู่ในคุณสมบัติ source_line ของแต่ละรูป (Constraint layers loaded by DLA staff; each feature’s source_line names its layer’s source) — licence: as stated for each layer, in each feature’s licence property'
		],
		licences: [
			{
				th: 'ตามที่ผู้นำเข้าระบุไว้สำหรับแต่ละชั้นข้อมูล (ดูคุณสมบัติ licence ของแต่ละรูป)',
				en: "As stated for each layer when it was loaded (each feature's licence property)"
			}
		],
		geometry: 'MultiPolygon',
		properties: [
			{ name: 'constraint_id', type: 'string', title: 'Polygon (layer key-feature number)' },
			{ name: 'layer_key', type: 'string', title: 'Layer key', queryable: true },
			{ name: 'layer_version', type: 'integer', title: 'Layer version' },
			{ name: 'layer_name_th', type: 'string', title: 'ชื่อชั้นข้อมูล', queryable: true },
			{ name: 'layer_name_en', type: 'string', title: 'Layer name', queryable: true },
			{ name: 'feature', type: 'integer', title: 'Feature number in the uploaded file' },
			{ name: 'area_km2', type: 'number', title: 'Area, km²' },
			{ name: 'source_line', type: 'string', title: 'Source' },
			{ name: 'licence', type: 'string', title: 'Licence' },
			{ name: 'loaded_on', type: 'date', title: 'Loaded on' }
		],
		idProperty: 'constraint_id',
		idPattern: /^[a-z][a-z0-9_]{1,40}-[1-9][0-9]{0,8}$/,
		defaultSort: ['layer_key', 'feature'],
		source: () => sql`SELECT l.key || '-' || p.feature AS feature_id,
			l.key || '-' || p.feature AS constraint_id, l.key AS layer_key, l.version AS layer_version,
			l.name_th AS layer_name_th, l.name_en AS layer_name_en, p.feature,
			ST_Area(p.geom::geography) / 1e6 AS area_km2, l.source_line, l.licence,
			${isoDate("l.created_at AT TIME ZONE 'Asia/Bangkok'")} AS loaded_on, p.geom
			FROM constraint_polygon p JOIN constraint_layer l ON l.id = p.layer_id
			WHERE l.version = (SELECT max(x.version) FROM constraint_layer x WHERE x.key = l.key)`,
		version: checkedVersion(constraintLayersVersion)
	}
];

/** The candidates change with the official scores and with the optimiser's stored answers. */
async function candidatesVersion(db: Kysely<DB>): Promise<string> {
	return candidatesInputVersion(db, await officialScoresVersion(db));
}

/** Layers are only ever added (a re-upload is a new version): the newest id and the count. */
async function constraintLayersVersion(db: Kysely<DB>): Promise<string> {
	const row = await db
		.selectFrom('constraint_layer')
		.select((eb) => [eb.fn.max('id').as('id'), eb.fn.countAll<string>().as('n')])
		.executeTakeFirstOrThrow();
	return `constraints-${row.id ?? 0}-${row.n}`;
}

function laoProperties(): CollectionProperty[] {
	return [
		{ name: 'dla_code', type: 'string', title: 'DLA code (7 digits)', queryable: true },
		{ name: 'lao_type', type: 'string', title: 'LAO type', queryable: true, values: laoTypeValues },
		{ name: 'name_th', type: 'string', title: 'ชื่อ อปท.', queryable: true },
		{ name: 'name_en', type: 'string', title: 'LAO name (no English name: null)', queryable: true },
		{ name: 'province_code', type: 'string', title: 'Province code', queryable: true },
		{ name: 'district_code', type: 'string', title: 'District code', queryable: true },
		{ name: 'area_km2', type: 'number', title: 'Area of the built boundary, km²' },
		{ name: 'has_boundary', type: 'boolean', title: 'A boundary is built', queryable: true },
		{
			name: 'geometry_approximate',
			type: 'boolean',
			title: 'Boundary is approximate',
			queryable: true
		},
		{ name: 'has_office_point', type: 'boolean', title: 'The registry gives an office point' },
		{ name: 'population', type: 'integer', title: 'Population (estimate), 31 Dec 2021' },
		{ name: 'households', type: 'integer', title: 'Households (estimate), 31 Dec 2021' },
		{
			name: 'population_method',
			type: 'string',
			title: 'How the population was estimated',
			values: ['dopa_municipal_registration_office', 'sum_nonmunicipal_pop_of_covered_tambons']
		},
		{ name: 'population_reference_date', type: 'date', title: 'Population reference date' }
	];
}

function laoColumns() {
	return sql`lao.dla_code AS feature_id, lao.dla_code, lao.lao_type, lao.name_th, lao.name_en,
		lao.province_code, lao.district_code, lao.area_km2, lao.geom IS NOT NULL AS has_boundary,
		lao.geom_approximate AS geometry_approximate,
		lao.office_point IS NOT NULL AS has_office_point, pop.population, pop.households,
		pop.method AS population_method,
		${isoDate('pop.reference_date')} AS population_reference_date`;
}

export function findCollection(id: string): CollectionDefinition | undefined {
	return collections.find((c) => c.id === id);
}

/** `source line — licence` of each dataset behind a collection, own lines first, no repeats. */
export function collectionSourceLines(collection: CollectionDefinition): string[] {
	const lines = [...collection.ownLines];
	for (const kind of collection.datasets) {
		const entry = manifest.find((d) => d.kind === kind);
		if (!entry) continue;
		const line = `${entry.sourceLine} — licence: ${publicLicence(entry.licence).en}`;
		if (!lines.includes(line)) lines.push(line);
	}
	return lines;
}
