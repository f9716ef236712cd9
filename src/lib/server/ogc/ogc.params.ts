import { z } from 'zod';
import type { CollectionDefinition, CollectionProperty } from './ogc.collections';
import { crsByUri, servedCrsUris, type ServedCrs } from './ogc.crs';
import type { FeatureFilter, SortKey } from './ogc.repository';

/**
 * Query parameters of the `/ogc` resources, parsed at the boundary. OGC API – Features Part 1
 * (requirement /req/core/query-param-unknown) asks for 400 on an unknown parameter, so a typo
 * such as `limt` is an error rather than a silently ignored filter. A `limit` above the maximum
 * is not an error (/req/core/fc-limit-response-1): the page is capped and `next` goes on.
 */
export const maxItemsLimit = 10000;
/**
 * Large enough that a client reading a whole collection without choosing a page size
 * (QGIS, or GDAL from the API definition) needs only a handful of requests.
 */
export const defaultItemsLimit = 1000;

const number = z
	.string()
	.trim()
	.regex(/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/, 'must be a number')
	.transform(Number);

const fourNumbers = z
	.string()
	.transform((text) => text.split(','))
	.pipe(
		z.tuple([number, number, number, number], {
			error: 'must be four numbers: the lower corner, then the upper corner'
		})
	);

const crsParam = z.enum(servedCrsUris, {
	error: `must be one of ${servedCrsUris.join(', ')}`
});

/** The corners checked in the CRS they are given in (longitude/latitude ranges for degrees). */
function checkBbox(
	corners: [number, number, number, number],
	crs: ServedCrs,
	ctx: z.RefinementCtx
): void {
	const [a, b, c, d] = corners;
	if (a > c || b > d) {
		ctx.addIssue({
			code: 'custom',
			path: ['bbox'],
			message:
				'needs the lower corner before the upper (boxes across the antimeridian are not served)'
		});
		return;
	}
	if (!crs.geographic) return;
	const [lons, lats] = crs.latitudeFirst
		? [
				[b, d],
				[a, c]
			]
		: [
				[a, c],
				[b, d]
			];
	if (!lons.every((x) => x >= -180 && x <= 180) || !lats.every((y) => y >= -90 && y <= 90))
		ctx.addIssue({
			code: 'custom',
			path: ['bbox'],
			message: 'longitudes must be within ±180 and latitudes within ±90'
		});
}

function valueOf(property: CollectionProperty) {
	switch (property.type) {
		case 'integer':
			return z.coerce.number().int('must be a whole number');
		case 'number':
			return number;
		case 'boolean':
			return z
				.enum(['true', 'false'], { error: 'must be true or false' })
				.transform((v) => v === 'true');
		default:
			return property.values
				? z.enum(property.values as [string, ...string[]], {
						error: `must be one of ${property.values.join(', ')}`
					})
				: z.string().min(1, 'must not be empty');
	}
}

export interface ItemsQuery {
	limit: number;
	offset: number;
	crs: ServedCrs;
	filter: FeatureFilter;
	sortBy: SortKey[];
}

/** The items parameters of one collection: its queryables are its extra parameters. */
export function itemsParamsOf(collection: CollectionDefinition): z.ZodType<ItemsQuery> {
	const sortable = new Set(collection.properties.map((p) => p.name));
	const queryables = collection.properties.filter((p) => p.queryable);
	const shape: Record<string, z.ZodType> = {
		limit: z.coerce
			.number()
			.int('must be a whole number')
			.min(1, 'must be at least 1')
			.default(defaultItemsLimit)
			.transform((limit) => Math.min(limit, maxItemsLimit)),
		offset: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more').default(0),
		bbox: fourNumbers.optional(),
		'bbox-crs': crsParam.optional(),
		crs: crsParam.optional(),
		sortby: z
			.string()
			.transform((text) => text.split(',').map((key) => key.trim()))
			.pipe(
				z.array(
					z
						.string()
						.regex(/^[+-]?[a-z_0-9]+$/, 'must be property names, each with an optional + or -')
						.refine((key) => sortable.has(key.replace(/^[+-]/, '')), {
							error: `must name properties of the collection: ${[...sortable].join(', ')}`
						})
				)
			)
			.optional(),
		f: z.enum(['json', 'geojson']).optional()
	};
	for (const property of queryables) shape[property.name] = valueOf(property).optional();
	return z
		.strictObject(shape)
		.superRefine((params, ctx) => {
			if (params.bbox)
				checkBbox(
					params.bbox as [number, number, number, number],
					crsByUri(params['bbox-crs'] as string | undefined),
					ctx
				);
		})
		.transform((params): ItemsQuery => {
			const bbox = params.bbox as [number, number, number, number] | undefined;
			return {
				limit: params.limit as number,
				offset: params.offset as number,
				crs: crsByUri(params.crs as string | undefined),
				filter: {
					...(bbox && {
						bbox: { corners: bbox, crs: crsByUri(params['bbox-crs'] as string | undefined) }
					}),
					equals: queryables
						.filter((p) => params[p.name] !== undefined)
						.map((p) => ({ property: p.name, value: params[p.name] as string | number | boolean }))
				},
				sortBy: ((params.sortby as string[] | undefined) ?? []).map((key) => ({
					property: key.replace(/^[+-]/, ''),
					descending: key.startsWith('-')
				}))
			};
		});
}

/** One feature: the format and the CRS. */
export const featureParams = z.strictObject({
	f: z.enum(['json', 'geojson']).optional(),
	crs: crsParam.optional()
});

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
