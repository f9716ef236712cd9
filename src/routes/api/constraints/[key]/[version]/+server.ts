import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { layerGeoJson } from '$lib/server/constraints/constraint-layer.repository';
import type { RequestHandler } from './$types';

const params = z.object({
	key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
	version: z.coerce.number().int().positive()
});

/** Tolerance of the overlay's simplification, degrees (about 100 m). */
const overlayToleranceDegrees = 0.001;

/** One version of a constraint layer as GeoJSON (simplified for the map overlay). */
export const GET: RequestHandler = async (event) => {
	const parsed = params.safeParse(event.params);
	if (!parsed.success) error(400, 'key must be a layer key and version a positive whole number');
	const geojson = await layerGeoJson(
		getDatabase().db,
		parsed.data.key,
		parsed.data.version,
		overlayToleranceDegrees
	);
	if (geojson === null) error(404, 'No such constraint layer version');
	return new Response(geojson, {
		headers: {
			'content-type': 'application/geo+json',
			// A version never changes: a re-upload is a new version.
			'cache-control': 'public, max-age=86400, immutable'
		}
	});
};
