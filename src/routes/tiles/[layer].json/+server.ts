import { error, json } from '@sveltejs/kit';
import { tileJson, tileJsonLayers } from '$lib/server/ogc/map-styles';
import type { RequestHandler } from './$types';

/** TileJSON 3.0.0 of one tile layer: `/tiles/lao.json`. */
export const GET: RequestHandler = ({ url, params }) => {
	const layer = tileJsonLayers.find((name) => name === params.layer);
	if (!layer) error(404, `No tile layer ${params.layer}`);
	return json(tileJson(url.origin, layer), { headers: { 'access-control-allow-origin': '*' } });
};
