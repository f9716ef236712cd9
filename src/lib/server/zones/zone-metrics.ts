import { sql, type Kysely } from 'kysely';
import {
	coveredLaoMinKm2,
	coveredLaoMinShare,
	summariseCoverage,
	type CoverageSummary,
	type LaoCoverage
} from '../../geo/zones/zone-metrics';
import type { LaoType } from '../../lao-types';
import type { DB } from '../db/schema';
import { loadOfficialModel } from '../scoring/scores-page.service';
import { findScoredOfficialModel } from './zone.repository';

/**
 * The figures saved with each revision, by the definitions of `$lib/geo/zones/zone-metrics`
 * (the browser's preview uses the same `summariseCoverage`), with each LAO's covered area
 * measured in PostGIS on the ellipsoid.
 */

export interface OfficialModelRef {
	id: number;
	name: string;
	/** The model's English name, where it has one. */
	nameEn: string | null;
	version: number;
}

export interface ZoneMeasurement extends CoverageSummary {
	/** Methods, sources and data versions, stored in `zone_revision.metrics`. */
	metrics: Record<string, unknown>;
}

export async function measureZoneCoverage(
	db: Kysely<DB>,
	geomHex: string,
	model: OfficialModelRef | null
): Promise<ZoneMeasurement> {
	// An LAO wholly inside the zone is covered by its whole official area: the prepared
	// ST_CoveredBy test is much cheaper than an intersection of two detailed polygons.
	const { rows } = await sql<{
		dla_code: string;
		name_th: string;
		name_en: string | null;
		lao_type: LaoType;
		geom_approximate: boolean;
		area_km2: number;
		population: number | null;
		score: number | null;
		covered_km2: number;
	}>`
		WITH z AS (SELECT ${geomHex}::geometry AS g)
		SELECT l.dla_code, l.name_th, l.name_en, l.lao_type, l.geom_approximate, l.area_km2,
			pe.population, s.score,
			CASE WHEN ST_CoveredBy(l.geom, z.g) THEN l.area_km2
				ELSE ST_Area(ST_Intersection(l.geom, z.g)::geography) / 1e6 END AS covered_km2
		FROM z
		JOIN lao l ON l.geom && z.g
		LEFT JOIN lao_population_estimate pe ON pe.dla_code = l.dla_code
		LEFT JOIN lao_score s ON s.dla_code = l.dla_code AND s.model_id = ${model?.id ?? -1}
		WHERE l.lao_type <> 'provincial_admin_org' AND l.area_km2 > 0 AND ST_Intersects(l.geom, z.g)
	`.execute(db);
	// No row at all may be an overlay that failed silently on PGlite (see `measureOutside` in
	// zone-validation.ts): make sure by predicates alone that no LAO meets the zone, so a zone is
	// never saved with its LAOs missing.
	if (rows.length === 0) {
		const { rows: meeting } = await sql<{ n: number }>`
			SELECT count(*)::int AS n FROM lao l
			WHERE l.geom && ${geomHex}::geometry AND l.lao_type <> 'provincial_admin_org'
				AND l.area_km2 > 0 AND ST_Intersects(l.geom, ${geomHex}::geometry)
		`.execute(db);
		if (meeting[0]?.n !== 0) {
			throw new Error(`Covered LAOs: none measured but ${meeting[0]?.n} meet the zone`);
		}
	}
	// The data versions, from small tables (the latest import run; one reference date).
	const { rows: versionRows } = await sql<{
		import_run_id: number | null;
		reference_date: string | null;
	}>`
		SELECT (SELECT max(id) FROM import_run WHERE status = 'succeeded') AS import_run_id,
			(SELECT reference_date::text FROM lao_population_estimate LIMIT 1) AS reference_date
	`.execute(db);
	const versions = {
		importRunId: versionRows[0]?.import_run_id ?? null,
		populationReferenceDate: versionRows[0]?.reference_date ?? null
	};
	const coverages: LaoCoverage[] = rows.map((r) => ({
		lao: {
			dlaCode: r.dla_code,
			nameTh: r.name_th,
			nameEn: r.name_en,
			laoType: r.lao_type,
			areaKm2: r.area_km2,
			population: r.population,
			score: r.score,
			approximate: r.geom_approximate
		},
		coveredKm2: r.covered_km2
	}));
	const summary = summariseCoverage(coverages);
	const scored = summary.coveredLaos.filter((c) =>
		rows.some((r) => r.dla_code === c.dlaCode && r.score !== null)
	).length;
	return {
		...summary,
		metrics: {
			area: { method: 'ST_Area(geom::geography) / 1e6', unit: 'km2', ellipsoid: 'WGS 84' },
			coveredLaos: {
				method:
					'ST_Area(ST_Intersection(lao.geom, zone)::geography); shareOfLao = coveredKm2 / lao.area_km2',
				minCoveredKm2: coveredLaoMinKm2,
				minShareOfLao: coveredLaoMinShare,
				excluded: 'provincial_admin_org: a PAO covers its whole province, so it is left out',
				approximateNote:
					'LAO geometries are unions of their tambons; a partly covered tambon makes them approximate',
				importRunId: versions.importRunId,
				source: 'LAO–tambon links: Royal Gazette / DOPA records (compiled, c. 2022)'
			},
			population: {
				method: 'area_share_of_lao_population_estimate',
				referenceDate: versions.populationReferenceDate,
				source: 'Population: กรมการปกครอง ทะเบียนราษฎร 31 ธ.ค. 2564'
			},
			score: {
				method: 'area_weighted_mean_of_official_lao_scores',
				modelId: model?.id ?? null,
				modelName: model?.name ?? null,
				modelNameEn: model?.nameEn ?? null,
				modelVersion: model?.version ?? null,
				scoredLaoCount: scored
			}
		}
	};
}

/**
 * The official scoring model a revision is measured under: the one whose scores are stored, or
 * (on a database whose scores are not stored yet) the official model, scored now. Call it outside
 * the save's transaction: the scoring runs in transactions of its own.
 */
export async function officialModelRef(db: Kysely<DB>): Promise<OfficialModelRef> {
	const scored = await findScoredOfficialModel(db);
	if (scored) return scored;
	const official = await loadOfficialModel(db);
	return {
		id: official.id,
		name: official.name,
		nameEn: official.model.name_en ?? null,
		version: official.version
	};
}
