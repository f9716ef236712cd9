import { collections, type CollectionDefinition } from './ogc.collections';
import { servedCrsUris } from './ogc.crs';
import { defaultItemsLimit, maxItemsLimit } from './ogc.params';

/**
 * A short OpenAPI 3.0 description of the `/ogc` paths, for clients that read the service
 * description (the landing page's `service-desc` link). It lists the paths and parameters the
 * service really serves; response bodies follow the OGC schemas. The `limit` parameter states
 * its default and maximum, so clients that read it page in large steps; each collection's items
 * path lists its queryables as parameters, which is where GDAL looks for server-side filters.
 */
export function apiDefinition(base: string) {
	const ok = (description: string, type: string) => ({
		description,
		content: { [type]: { schema: { type: 'object' } } }
	});
	const collectionId = {
		name: 'collectionId',
		in: 'path',
		required: true,
		schema: { type: 'string', enum: collections.map((c) => c.id) }
	};
	const crsParameter = (name: string) => ({
		name,
		in: 'query',
		style: 'form',
		explode: false,
		schema: { type: 'string', format: 'uri', enum: servedCrsUris }
	});
	const commonItemsParameters = [
		{
			name: 'limit',
			in: 'query',
			description: `Features per page: ${defaultItemsLimit} by default; a larger limit than ${maxItemsLimit} is served as ${maxItemsLimit}, with a next link.`,
			schema: { type: 'integer', minimum: 1, maximum: maxItemsLimit, default: defaultItemsLimit }
		},
		{ name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
		{
			name: 'bbox',
			in: 'query',
			style: 'form',
			explode: false,
			schema: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } }
		},
		crsParameter('bbox-crs'),
		crsParameter('crs'),
		{
			name: 'sortby',
			in: 'query',
			description: 'Property names, comma-separated, each with an optional + (ascending) or -',
			style: 'form',
			explode: false,
			schema: { type: 'array', items: { type: 'string' } }
		}
	];
	const collectionItemsPath = (collection: CollectionDefinition) => ({
		get: {
			summary: `${collection.titleEn}: features, paged`,
			parameters: [
				...commonItemsParameters,
				...collection.properties
					.filter((p) => p.queryable)
					.map((p) => ({
						name: p.name,
						in: 'query',
						description: `${p.title}: features whose ${p.name} equals this value`,
						schema: {
							type: p.type === 'date' || p.type === 'date-time' ? 'string' : p.type,
							...(p.values && { enum: p.values })
						}
					}))
			],
			responses: {
				200: ok('Features', 'application/geo+json'),
				400: { description: 'A bad or unknown query parameter' }
			}
		}
	});
	return {
		openapi: '3.0.3',
		info: {
			title: 'SEDZ planner — OGC API – Features',
			version: '1.0.0',
			description: "Open data of Thailand's Department of Local Administration SEDZ planner."
		},
		servers: [{ url: `${base}/ogc` }],
		paths: {
			'/': {
				get: { summary: 'Landing page', responses: { 200: ok('Links', 'application/json') } }
			},
			'/conformance': {
				get: {
					summary: 'Conformance classes',
					responses: { 200: ok('Classes', 'application/json') }
				}
			},
			'/collections': {
				get: { summary: 'Collections', responses: { 200: ok('Collections', 'application/json') } }
			},
			'/collections/{collectionId}': {
				get: {
					summary: 'One collection',
					parameters: [collectionId],
					responses: {
						200: ok('Collection', 'application/json'),
						404: { description: 'No such collection' }
					}
				}
			},
			'/collections/{collectionId}/items': {
				get: {
					summary: 'Features, paged',
					parameters: [collectionId, ...commonItemsParameters],
					responses: {
						200: ok('Features', 'application/geo+json'),
						400: { description: 'A bad or unknown query parameter' }
					}
				}
			},
			...Object.fromEntries(
				collections.map((c) => [`/collections/${c.id}/items`, collectionItemsPath(c)])
			),
			'/collections/{collectionId}/items/{featureId}': {
				get: {
					summary: 'One feature',
					parameters: [
						collectionId,
						{ name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }
					],
					responses: {
						200: ok('Feature', 'application/geo+json'),
						404: { description: 'No such feature' }
					}
				}
			}
		}
	};
}
