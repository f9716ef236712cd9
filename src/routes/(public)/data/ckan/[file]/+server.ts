import { error, json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { findCollection } from '$lib/server/ogc/ogc.collections';
import { ckanPackage } from '$lib/server/ogc/dcat';
import type { RequestHandler } from './$types';

/** A CKAN package for data.go.th: `/data/ckan/laos.json`. */
export const GET: RequestHandler = async ({ url, params }) => {
	const match = /^([a-z_]+)\.json$/.exec(params.file);
	if (!match || !findCollection(match[1]!)) error(404, 'No such dataset');
	return json(await ckanPackage(getDatabase().db, url.origin, match[1]!), {
		headers: { 'content-disposition': `attachment; filename="sedz-${match[1]}-ckan.json"` }
	});
};
