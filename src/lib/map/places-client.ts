import { fetchJson } from '$lib/fetch/resource-loader';
import type { PlaceKind, SearchResponse, SearchResult } from '$lib/places/types';

export async function searchPlaces(
	query: string,
	signal?: AbortSignal,
	limit = 10
): Promise<SearchResult[]> {
	const params = new URLSearchParams({ q: query, limit: String(limit) });
	return (await fetchJson<SearchResponse>(`/api/search?${params}`, signal)).results;
}

/** The address of every unit under a point: province, district, tambon and each LAO. */
export function placesAtUrl(lon: number, lat: number): string {
	const params = new URLSearchParams({ lon: lon.toFixed(6), lat: lat.toFixed(6) });
	return `/api/places/at?${params}`;
}

/** The address of one unit's information (`PlaceInfo`). */
export function placeInfoUrl(kind: PlaceKind, code: string): string {
	return `/api/places/${encodeURIComponent(kind)}/${encodeURIComponent(code)}`;
}
