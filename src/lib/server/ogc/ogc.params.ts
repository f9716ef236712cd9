import { z } from 'zod';

/**
 * Query parameters of `/ogc/collections/{id}/items`, parsed at the boundary. OGC API – Features
 * Part 1 (requirement /req/core/query-param-unknown) asks for 400 on an unknown parameter, so a
 * typo such as `limt` is an error rather than a silently ignored filter.
 */
export const maxItemsLimit = 1000;
export const defaultItemsLimit = 10;

const number = z
	.string()
	.trim()
	.regex(/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/, 'must be a number')
	.transform(Number);

export const bboxParam = z
	.string()
	.transform((text) => text.split(','))
	.pipe(
		z.tuple([number, number, number, number], {
			error: 'must be four numbers: minLon,minLat,maxLon,maxLat'
		})
	)
	.refine(([west, south, east, north]) => south <= north && west <= east, {
		error:
			'needs minLon ≤ maxLon and minLat ≤ maxLat (boxes across the antimeridian are not served)'
	})
	.refine(
		([west, south, east, north]) =>
			[west, east].every((x) => x >= -180 && x <= 180) &&
			[south, north].every((y) => y >= -90 && y <= 90),
		{ error: 'longitudes must be within ±180 and latitudes within ±90' }
	);

export const itemsParams = z.strictObject({
	limit: z.coerce
		.number()
		.int('must be a whole number')
		.min(1, 'must be at least 1')
		.max(maxItemsLimit, `must be at most ${maxItemsLimit}`)
		.default(defaultItemsLimit),
	offset: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').default(0),
	bbox: bboxParam.optional(),
	'bbox-crs': z.literal('http://www.opengis.net/def/crs/OGC/1.3/CRS84').optional(),
	f: z.enum(['json', 'geojson']).optional()
});
export type ItemsParams = z.infer<typeof itemsParams>;

/** Parameters of the other resources: only the format. */
export const formatParams = z.strictObject({ f: z.enum(['json']).optional() });

/** The first problem, naming the parameter, as OGC's exception object (`code`, `description`). */
export function describeParamError(error: z.ZodError): { code: string; description: string } {
	const issue = error.issues[0];
	if (issue?.code === 'unrecognized_keys') {
		return {
			code: 'InvalidParameterValue',
			description: `unknown query parameter: ${issue.keys.join(', ')}`
		};
	}
	return {
		code: 'InvalidParameterValue',
		// The parameter's name; a position inside it (bbox's third number) is told as 1-based.
		description: `${String(issue?.path[0] ?? 'query')}: ${issue?.message ?? 'invalid'}${
			issue && issue.path.length > 1 ? ` (value ${Number(issue.path[1]) + 1})` : ''
		}`
	};
}
