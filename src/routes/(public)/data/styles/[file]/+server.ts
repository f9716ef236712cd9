import { error } from '@sveltejs/kit';
import { styleFiles } from '$lib/server/ogc/map-styles';
import type { RequestHandler } from './$types';

/** QGIS (.qml) and SLD styles for the LAO and zone layers: `/data/styles/laos.qml`. */
export const GET: RequestHandler = ({ params }) => {
	const file = Object.hasOwn(styleFiles, params.file)
		? styleFiles[params.file as keyof typeof styleFiles]
		: undefined;
	if (!file) error(404, 'No such style');
	return new Response(file.body(), {
		headers: {
			'content-type': `${file.contentType}; charset=utf-8`,
			'content-disposition': `attachment; filename="sedz-${params.file}"`,
			'access-control-allow-origin': '*'
		}
	});
};
