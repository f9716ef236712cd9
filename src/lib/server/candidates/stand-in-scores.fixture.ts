import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { LaoScores } from './candidates.service';

/**
 * STAND-IN SCORER for tests and the benchmark only — not the SEDZ scoring, which comes from the
 * scoring work. Transparent on purpose:
 * - score = the LAO's area percentile within its province (0–1: share of the province's other
 *   LAOs, PAOs excluded, with a smaller area; ties share the lower value);
 * - eligible = an SAO (subdistrict_admin_org) of at least 20 km².
 * LAOs without a geometry get no entry (not eligible).
 */
export async function standInScores(db: Kysely<DB>): Promise<LaoScores> {
	const rows = await db
		.selectFrom('lao')
		.select(['dla_code', 'province_code', 'lao_type', 'area_km2'])
		.where('lao_type', '<>', 'provincial_admin_org')
		.where('area_km2', 'is not', null)
		.orderBy('province_code')
		.orderBy('area_km2')
		.orderBy('dla_code')
		.execute();
	const byProvince = new Map<string, typeof rows>();
	for (const row of rows) {
		const list = byProvince.get(row.province_code) ?? [];
		list.push(row);
		byProvince.set(row.province_code, list);
	}
	const scores = new Map<string, { score: number | null; eligible: boolean }>();
	for (const list of byProvince.values()) {
		let smaller = 0;
		list.forEach((row, index) => {
			if (index > 0 && list[index - 1]!.area_km2! < row.area_km2!) smaller = index;
			scores.set(row.dla_code, {
				score: list.length > 1 ? smaller / (list.length - 1) : 1,
				eligible: row.lao_type === 'subdistrict_admin_org' && row.area_km2! >= 20
			});
		});
	}
	return scores;
}
