import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';

/** Properties of one candidate zone in the GeoJSON export: named for people, coded for GIS. */
export interface CandidateFeatureProperties {
	province_code: string;
	rank: number;
	/** DLA codes, best score first. */
	members: string[];
	/** The members as officials write them, Thai (อบต.บ้านฝาง) and English (Ban Fang SAO). */
	member_names_th: string[];
	member_names_en: string[];
	districts_th: string;
	districts_en: string;
	area_km2: number;
	population: number | null;
	/** 0–100, the area-weighted mean of the members' official scores. */
	score: number;
	compactness: number | null;
	/** True when area or geometry rests on a partly covered tambon. */
	approximate: boolean;
	/** The criteria that lift the zone most, in words. */
	why_th: string;
	why_en: string;
}

/** What the whole export says about how the zones were found (RFC 7946 foreign members). */
export interface CandidateCollectionMeta {
	model: { name: string; name_en: string | null; version: number };
	/** `exact` (HiGHS) or `greedy` (the quick answer). */
	method: 'exact' | 'greedy';
	optimisation_state: 'optimal' | 'time_limit' | 'pending' | 'not_optimised';
	optimisation_th: string;
	optimisation_en: string;
	/** 0–1, the proven distance from the best possible answer; null when not optimised. */
	optimality_gap: number | null;
	/** The data behind the figures, as SOURCES.md asks every export to carry them. */
	sources: string[];
}

export type CandidateCollection = FeatureCollection<
	MultiPolygon | null,
	CandidateFeatureProperties
> &
	CandidateCollectionMeta;

/**
 * The candidates as a GeoJSON FeatureCollection (RFC 7946, EPSG:4326), one feature per zone in
 * the given order; a zone without an outline has a null geometry.
 */
export function candidatesToGeoJSON(
	features: readonly { properties: CandidateFeatureProperties; geometry: MultiPolygon | null }[],
	meta: CandidateCollectionMeta
): CandidateCollection {
	return {
		type: 'FeatureCollection',
		...meta,
		features: features.map((f): Feature<MultiPolygon | null, CandidateFeatureProperties> => ({
			type: 'Feature',
			geometry: f.geometry,
			properties: f.properties
		}))
	};
}
