import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { findCollection } from '$lib/server/ogc/ogc.collections';
import { collectionGeoPackage } from '$lib/server/ogc/open-data-files';
import type { RequestHandler } from './$types';

/** A published layer as a GeoPackage: `/data/download/laos.gpkg`. */
export const GET: RequestHandler = async ({ params }) => {
	const match = /^([a-z_]+)\.gpkg$/.exec(params.file);
	if (!match || !findCollection(match[1]!)) error(404, 'No such download');
	const file = await collectionGeoPackage(getDatabase().db, match[1]!);
	return new Response(new Uint8Array(file.body), {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'access-control-allow-origin': '*'
		}
	});
};
