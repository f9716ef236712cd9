import {
	candidateDistrictText,
	candidateMemberNames,
	candidateWhyText,
	optimisationText
} from '../../candidates/candidate-text';
import type { CandidatesAnswer } from '../../candidates/types';
import {
	candidatesToGeoJSON,
	type CandidateCollection
} from '../../geo/candidates/candidates-geojson';
import type { CandidateZone } from '../../geo/candidates/propose-candidates';
import { manifest } from '../geodata/datasets';

/** The datasets behind a candidate's figures: boundaries, registry, links, population. */
export const candidateSources = manifest
	.filter((d) =>
		['tambon_boundaries', 'lao_registry', 'lao_tambon_links', 'tambon_population'].includes(d.kind)
	)
	.map((d) => `${d.sourceLine} — licence: ${d.licence}`);

/** The candidates GeoJSON: named in Thai and English, with the model version and source lines. */
export function candidatesExport(
	answer: CandidatesAnswer,
	zones: readonly CandidateZone[]
): CandidateCollection {
	const outline = new Map(zones.map((zone) => [zone.rank, zone.geometry]));
	return candidatesToGeoJSON(
		answer.candidates.map((c) => ({
			geometry: outline.get(c.rank) ?? null,
			properties: {
				province_code: c.provinceCode,
				rank: c.rank,
				members: c.members.map((m) => m.dlaCode),
				member_names_th: candidateMemberNames('th', c),
				member_names_en: candidateMemberNames('en', c),
				districts_th: candidateDistrictText('th', c),
				districts_en: candidateDistrictText('en', c),
				area_km2: c.areaKm2,
				population: c.population,
				score: c.score,
				compactness: c.compactness,
				approximate: c.approximate,
				why_th: candidateWhyText('th', c),
				why_en: candidateWhyText('en', c)
			}
		})),
		{
			model: {
				name: answer.model.name,
				name_en: answer.model.nameEn,
				version: answer.model.version
			},
			method: answer.method,
			optimisation_state: answer.optimisation.state,
			optimisation_th: optimisationText('th', answer.optimisation),
			optimisation_en: optimisationText('en', answer.optimisation),
			optimality_gap: answer.optimisation.gap,
			sources: candidateSources
		}
	);
}
