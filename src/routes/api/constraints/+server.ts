import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { listLayers } from '$lib/server/constraints/constraint-layer.repository';
import type { RequestHandler } from './$types';

/**
 * The latest version of every constraint layer, for the map's overlay toggles: public, like
 * the map (the layers are public data DLA staff loaded with their source line and licence).
 */
export const GET: RequestHandler = async () => {
	const layers = (await listLayers(getDatabase().db)).filter((l) => l.latest);
	return json({
		layers: layers.map((l) => ({
			key: l.key,
			version: l.version,
			nameTh: l.nameTh,
			nameEn: l.nameEn,
			sourceLine: l.sourceLine,
			licence: l.licence
		}))
	});
};
