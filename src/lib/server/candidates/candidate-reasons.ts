import type { CandidateDistrict, CandidateReason, NamedCandidate } from '../../candidates/types';
import type { CandidateZone } from '../../geo/candidates/propose-candidates';
import type { ProvinceInputs } from './official-candidates.service';

/**
 * A candidate zone as the officials see it: its member LAOs and districts by name, its figures,
 * and why it is one — the (at most two) criteria whose area-weighted points lift it most above
 * the mean of the province's scored LAOs.
 */

/** The criteria that lift a zone most above the province's eligible LAOs (see `CandidateReason`). */
export function reasonsFor(zone: CandidateZone, inputs: ProvinceInputs): CandidateReason[] {
	const points = (codes: readonly string[]) => {
		const sums = new Map<string, number>();
		let areaKm2 = 0;
		for (const code of codes) {
			const lao = inputs.laos.find((l) => l.dlaCode === code);
			if (!lao) continue;
			areaKm2 += lao.areaKm2;
			for (const item of inputs.breakdowns.get(code) ?? []) {
				sums.set(
					item.indicator,
					(sums.get(item.indicator) ?? 0) + (item.contribution ?? 0) * lao.areaKm2
				);
			}
		}
		return new Map([...sums].map(([key, sum]) => [key, areaKm2 > 0 ? sum / areaKm2 : 0]));
	};
	const zonePoints = points(zone.members);
	const province = inputs.laos.filter((l) => l.score !== null);
	const mean = new Map<string, number>();
	for (const lao of province) {
		for (const item of inputs.breakdowns.get(lao.dlaCode) ?? []) {
			mean.set(
				item.indicator,
				(mean.get(item.indicator) ?? 0) + (item.contribution ?? 0) / province.length
			);
		}
	}
	return [...zonePoints]
		.map(([indicator, value]) => ({
			indicator,
			direction: inputs.costIndicators.has(indicator) ? ('cost' as const) : ('benefit' as const),
			liftPoints: value - (mean.get(indicator) ?? 0)
		}))
		.filter((reason) => reason.liftPoints >= 0.5)
		.sort((a, b) => b.liftPoints - a.liftPoints || (a.indicator < b.indicator ? -1 : 1))
		.slice(0, 2);
}

export function nameZone(zone: CandidateZone, inputs: ProvinceInputs): NamedCandidate {
	const districts = new Map<string, CandidateDistrict>();
	const members = zone.members.map((code) => {
		const row = inputs.rows.get(code)!;
		if (row.district_code && !districts.has(row.district_code)) {
			districts.set(row.district_code, {
				code: row.district_code,
				nameTh: row.district_name_th ?? row.district_code,
				nameEn: row.district_name_en
			});
		}
		return { dlaCode: code, nameTh: row.name_th, nameEn: row.name_en, laoType: row.lao_type };
	});
	return {
		provinceCode: zone.provinceCode,
		rank: zone.rank,
		members,
		districts: [...districts.values()],
		areaKm2: zone.areaKm2,
		population: zone.population,
		score: zone.score,
		compactness: zone.compactness,
		approximate: zone.approximate,
		why: reasonsFor(zone, inputs)
	};
}
