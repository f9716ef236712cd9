import { sql, type Kysely } from 'kysely';
import type { ScoreBreakdownItem } from '../../geo/scoring/score-laos';
import type { DB } from '../db/schema';
import { csvDocument } from '../csv';
import { manifestEntry } from '../geodata/datasets';
import { loadOfficialModel } from './scores-page.service';

/**
 * The source lines of a model's figures: the registry and boundaries every score stands on, the
 * population estimate, and the `source` of each criterion's stored values (e.g. the OSM pack's
 * line, a constraint layer's), distinct, in that order.
 */
export async function scoreSourceLines(
	db: Kysely<DB>,
	indicators: readonly string[]
): Promise<string[]> {
	const lines = [
		manifestEntry('lao_registry').sourceLine,
		manifestEntry('tambon_boundaries').sourceLine,
		manifestEntry('lao_tambon_links').sourceLine,
		manifestEntry('lao_population_estimate').sourceLine
	];
	if (indicators.length > 0) {
		const stored = await db
			.selectFrom('indicator_value')
			.select('source')
			.distinct()
			.where('indicator_key', 'in', indicators)
			.orderBy('source')
			.execute();
		// A built-in value's source joins two manifest lines with "; ".
		for (const { source } of stored) for (const line of source.split('; ')) lines.push(line);
	}
	return [...new Set(lines)];
}

/**
 * Every LAO's official score as open data: UTF-8 with a byte order mark, CRLF, a header of
 * machine names, the formula guard of `csvField`. One row per LAO of the registry (PAOs and
 * ineligible LAOs included, with no score), best first; for each criterion its raw value in the
 * indicator's unit and its normalised value (0–1, 1 = best); the model's name and version and the
 * source lines on every row, so a row copied alone still says where it comes from.
 */
export async function officialScoresCsv(db: Kysely<DB>): Promise<{ csv: string; version: number }> {
	const official = await loadOfficialModel(db);
	const indicators = official.model.criteria.map((c) => c.indicator);
	const source = (await scoreSourceLines(db, indicators)).join(' · ');
	const rows = await db
		.selectFrom('lao_score')
		.innerJoin('lao', 'lao.dla_code', 'lao_score.dla_code')
		.innerJoin('province', 'province.code', 'lao.province_code')
		.leftJoin('lao_population_estimate as p', 'p.dla_code', 'lao.dla_code')
		.select([
			'lao.dla_code',
			'lao.name_th',
			'lao.name_en',
			'lao.lao_type',
			'lao.province_code',
			'province.name_th as province_name_th',
			'province.name_en as province_name_en',
			'lao_score.eligible',
			'lao_score.ineligible_reason',
			'lao_score.score',
			'lao_score.national_rank',
			'lao_score.province_rank',
			'lao_score.approximate',
			'lao_score.missing_weight_share',
			'lao_score.breakdown',
			'p.method as population_method'
		])
		.where('lao_score.model_id', '=', official.id)
		.orderBy(sql`lao_score.national_rank IS NULL`)
		.orderBy('lao_score.national_rank')
		.orderBy('lao.dla_code')
		.execute();
	const header = [
		'dla_code',
		'name_th',
		'name_en',
		'lao_type',
		'province_code',
		'province_name_th',
		'province_name_en',
		'eligible',
		'ineligible_reason',
		'score',
		'national_rank',
		'province_rank',
		'approximate',
		'missing_weight_share',
		'model_name',
		'model_version',
		...indicators.flatMap((key) => [`${key}_raw`, `${key}_normalised`]),
		'population_method',
		'source'
	];
	const lines = rows.map((r) => {
		const breakdown = r.breakdown as ScoreBreakdownItem[];
		const item = (key: string) => breakdown.find((b) => b.indicator === key);
		return [
			r.dla_code,
			r.name_th,
			r.name_en,
			r.lao_type,
			r.province_code,
			r.province_name_th,
			r.province_name_en,
			r.eligible,
			r.ineligible_reason,
			r.score === null ? null : Number(r.score.toFixed(4)),
			r.national_rank,
			r.province_rank,
			r.approximate,
			Number(r.missing_weight_share.toFixed(4)),
			official.model.name,
			official.version,
			...indicators.flatMap((key) => {
				const b = item(key);
				return [
					b?.raw ?? null,
					b?.normalised === null || b?.normalised === undefined
						? null
						: Number(b.normalised.toFixed(6))
				];
			}),
			r.population_method,
			source
		];
	});
	// Machine names and true/false: open data read by programs (no locale).
	return { csv: csvDocument(header, lines), version: official.version };
}
