import type { FeatureCollection, MultiPolygon } from 'geojson';
import { fetchJson } from '$lib/fetch/resource-loader';
import type { BBox } from '$lib/places/types';

/**
 * The approved zones of the public map as the browser receives them from
 * `GET /api/public/zones` (`publicZonesMap` on the server): each feature's `id` is the zone's.
 */
export interface ApprovedZoneProperties {
	id: number;
	provinceCode: string;
	provinceNameTh: string;
	provinceNameEn: string | null;
	name: string;
	areaKm2: number;
	coveredLaoCount: number;
	populationCovered: number | null;
	approvedAt: string | null;
	/** The approval's day in Asia/Bangkok, ISO `YYYY-MM-DD`. */
	approvedOn: string | null;
}

export type ApprovedZones = FeatureCollection<MultiPolygon, ApprovedZoneProperties> & {
	bbox?: BBox;
};

/** The approved zones of one province, or of all (`''`). */
export async function fetchApprovedZones(
	provinceCode: string,
	signal: AbortSignal
): Promise<ApprovedZones> {
	const query = provinceCode ? `?province=${encodeURIComponent(provinceCode)}` : '';
	return fetchJson<ApprovedZones>(`/api/public/zones${query}`, signal);
}

/** `?province=` of the current address, written in place (the map's view stays in the hash). */
export function writeProvinceToUrl(provinceCode: string) {
	const url = new URL(location.href);
	if (provinceCode) url.searchParams.set('province', provinceCode);
	else url.searchParams.delete('province');
	history.replaceState(history.state, '', url);
}
