import { defaultItemsLimit, maxItemsLimit } from './ogc.params';

/**
 * A short OpenAPI 3.0 description of the `/ogc` paths, for clients that read the service
 * description (the landing page's `service-desc` link). It lists the paths and parameters the
 * service really serves; response bodies follow the OGC schemas.
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
		schema: { type: 'string', enum: ['laos', 'zones'] }
	};
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
					parameters: [
						collectionId,
						{
							name: 'limit',
							in: 'query',
							schema: {
								type: 'integer',
								minimum: 1,
								maximum: maxItemsLimit,
								default: defaultItemsLimit
							}
						},
						{ name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
						{
							name: 'bbox',
							in: 'query',
							style: 'form',
							explode: false,
							schema: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } }
						}
					],
					responses: {
						200: ok('Features', 'application/geo+json'),
						400: { description: 'A bad or unknown query parameter' }
					}
				}
			},
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
