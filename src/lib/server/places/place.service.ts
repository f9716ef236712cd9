import type { Kysely } from 'kysely';
import type {
	Figure,
	PlaceCode,
	PlaceInfo,
	PlaceKind,
	PlaceRef,
	PlacesAtResponse
} from '$lib/places/types';
import { laoTypes, type DB, type LaoType } from '../db/schema';
import { manifestEntry, type DatasetKind } from '../geodata/datasets';
import * as places from './place.repository';

const BANGKOK = 'TH10';

// LAOs at a point: the PAO, the municipalities from the largest, Pattaya, then the SAO.
const laoOrder: Record<LaoType, number> = {
	provincial_admin_org: 0,
	city_municipality: 1,
	town_municipality: 2,
	subdistrict_municipality: 3,
	special_admin_area: 4,
	subdistrict_admin_org: 5
};
const kindOrder: Record<PlaceKind, number> = { province: 0, district: 1, tambon: 2, lao: 3 };

/** What contains the point (lon, lat in WGS 84 degrees); nothing outside Thailand. */
export async function findPlacesAt(
	db: Kysely<DB>,
	point: { lon: number; lat: number }
): Promise<PlacesAtResponse> {
	const rows = await places.listPlacesAt(db, point.lon, point.lat);
	const sorted = rows.sort(
		(a, b) =>
			kindOrder[a.kind] - kindOrder[b.kind] ||
			(a.lao_type && b.lao_type ? laoOrder[a.lao_type] - laoOrder[b.lao_type] : 0) ||
			a.code.localeCompare(b.code)
	);
	return {
		places: sorted.map((r) => ({
			kind: r.kind,
			code: r.code,
			nameTh: r.name_th,
			nameEn: r.name_en,
			laoType: r.lao_type,
			approximate: r.approximate
		})),
		bangkok: rows.some((r) => r.kind === 'province' && r.code === BANGKOK)
	};
}

const sourceLine = (kind: DatasetKind) => manifestEntry(kind).sourceLine;
const yearOf = (isoDate: string) => Number(isoDate.slice(0, 4));

function populationFigures(
	row: { population: number; households: number; reference_date: string } | undefined,
	extra: Pick<Figure, 'approximate' | 'method' | 'source'>
): { population: Figure | null; households: Figure | null } {
	if (!row) return { population: null, households: null };
	const dated = { year: yearOf(row.reference_date), referenceDate: row.reference_date, ...extra };
	return {
		population: { value: row.population, unit: 'people', ...dated },
		households: { value: row.households, unit: 'households', ...dated }
	};
}

function officialArea(areaKm2: number): Figure {
	return {
		value: areaKm2,
		unit: 'km2',
		year: null,
		referenceDate: null,
		source: sourceLine('tambon_boundaries'),
		approximate: false,
		method: null
	};
}

const unitRef = (kind: PlaceKind, code: string, nameTh: string, nameEn: string): PlaceRef => ({
	kind,
	code,
	nameTh,
	nameEn,
	laoType: null,
	approximate: false
});

function countByType(rows: { lao_type: LaoType; count: number }[]): Record<LaoType, number> {
	const counts = Object.fromEntries(laoTypes.map((t) => [t, 0])) as Record<LaoType, number>;
	for (const { lao_type, count } of rows) counts[lao_type] = count;
	return counts;
}

function uniqueSources(info: Omit<PlaceInfo, 'sources'>, always: string[]): string[] {
	const figures = [info.areaKm2, info.population, info.households, info.registeredAreaKm2];
	return [...new Set([...always, ...figures.filter((f) => f !== null).map((f) => f.source)])];
}

/** Province, district or tambon: official area, DOPA population, parents and codes. */
async function adminUnitInfo(
	db: Kysely<DB>,
	kind: 'province' | 'district' | 'tambon',
	code: string
): Promise<PlaceInfo | undefined> {
	const find = {
		province: places.findProvince,
		district: places.findDistrict,
		tambon: places.findTambon
	}[kind];
	const row = await find(db, code);
	if (!row) return undefined;

	const populationSource = sourceLine('tambon_population');
	const codes: PlaceCode[] = [];
	let population: Awaited<ReturnType<typeof places.sumPopulationUnder>>;
	if (kind === 'tambon') {
		const dopa = await places.findTambonPopulation(db, code);
		codes.push({ label: 'adm3_pcode', value: code });
		if (dopa) codes.push({ label: 'dopa_tambon_code', value: dopa.dopa_code });
		population = dopa;
	} else {
		codes.push({ label: kind === 'province' ? 'adm1_pcode' : 'adm2_pcode', value: code });
		const dopaCode = await places.findDopaAreaCode(db, kind, code);
		if (dopaCode)
			codes.push({
				label: kind === 'province' ? 'dopa_province_code' : 'dopa_district_code',
				value: dopaCode
			});
		population = await places.sumPopulationUnder(db, code);
	}

	const parents: PlaceRef[] = [];
	if (kind !== 'province')
		parents.push(
			unitRef('province', row.province_code, row.province_name_th, row.province_name_en)
		);
	if (kind === 'tambon' && row.district_code && row.district_name_th && row.district_name_en)
		parents.push(
			unitRef('district', row.district_code, row.district_name_th, row.district_name_en)
		);

	const laoCounts =
		kind === 'tambon'
			? undefined
			: countByType(
					await places.countLaosByType(
						db,
						kind === 'province' ? 'province_code' : 'district_code',
						code
					)
				);

	const info: Omit<PlaceInfo, 'sources'> = {
		kind,
		code: row.code,
		nameTh: row.name_th,
		nameEn: row.name_en,
		laoType: null,
		codes,
		areaKm2: officialArea(row.area_km2),
		...populationFigures(population, {
			source: populationSource,
			approximate: false,
			method: null
		}),
		parents,
		linkedTambons: [],
		approximate: false,
		bbox: row.west === null ? null : [row.west, row.south!, row.east!, row.north!],
		bangkok: row.province_code === BANGKOK,
		registeredAreaKm2: null,
		...(laoCounts ? { laoCounts } : {})
	};
	return { ...info, sources: uniqueSources(info, [sourceLine('tambon_boundaries')]) };
}

/** An LAO: its registry entry, linked tambons, area from them and its population estimate. */
async function laoInfo(db: Kysely<DB>, dlaCode: string): Promise<PlaceInfo | undefined> {
	const row = await places.findLao(db, dlaCode);
	if (!row) return undefined;
	const isPao = row.lao_type === 'provincial_admin_org';
	const linkedTambons = isPao ? [] : await places.listLinkedTambons(db, dlaCode);

	// A PAO's area is its province's; another LAO's is the union of its linked tambons, which
	// overstates it when one of them is covered only partly.
	const areaKm2: Figure | null =
		row.area_km2 === null
			? null
			: {
					...officialArea(row.area_km2),
					approximate: row.geom_approximate,
					method: isPao ? null : 'union_of_linked_tambons'
				};

	const populationSource = sourceLine('lao_population_estimate');
	const figures = isPao
		? populationFigures(await places.sumPopulationUnder(db, row.province_code), {
				source: sourceLine('tambon_population'),
				approximate: false,
				method: null
			})
		: await places.findLaoPopulationEstimate(db, dlaCode).then((estimate) =>
				populationFigures(estimate, {
					source: populationSource,
					approximate: true,
					method: estimate?.method ?? null
				})
			);

	const parents: PlaceRef[] = [
		unitRef('province', row.province_code, row.province_name_th, row.province_name_en)
	];
	if (row.district_code && row.district_name_th && row.district_name_en)
		parents.push(
			unitRef('district', row.district_code, row.district_name_th, row.district_name_en)
		);

	const info: Omit<PlaceInfo, 'sources'> = {
		kind: 'lao',
		code: row.dla_code,
		nameTh: row.name_th,
		nameEn: row.name_en,
		laoType: row.lao_type,
		dlaCode: row.dla_code,
		codes: [{ label: 'dla_code', value: row.dla_code }],
		areaKm2,
		...figures,
		parents,
		linkedTambons: linkedTambons.map((t) => ({
			code: t.code,
			nameTh: t.name_th,
			nameEn: t.name_en,
			coverage: t.coverage,
			hasPolygon: t.has_polygon
		})),
		approximate: row.geom_approximate,
		bbox: row.west === null ? null : [row.west, row.south!, row.east!, row.north!],
		bangkok: row.province_code === BANGKOK,
		registeredAreaKm2:
			row.area_km2_registered === null
				? null
				: {
						value: row.area_km2_registered,
						unit: 'km2',
						year: null,
						referenceDate: null,
						source: sourceLine('lao_registry'),
						approximate: false,
						method: null
					}
	};
	const always = [sourceLine('lao_registry')];
	if (linkedTambons.length > 0 || row.name_en !== null) always.push(sourceLine('lao_tambon_links'));
	return { ...info, sources: uniqueSources(info, always) };
}

/** Everything the map shows about one place; undefined when there is no such place. */
export async function getPlaceInfo(
	db: Kysely<DB>,
	kind: PlaceKind,
	code: string
): Promise<PlaceInfo | undefined> {
	return kind === 'lao' ? laoInfo(db, code) : adminUnitInfo(db, kind, code);
}
