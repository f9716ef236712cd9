import type { Kysely } from 'kysely';
import type { DB, IndicatorAggregation } from '../db/schema';

/** One figure of one LAO, with what a reader needs to trust it. */
export type IndicatorValue = {
	value: number;
	approximate: boolean;
	year: number;
	unit: string;
	source: string;
};

interface StoredValue {
	unit_code: string;
	indicator_key: string;
	year: number;
	value: number;
	unit: string;
	source: string;
	approximate: boolean;
}

/**
 * For every LAO except the PAOs (which are provinces), the latest year's value of each indicator
 * in `keys`, keyed by DLA code and then by indicator key:
 *
 * - a value stored for the LAO itself when there is one, the latest year;
 * - otherwise a roll-up of the values stored for the tambons it covers (through `lao_tambon`),
 *   in the latest year any of them has: counts (`sum`) are summed; rates and shares
 *   (`area_weighted_mean`) are averaged weighted by each tambon's area in km² (a tambon without a
 *   polygon has no area and cannot count). The roll-up is approximate when a covered tambon is
 *   only partly the LAO's, when a covered tambon has no value that year, or when a value is;
 * - null when there is nothing to go on: no data, never 0.
 *
 * An unknown key gives null for every LAO.
 */
export async function loadLaoIndicators(
	db: Kysely<DB>,
	keys: readonly string[]
): Promise<Map<string, Record<string, IndicatorValue | null>>> {
	const result = new Map<string, Record<string, IndicatorValue | null>>();
	const laos = await db
		.selectFrom('lao')
		.select('dla_code')
		.where('lao_type', '<>', 'provincial_admin_org')
		.orderBy('dla_code')
		.execute();
	for (const { dla_code } of laos) {
		result.set(dla_code, Object.fromEntries(keys.map((key) => [key, null])));
	}
	if (keys.length === 0) return result;

	const catalogue = await db
		.selectFrom('indicator')
		.select(['key', 'unit', 'aggregation'])
		.where('key', 'in', keys)
		.execute();
	if (catalogue.length === 0) return result;
	const aggregationOf = new Map<string, IndicatorAggregation>(
		catalogue.map((c) => [c.key, c.aggregation])
	);
	const unitOf = new Map(catalogue.map((c) => [c.key, c.unit]));
	const knownKeys = catalogue.map((c) => c.key);

	const stored = await db
		.selectFrom('indicator_value')
		.select([
			'unit_kind',
			'unit_code',
			'indicator_key',
			'year',
			'value',
			'unit',
			'source',
			'approximate'
		])
		.where('indicator_key', 'in', knownKeys)
		.execute();

	// LAO-level values: the latest year wins.
	const tambonValues = new Map<string, Map<string, StoredValue[]>>(); // key → tambon → values
	for (const row of stored) {
		if (row.unit_kind === 'lao') {
			const figures = result.get(row.unit_code);
			if (!figures) continue; // a PAO, or an LAO no longer in the registry
			const current = figures[row.indicator_key];
			if (!current || row.year > current.year) {
				figures[row.indicator_key] = {
					value: row.value,
					approximate: row.approximate,
					year: row.year,
					unit: row.unit,
					source: row.source
				};
			}
		} else {
			let byTambon = tambonValues.get(row.indicator_key);
			if (!byTambon) tambonValues.set(row.indicator_key, (byTambon = new Map()));
			let list = byTambon.get(row.unit_code);
			if (!list) byTambon.set(row.unit_code, (list = []));
			list.push(row);
		}
	}
	if (tambonValues.size === 0) return result;

	const links = await db
		.selectFrom('lao_tambon')
		.leftJoin('tambon', 'tambon.code', 'lao_tambon.tambon_code')
		.select([
			'lao_tambon.dla_code',
			'lao_tambon.tambon_code',
			'lao_tambon.coverage',
			'tambon.area_km2'
		])
		.execute();
	const linksOf = new Map<string, typeof links>();
	for (const link of links) {
		let list = linksOf.get(link.dla_code);
		if (!list) linksOf.set(link.dla_code, (list = []));
		list.push(link);
	}

	for (const [dlaCode, figures] of result) {
		const laoLinks = linksOf.get(dlaCode);
		if (!laoLinks) continue;
		for (const [key, byTambon] of tambonValues) {
			if (figures[key]) continue; // the LAO's own value comes first
			figures[key] = rollUp(laoLinks, byTambon, aggregationOf.get(key)!, unitOf.get(key)!);
		}
	}
	return result;
}

function rollUp(
	links: readonly { tambon_code: string; coverage: string; area_km2: number | null }[],
	byTambon: ReadonlyMap<string, readonly StoredValue[]>,
	aggregation: IndicatorAggregation,
	unit: string
): IndicatorValue | null {
	// A tambon counts only if it can: a weighted mean needs its area.
	const usable = links.filter(
		(l) => aggregation === 'sum' || (l.area_km2 !== null && l.area_km2 > 0)
	);
	let year: number | undefined;
	for (const link of usable) {
		for (const v of byTambon.get(link.tambon_code) ?? []) {
			if (year === undefined || v.year > year) year = v.year;
		}
	}
	if (year === undefined) return null;

	let total = 0;
	let weight = 0;
	let approximate = usable.length < links.length;
	const sources = new Set<string>();
	for (const link of usable) {
		const v = byTambon.get(link.tambon_code)?.find((s) => s.year === year);
		if (!v) {
			approximate = true; // a covered tambon has no value that year
			continue;
		}
		if (link.coverage === 'partially' || v.approximate) approximate = true;
		sources.add(v.source);
		if (aggregation === 'sum') total += v.value;
		else {
			total += v.value * link.area_km2!;
			weight += link.area_km2!;
		}
	}
	return {
		value: aggregation === 'sum' ? total : total / weight,
		approximate,
		year,
		unit,
		source: [...sources].join('; ')
	};
}
