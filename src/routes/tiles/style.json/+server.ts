import { json } from '@sveltejs/kit';
import { publicMapStyle } from '$lib/server/ogc/map-styles';
import type { RequestHandler } from './$types';

/** A MapLibre style of the tiles in the app's legend colours, for QGIS and other web maps. */
export const GET: RequestHandler = ({ url }) =>
	json(publicMapStyle(url.origin), { headers: { 'access-control-allow-origin': '*' } });
