import type { MultiPolygon } from 'geojson';
import type { ZoneGeometryProblem } from './zone-geometry';
import type { ZoneRuleLimits } from './zone-rules';

/**
 * The area rule as the browser checks it: a zone smaller than `minAreaKm2` or larger than
 * `maxAreaKm2` (the server's ZONE_MIN_AREA_KM2 / ZONE_MAX_AREA_KM2, sent with the context). The
 * server judges the same rule on the full geometry when the zone is saved; this is the live hint.
 * The place of the problem is the whole zone.
 */
export function areaLimitProblems(
	geometry: MultiPolygon,
	areaKm2: number,
	limits: Pick<ZoneRuleLimits, 'minAreaKm2' | 'maxAreaKm2'>
): ZoneGeometryProblem[] {
	if (areaKm2 < limits.minAreaKm2) {
		return [
			{
				rule: 'zone.area_too_small',
				message: `${areaKm2.toFixed(2)} km² < ${limits.minAreaKm2} km²`,
				at: geometry
			}
		];
	}
	if (areaKm2 > limits.maxAreaKm2) {
		return [
			{
				rule: 'zone.area_too_large',
				message: `${areaKm2.toFixed(2)} km² > ${limits.maxAreaKm2} km²`,
				at: geometry
			}
		];
	}
	return [];
}
