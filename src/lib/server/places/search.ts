import type { LaoType } from '$lib/lao-types';
import type { PlaceKind, SearchResult } from '$lib/places/types';
import { fromThaiDigits } from '$lib/thai-calendar';

/**
 * Place search, pure: text normalisation, query parsing and ranking over an in-memory index.
 * No database and no `$app` imports, so it runs anywhere; `search.service.ts` builds the index.
 */

/** A searchable unit: what the API returns, plus the codes it answers to besides `code`. */
export interface SearchUnit extends SearchResult {
	/** More codes (DOPA code, code without `TH`), matched exactly or as a prefix. */
	otherCodes: string[];
}

interface IndexedUnit {
	unit: SearchUnit;
	nameTh: string;
	nameEn: string;
	codes: string[];
	kindRank: number;
	/** Position in code order, the last tie-break. */
	order: number;
}

export interface SearchIndex {
	units: IndexedUnit[];
	/**
	 * Every name key, one after another with a separator, so a query scans one string with the
	 * engine's native search instead of 30,000 small ones; `keyStarts[i]` is where key i begins
	 * and `keyUnits[i]` the unit it names.
	 */
	names: string;
	keyStarts: Int32Array;
	keyUnits: Int32Array;
}

/** Which units a query's prefix names ("ทต.", "อำเภอ", "SAO"); null when it names none. */
export interface TypeHint {
	kinds: PlaceKind[];
	laoTypes: LaoType[];
}

export interface QueryVariant {
	/** The compact key compared with the index's keys. */
	key: string;
	/** Set when a prefix or suffix naming a type of unit was removed. */
	hint: TypeHint | null;
	/** A word was removed: a match here ranks after the same match on the query as typed. */
	stripped: boolean;
}

const municipalities: LaoType[] = [
	'city_municipality',
	'town_municipality',
	'subdistrict_municipality',
	'special_admin_area'
];
const lao = (...laoTypes: LaoType[]): TypeHint => ({ kinds: [], laoTypes });
const unit = (kind: PlaceKind): TypeHint => ({ kinds: [kind], laoTypes: [] });

// Thai prefixes, tried on the query as typed (spaces and dots kept). Single-letter
// abbreviations need their dot ("อ." but not "อ", which begins many names); a name may really
// begin with a prefix ("ทมอ", "เมืองพล"), which is why the unstripped query is always tried too.
const thaiPrefixes: [RegExp, TypeHint | null][] = [
	[/^องค์การบริหารส่วนจังหวัด/, lao('provincial_admin_org')],
	[/^อบจ\.?/, lao('provincial_admin_org')],
	[/^องค์การบริหารส่วนตำบล/, lao('subdistrict_admin_org')],
	[/^อบต\.?/, lao('subdistrict_admin_org')],
	[/^เทศบาลนคร/, lao('city_municipality')],
	[/^ทน\.?/, lao('city_municipality')],
	[/^เทศบาลเมือง/, lao('town_municipality')],
	[/^ทม\.?/, lao('town_municipality')],
	[/^เทศบาลตำบล/, lao('subdistrict_municipality')],
	[/^ทต\.?/, lao('subdistrict_municipality')],
	[/^เทศบาล/, lao(...municipalities)],
	// "เมือง" begins district names (เมืองขอนแก่น) and LAO names (เมืองพัทยา, เมืองพล): strip it
	// without a hint, so "เมืองขอนแก่น" finds the district first and the province next.
	[/^เมือง/, null],
	[/^จังหวัด/, unit('province')],
	[/^จ\./, unit('province')],
	[/^อำเภอ/, unit('district')],
	[/^อ\./, unit('district')],
	[/^เขต/, unit('district')],
	[/^ตำบล/, unit('tambon')],
	[/^ต\./, unit('tambon')],
	[/^แขวง/, unit('tambon')]
];

// English words, before or after the name ("Ban Pet Subdistrict Municipality", "SAO Ban Pet").
// Longest first, so "subdistrict municipality" wins over "municipality" and "subdistrict".
const englishWords: [string, TypeHint | null][] = (
	[
		['subdistrict administrative organization', lao('subdistrict_admin_org')],
		['subdistrict administrative organisation', lao('subdistrict_admin_org')],
		['tambon administrative organization', lao('subdistrict_admin_org')],
		['tambon administrative organisation', lao('subdistrict_admin_org')],
		['provincial administrative organization', lao('provincial_admin_org')],
		['provincial administrative organisation', lao('provincial_admin_org')],
		['subdistrict municipality', lao('subdistrict_municipality')],
		['tambon municipality', lao('subdistrict_municipality')],
		['town municipality', lao('town_municipality')],
		['city municipality', lao('city_municipality')],
		['municipality', lao(...municipalities)],
		['sao', lao('subdistrict_admin_org')],
		['tao', lao('subdistrict_admin_org')],
		['pao', lao('provincial_admin_org')],
		['city', lao('city_municipality', 'special_admin_area')],
		['province', unit('province')],
		['changwat', unit('province')],
		['district', unit('district')],
		['amphoe', unit('district')],
		['amphur', unit('district')],
		['khet', unit('district')],
		['subdistrict', unit('tambon')],
		['tambon', unit('tambon')],
		['khwaeng', unit('tambon')],
		['mueang', null]
	] as [string, TypeHint | null][]
).sort((a, b) => b[0].length - a[0].length);

/**
 * The text as compared: NFC, lower case, Latin accents off, zero-width and other format
 * characters off, Thai digits as Arabic, ฤๅ/ฦๅ spelt ฤา/ฦา (DOPA writes บุฤๅษี, COD-AB and DLA
 * บุฤาษี), a typed nikhahit + sara aa as sara am, and runs of white space as one space.
 */
export function normalizeText(text: string): string {
	return fromThaiDigits(text)
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.normalize('NFC')
		.replace(/\p{Cf}/gu, '')
		.replace(/\u0e45/g, '\u0e32')
		.replace(/\u0e4d([\u0e48-\u0e4b]?)\u0e32/g, '$1\u0e33')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}

/** The key a name or query is matched by: normalised, with only letters, marks and digits. */
export function compactKey(text: string): string {
	return normalizeText(text).replace(/[^\p{L}\p{M}\p{N}]/gu, '');
}

/** The query as typed, then with each prefix or suffix naming a type of unit removed. */
export function parseQuery(query: string): QueryVariant[] {
	const text = normalizeText(query);
	const variants: QueryVariant[] = [{ key: compactKey(text), hint: null, stripped: false }];
	const add = (rest: string, hint: TypeHint | null) => {
		const key = compactKey(rest);
		if (key && !variants.some((v) => v.key === key && v.hint === hint))
			variants.push({ key, hint, stripped: true });
	};
	for (const [prefix, hint] of thaiPrefixes) {
		const match = prefix.exec(text);
		if (match) add(text.slice(match[0].length), hint);
	}
	const words = ` ${text.replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ').trim()} `;
	for (const [phrase, hint] of englishWords) {
		if (words.startsWith(` ${phrase} `)) add(words.slice(phrase.length + 1), hint);
		if (words.endsWith(` ${phrase} `)) add(words.slice(0, -(phrase.length + 1)), hint);
	}
	return variants.filter((v) => v.key !== '');
}

// Size order on ties: province, district, tambon, then LAOs from the PAO down to the SAO.
const laoRank: Record<LaoType, number> = {
	provincial_admin_org: 3,
	city_municipality: 4,
	town_municipality: 5,
	special_admin_area: 6,
	subdistrict_municipality: 7,
	subdistrict_admin_org: 8
};
const kindRank = (u: SearchResult) =>
	u.kind === 'province'
		? 0
		: u.kind === 'district'
			? 1
			: u.kind === 'tambon'
				? 2
				: laoRank[u.laoType!];

export function buildSearchIndex(units: readonly SearchUnit[]): SearchIndex {
	const sorted = [...units].sort(
		(a, b) => kindRank(a) - kindRank(b) || a.code.localeCompare(b.code)
	);
	const indexed = sorted.map((unit, order) => ({
		unit,
		nameTh: compactKey(unit.nameTh),
		nameEn: unit.nameEn ? compactKey(unit.nameEn) : '',
		codes: [unit.code, ...unit.otherCodes].map((c) => c.toLowerCase()),
		kindRank: kindRank(unit),
		order
	}));
	const keys: string[] = [];
	const keyUnits: number[] = [];
	for (const [i, entry] of indexed.entries())
		for (const key of [entry.nameTh, entry.nameEn])
			if (key !== '') {
				keys.push(key);
				keyUnits.push(i);
			}
	const keyStarts = new Int32Array(keys.length + 1);
	for (let i = 0, at = 0; i <= keys.length; i++) {
		keyStarts[i] = at;
		at += (keys[i]?.length ?? 0) + 1;
	}
	// The separator is never in a key: keys hold only letters, marks and digits.
	return { units: indexed, names: keys.join('\n'), keyStarts, keyUnits: Int32Array.from(keyUnits) };
}

/** The key whose text holds `position` in `names`: the last key starting at or before it. */
function keyAt(keyStarts: Int32Array, position: number): number {
	let low = 0;
	let high = keyStarts.length - 2;
	while (low < high) {
		const middle = (low + high + 1) >> 1;
		if (keyStarts[middle]! <= position) low = middle;
		else high = middle - 1;
	}
	return low;
}

const EXACT = 0;
const PREFIX = 1;
const SUBSTRING = 2;

function fitsHint(unit: SearchResult, hint: TypeHint): boolean {
	return (
		hint.kinds.includes(unit.kind) ||
		(unit.laoType !== null && hint.laoTypes.includes(unit.laoType))
	);
}

/**
 * Ranks by, in order: how well the name or code matches (exact, then prefix, then anywhere in
 * the name); whether it matched the query as typed or a type the query named ("ทต. นาข่า"
 * puts subdistrict municipalities named นาข่า before the SAO and the tambons of that name);
 * the size of the unit (province, district, tambon, PAO, city, town, Pattaya, subdistrict
 * municipality, SAO); the shorter name (the closer match); then the code.
 */
export function searchIndex(index: SearchIndex, query: string, limit: number): SearchUnit[] {
	const variants = parseQuery(query);
	if (variants.length === 0) return [];
	// Best score per unit index (a lower score ranks first), and the units that have one.
	const best = new Float64Array(index.units.length).fill(Infinity);
	const matched: number[] = [];
	const offer = (unitIndex: number, score: number) => {
		if (best[unitIndex] === Infinity) matched.push(unitIndex);
		if (score < best[unitIndex]!) best[unitIndex] = score;
	};
	const { names, keyStarts, keyUnits, units } = index;
	for (const variant of variants) {
		for (let at = names.indexOf(variant.key); at !== -1;) {
			const key = keyAt(keyStarts, at);
			const start = keyStarts[key]!;
			const keyLength = keyStarts[key + 1]! - start - 1;
			const tier = at > start ? SUBSTRING : keyLength === variant.key.length ? EXACT : PREFIX;
			const entry = units[keyUnits[key]!]!;
			const penalty = variant.hint
				? fitsHint(entry.unit, variant.hint)
					? 0
					: 1
				: variant.stripped
					? 1
					: 0;
			const length = Math.min(Math.max(entry.nameTh.length, 1), 99);
			offer(entry.order, ((tier * 2 + penalty) * 10 + entry.kindRank) * 100 + length);
			// The key matched: go on from the next one.
			at = names.indexOf(variant.key, keyStarts[key + 1]!);
		}
	}
	const codeVariants = variants.filter((v) => !v.stripped && /^(th)?\d{2,}$/.test(v.key));
	if (codeVariants.length > 0)
		for (const entry of units)
			for (const variant of codeVariants)
				for (const code of entry.codes) {
					if (!code.startsWith(variant.key)) continue;
					const tier = code === variant.key ? EXACT : PREFIX;
					offer(entry.order, (tier * 2 * 10 + entry.kindRank) * 100 + Math.min(code.length, 99));
				}
	// The best `limit`, kept sorted: most candidates cost one comparison with the worst kept.
	// Units are in rank order, so the unit index breaks ties.
	const top: [score: number, unitIndex: number][] = [];
	const before = (a: [number, number], b: [number, number]) =>
		a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
	for (const unitIndex of matched) {
		const candidate: [number, number] = [best[unitIndex]!, unitIndex];
		if (top.length === limit && !before(candidate, top[top.length - 1]!)) continue;
		let at = top.length;
		while (at > 0 && before(candidate, top[at - 1]!)) at--;
		top.splice(at, 0, candidate);
		if (top.length > limit) top.pop();
	}
	return top.map(([, unitIndex]) => units[unitIndex]!.unit);
}
