import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import type { CandidateZone } from './propose-candidates';

/** Properties of one candidate zone in the GeoJSON export; areas in km². */
export interface CandidateFeatureProperties {
	province_code: string;
	rank: number;
	/** DLA codes, the seed first. */
	members: string[];
	area_km2: number;
	population: number | null;
	score: number;
	compactness: number | null;
	/** True when area or geometry rests on a partly covered tambon. */
	approximate: boolean;
}

/**
 * The candidates as a GeoJSON FeatureCollection (RFC 7946, EPSG:4326), one feature per zone in
 * the given order; a zone proposed without geometries has a null geometry.
 */
export function candidatesToGeoJSON(
	candidates: readonly CandidateZone[]
): FeatureCollection<MultiPolygon | null, CandidateFeatureProperties> {
	return {
		type: 'FeatureCollection',
		features: candidates.map(
			(candidate): Feature<MultiPolygon | null, CandidateFeatureProperties> => ({
				type: 'Feature',
				geometry: candidate.geometry,
				properties: {
					province_code: candidate.provinceCode,
					rank: candidate.rank,
					members: [...candidate.members],
					area_km2: candidate.areaKm2,
					population: candidate.population,
					score: candidate.score,
					compactness: candidate.compactness,
					approximate: candidate.approximate
				}
			})
		)
	};
}
