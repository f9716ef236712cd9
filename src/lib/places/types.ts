/**
 * The place search and place information API, as the map page sees it (client-safe: no server
 * imports). Endpoints: `GET /api/search`, `GET /api/places/at`, `GET /api/places/{kind}/{code}`.
 * Codes and data only: the UI translates kinds, LAO types, code labels and methods.
 */
import type { LaoType } from '$lib/lao-types';

export type { LaoType };

export const placeKinds = ['province', 'district', 'tambon', 'lao'] as const;
export type PlaceKind = (typeof placeKinds)[number];

/** West, south, east, north in degrees (WGS 84). */
export type BBox = [west: number, south: number, east: number, north: number];

/** One hit of `GET /api/search?q=…&limit=10` (limit 1–50, default 10). */
export interface SearchResult {
	kind: PlaceKind;
	/** ADM P-code (`TH40`, `TH4001`, `TH400115`) or, for an LAO, its 7-digit DLA code. */
	code: string;
	nameTh: string;
	/** Null for an LAO with no English name in the sources (never an invented romanization). */
	nameEn: string | null;
	laoType: LaoType | null;
	provinceCode: string;
	provinceNameTh: string;
	provinceNameEn: string;
	/** The district the place lies in (null for a province, a district itself and a PAO). */
	districtNameTh: string | null;
	/** Null for an LAO without geometry (not linked to any tambon with a polygon). */
	bbox: BBox | null;
}

export interface SearchResponse {
	results: SearchResult[];
}

export interface PlaceRef {
	kind: PlaceKind;
	code: string;
	nameTh: string;
	nameEn: string | null;
	laoType: LaoType | null;
	/**
	 * LAOs only: the LAO's extent is built from tambons it covers only partly, so it may not
	 * really cover this place (for `/api/places/at`: the point lies in such a tambon).
	 */
	approximate: boolean;
}

/** `GET /api/places/at?lon=…&lat=…` */
export interface PlacesAtResponse {
	/** Province, district, tambon, then the LAOs (PAO, municipalities, Pattaya, SAOs). */
	places: PlaceRef[];
	/** The point is in Bangkok (TH10): the BMA is not in DLA's registry, so no LAO is listed. */
	bangkok: boolean;
}

export type FigureUnit = 'km2' | 'people' | 'households';

/**
 * How a figure was made, when it is not a plain published figure:
 * `dopa_municipal_registration_office`, `sum_nonmunicipal_pop_of_covered_tambons` (LAO
 * population estimates), `union_of_linked_tambons` (LAO area).
 */
export type FigureMethod =
	| 'dopa_municipal_registration_office'
	| 'sum_nonmunicipal_pop_of_covered_tambons'
	| 'union_of_linked_tambons';

export interface Figure {
	value: number;
	unit: FigureUnit;
	/** Year of the reference date (2021 for DOPA's 31 Dec 2021 figures); null when not dated. */
	year: number | null;
	/** ISO date (`2021-12-31`) or null. */
	referenceDate: string | null;
	/** The dataset's source line from `geodata/manifest.json`: show it with the figure. */
	source: string;
	/** An estimate or an overstatement (LAO figures built from partly covered tambons). */
	approximate: boolean;
	method: FigureMethod | null;
}

/** Identifiers of the codes a place is known by (the UI names them). */
export type PlaceCodeLabel =
	| 'adm1_pcode'
	| 'adm2_pcode'
	| 'adm3_pcode'
	| 'dopa_province_code'
	| 'dopa_district_code'
	| 'dopa_tambon_code'
	| 'dla_code';

export interface PlaceCode {
	label: PlaceCodeLabel;
	value: string;
}

export type TambonCoverage = 'completely' | 'partially';

export interface LinkedTambon {
	/** ADM3 P-code as the link file gives it (may name a tambon with no polygon: TH530407). */
	code: string;
	/** From the boundaries (DOPA's complete name preferred), else from DOPA's population row. */
	nameTh: string | null;
	nameEn: string | null;
	coverage: TambonCoverage;
	hasPolygon: boolean;
}

/** `GET /api/places/{kind}/{code}` (404 when unknown, 400 for a bad kind or malformed code). */
export interface PlaceInfo {
	kind: PlaceKind;
	code: string;
	nameTh: string;
	nameEn: string | null;
	laoType: LaoType | null;
	/** LAOs only: the 7-digit DLA code (same as `code`). */
	dlaCode?: string;
	codes: PlaceCode[];
	/** Official geodesic area; for an LAO the union of its linked tambons. */
	areaKm2: Figure | null;
	/** DOPA registered population (sum of DOPA rows for a district or province). */
	population: Figure | null;
	households: Figure | null;
	/** Province, then district (as applicable). */
	parents: PlaceRef[];
	/** LAOs only (else []): the tambons it covers. */
	linkedTambons: LinkedTambon[];
	/** LAOs only: its extent is built from tambons it covers only partly. */
	approximate: boolean;
	bbox: BBox | null;
	/** TH10 or inside it: the BMA is not in DLA's registry. */
	bangkok: boolean;
	/** LAOs only: the area DLA registered (suspect values were set to no data on import). */
	registeredAreaKm2: Figure | null;
	/** Provinces and districts only: how many LAOs of each type lie inside. */
	laoCounts?: Record<LaoType, number>;
	/** Every source line behind this answer, once each. */
	sources: string[];
}

/** The body of a 400 or 404 answer from these endpoints. */
export interface PlaceApiError {
	error: 'invalid_input' | 'not_found';
	/** The query or path field that was wrong (`q`, `limit`, `lon`, `lat`, `kind`, `code`). */
	field?: string;
	/** For developers; the UI shows its own text. */
	message: string;
}
