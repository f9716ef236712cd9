import type { Kysely } from 'kysely';
import type { ScoringModel } from '../../geo/scoring/scoring-model';
import type { ScoredProvince, ScoreRow, ScoresModelSummary } from '../../scores/types';
import type { DB } from '../db/schema';
import { analysisMissing, refreshAnalysis } from './refresh-analysis.service';
import { findOfficialModelId, getScores, loadModel, loadScoringInputs } from './scoring.service';
import { csvDocument } from '../csv';

/**
 * The official model (the default until DLA publishes another), its scores computed if they are
 * not stored yet. The app's import
 * computes them; this lazy step covers a database imported before that was wired, and is
 * idempotent.
 */
export async function loadOfficialModel(db: Kysely<DB>) {
	if (await analysisMissing(db)) await refreshAnalysis(db);
	return loadModel(db, await findOfficialModelId(db));
}

function summarise(id: number, version: number, model: ScoringModel): ScoresModelSummary {
	return {
		id,
		name: model.name,
		nameEn: model.name_en ?? null,
		version,
		rationaleTh: model.rationale_th,
		rationaleEn: model.rationale_en,
		criteria: model.criteria,
		candidates: model.candidates
	};
}

/** Provinces with at least one scored LAO, with how many, in province-code order. */
export async function listScoredProvinces(
	db: Kysely<DB>,
	modelId: number
): Promise<ScoredProvince[]> {
	const rows = await db
		.selectFrom('lao_score')
		.innerJoin('lao', 'lao.dla_code', 'lao_score.dla_code')
		.innerJoin('province', 'province.code', 'lao.province_code')
		.select(['province.code', 'province.name_th', 'province.name_en'])
		.select((eb) => eb.fn.countAll<string>().as('scored'))
		.where('lao_score.model_id', '=', modelId)
		.where('lao_score.score', 'is not', null)
		.groupBy(['province.code', 'province.name_th', 'province.name_en'])
		.orderBy('province.code')
		.execute();
	return rows.map((r) => ({
		code: r.code,
		nameTh: r.name_th,
		nameEn: r.name_en,
		scoredCount: Number(r.scored)
	}));
}

/**
 * The scores page: the official model, the provinces with scores, and the scored LAOs of one
 * province (default: the province with most scored LAOs), best first.
 */
export async function loadScoresPage(db: Kysely<DB>, provinceCode: string | undefined) {
	const official = await loadOfficialModel(db);
	const provinces = await listScoredProvinces(db, official.id);
	const busiest = provinces.reduce<ScoredProvince | undefined>(
		(best, p) => (!best || p.scoredCount > best.scoredCount ? p : best),
		undefined
	);
	const chosen = provinces.find((p) => p.code === provinceCode) ?? busiest;
	const rows = chosen ? await listProvinceScores(db, official.id, chosen.code) : [];
	return {
		model: summarise(official.id, official.version, official.model),
		provinces,
		provinceCode: chosen?.code ?? null,
		rows
	};
}

/** The scored LAOs of a province under a model, best first, with area and population. */
export async function listProvinceScores(
	db: Kysely<DB>,
	modelId: number,
	provinceCode: string
): Promise<ScoreRow[]> {
	const { scores } = await getScores(db, modelId, { provinceCode });
	const rows: ScoreRow[] = [];
	for (const s of scores) {
		if (s.score === null || s.national_rank === null || s.province_rank === null) continue;
		const raw = (indicator: string) =>
			s.breakdown.find((b) => b.indicator === indicator)?.raw ?? null;
		rows.push({
			dlaCode: s.dla_code,
			nameTh: s.name_th,
			nameEn: s.name_en,
			laoType: s.lao_type,
			provinceCode: s.province_code,
			score: s.score,
			nationalRank: s.national_rank,
			provinceRank: s.province_rank,
			sensitivityTop10Share: s.sensitivity_top10_share,
			approximate: s.approximate,
			missingWeightShare: s.missing_weight_share,
			areaKm2: raw('area_km2'),
			population: raw('population'),
			populationMethod: s.population_method,
			breakdown: s.breakdown
		});
	}
	return rows;
}

/** The official model and every LAO's inputs, for re-scoring in the browser. */
export async function loadOfficialScoringInputs(db: Kysely<DB>) {
	const official = await loadOfficialModel(db);
	const inputs = await loadScoringInputs(db, official.model);
	return { modelId: official.id, version: official.version, model: official.model, inputs };
}

/** The official score of one LAO (for the map's panel), or null when it has none. */
export async function findOfficialLaoScore(db: Kysely<DB>, dlaCode: string) {
	const official = await loadOfficialModel(db);
	const row = await db
		.selectFrom('lao_score')
		.select(['score', 'breakdown', 'national_rank', 'province_rank', 'approximate'])
		.where('model_id', '=', official.id)
		.where('dla_code', '=', dlaCode)
		.executeTakeFirst();
	if (!row || row.score === null) return null;
	return {
		model: { name: official.name, version: official.version },
		score: row.score,
		nationalRank: row.national_rank,
		provinceRank: row.province_rank,
		approximate: row.approximate,
		breakdown: row.breakdown
	};
}

const csvHeaders = [
	'อันดับในจังหวัด',
	'อันดับประเทศ',
	'รหัส อปท.',
	'ชื่อ อปท.',
	'ชื่อภาษาอังกฤษ',
	'ประเภท',
	'คะแนน (0–100)',
	'ค่าประมาณ',
	'คงอยู่ใน 10 อันดับแรกของจังหวัด (%)',
	'สัดส่วนน้ำหนักที่ขาดข้อมูล (%)',
	'พื้นที่ (ตร.กม.)',
	'ประชากร (คน)',
	'แบบจำลอง',
	'ที่มาของข้อมูล'
];

/**
 * The table as CSV: UTF-8 with a byte order mark (so Excel reads the Thai), Thai headers,
 * CRLF line ends, plain dot decimals; every row names the model version and the source lines.
 */
export function scoresToCsv(
	rows: readonly ScoreRow[],
	laoTypeNames: Record<string, string>,
	about: { modelName: string; modelVersion: number; sources: readonly string[] }
) {
	const model = `${about.modelName} รุ่น ${about.modelVersion}`;
	const sources = about.sources.join(' · ');
	return csvDocument(
		csvHeaders,
		rows.map((r) => [
			r.provinceRank,
			r.nationalRank,
			r.dlaCode,
			r.nameTh,
			r.nameEn,
			laoTypeNames[r.laoType] ?? r.laoType,
			r.score.toFixed(2),
			r.approximate,
			r.sensitivityTop10Share === null ? null : (r.sensitivityTop10Share * 100).toFixed(0),
			(r.missingWeightShare * 100).toFixed(0),
			r.areaKm2 === null ? null : r.areaKm2.toFixed(2),
			r.population === null ? null : Math.round(r.population),
			model,
			sources
		]),
		{ locale: 'th' }
	);
}
