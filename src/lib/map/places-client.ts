import type {
	PlaceInfo,
	PlaceKind,
	PlacesAtResponse,
	SearchResponse,
	SearchResult
} from '$lib/places/types';

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
	const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
	if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
	return (await response.json()) as T;
}

export async function searchPlaces(
	query: string,
	signal?: AbortSignal,
	limit = 10
): Promise<SearchResult[]> {
	const params = new URLSearchParams({ q: query, limit: String(limit) });
	return (await getJson<SearchResponse>(`/api/search?${params}`, signal)).results;
}

/** Every unit under a point: province, district, tambon and each LAO. */
export function placesAt(
	lon: number,
	lat: number,
	signal?: AbortSignal
): Promise<PlacesAtResponse> {
	const params = new URLSearchParams({ lon: lon.toFixed(6), lat: lat.toFixed(6) });
	return getJson<PlacesAtResponse>(`/api/places/at?${params}`, signal);
}

export function placeInfo(kind: PlaceKind, code: string, signal?: AbortSignal): Promise<PlaceInfo> {
	return getJson<PlaceInfo>(
		`/api/places/${encodeURIComponent(kind)}/${encodeURIComponent(code)}`,
		signal
	);
}
