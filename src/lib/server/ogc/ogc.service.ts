import type { Kysely } from 'kysely';
import { cachedValue, JsonText } from '../cached-answer';
import type { DB } from '../db/schema';
import { notFound } from '../domain-errors';
import {
	collections,
	collectionSourceLines,
	findCollection,
	type CollectionDefinition,
	type CollectionProperty
} from './ogc.collections';
import { crs84, servedCrs, servedCrsUris, type ServedCrs } from './ogc.crs';
import { defaultItemsLimit, type ItemsQuery } from './ogc.params';
import * as repository from './ogc.repository';
import type { FeatureRow } from './ogc.repository';

/**
 * OGC API – Features over the app's open data, so QGIS, ArcGIS and GDAL read it directly
 * (`ogrinfo OAPIF:http://host/ogc`): Part 1 Core with GeoJSON, Part 2 CRS by reference (CRS84,
 * EPSG:4326, 3857, 32647, 32648, reprojected by PostGIS), and Part 3's queryables with simple
 * `property=value` filters and `sortby`. Each collection also publishes a JSON Schema of its
 * features (`describedBy`), from which GDAL types its fields. Paging is by `offset`.
 */
export const conformanceClasses = [
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
	'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
	'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
	'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
	'http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/sorting'
];

const json = 'application/json';
const geojson = 'application/geo+json';
const schemaJson = 'application/schema+json';
export const geopackageType = 'application/geopackage+sqlite3';
const queryablesRel = 'http://www.opengis.net/def/rel/ogc/1.0/queryables';

/** The version of one collection's data ('none' for an unknown one, which answers 404). */
export async function collectionVersion(db: Kysely<DB>, id: string): Promise<string> {
	const collection = findCollection(id);
	return collection ? collection.version(db) : 'none';
}

/** The version of every collection's data together (the collections list shows extents). */
export async function allCollectionsVersion(db: Kysely<DB>): Promise<string> {
	const versions = await Promise.all(collections.map((c) => c.version(db)));
	return versions.join(',');
}

export function collectionOf(id: string): CollectionDefinition {
	const collection = findCollection(id);
	if (!collection) throw notFound(`No collection ${id}`);
	return collection;
}

export function landingPage(base: string) {
	return {
		title: 'SEDZ planner — open data (OGC API – Features)',
		description:
			"Sufficiency Economy Development Zones and Thailand's provinces, districts, tambons and " +
			'Local Administrative Organizations, from the Department of Local Administration ' +
			'(กรมส่งเสริมการปกครองท้องถิ่น). Every collection names its sources and licences.',
		links: [
			{ href: `${base}/ogc`, rel: 'self', type: json, title: 'This document' },
			{
				href: `${base}/ogc/api`,
				rel: 'service-desc',
				type: 'application/vnd.oai.openapi+json;version=3.0',
				title: 'The API definition'
			},
			{
				href: `${base}/ogc/conformance`,
				rel: 'conformance',
				type: json,
				title: 'Conformance classes'
			},
			{ href: `${base}/ogc/collections`, rel: 'data', type: json, title: 'Collections' },
			{
				href: `${base}/data/catalog.jsonld`,
				rel: 'describedby',
				type: 'application/ld+json',
				title: 'DCAT-AP catalogue of the open data'
			}
		]
	};
}

export function conformance() {
	return { conformsTo: conformanceClasses };
}

export const collectionTitle = (c: CollectionDefinition) => `${c.titleEn} (${c.titleTh})`;

/** The description printed with the collection: what it is, then every source and licence. */
export const collectionDescription = (c: CollectionDefinition) =>
	[c.description, ...collectionSourceLines(c)].join(' · ');

/**
 * The collection's extent, kept per data version: `/ogc/collections` is the first thing every GIS
 * client asks, and an extent is a scan of the whole layer (seconds for all of them on PGlite).
 */
async function extentOf(db: Kysely<DB>, collection: CollectionDefinition) {
	const version = await collection.version(db);
	return cachedValue(`ogc-extent:${collection.id}`, version, () =>
		repository.collectionExtent(db, collection)
	);
}

async function describe(db: Kysely<DB>, base: string, collection: CollectionDefinition) {
	const bbox = await extentOf(db, collection);
	const href = `${base}/ogc/collections/${collection.id}`;
	const title = collectionTitle(collection);
	return {
		id: collection.id,
		title,
		description: collectionDescription(collection),
		links: [
			{ href, rel: 'self', type: json, title },
			{ href: `${href}/items`, rel: 'items', type: geojson, title: `${title}: features` },
			{ href: `${href}/queryables`, rel: queryablesRel, type: schemaJson, title: 'Queryables' },
			{ href: `${href}/schema`, rel: 'describedby', type: schemaJson, title: 'Feature schema' },
			// The same link as GDAL ≤ 3.6 looks for it: it compares relations case-sensitively
			// with "describedBy", though RFC 8288 makes them case-insensitive.
			{ href: `${href}/schema`, rel: 'describedBy', type: schemaJson, title: 'Feature schema' },
			{
				href: `${base}/data/download/${collection.id}.gpkg`,
				rel: 'enclosure',
				type: geopackageType,
				title: `${title}: GeoPackage`
			}
		],
		...(bbox && { extent: { spatial: { bbox: [bbox], crs: crs84 } } }),
		itemType: 'feature',
		crs: servedCrsUris,
		storageCrs: crs84
	};
}

export async function listCollections(db: Kysely<DB>, base: string) {
	return {
		links: [{ href: `${base}/ogc/collections`, rel: 'self', type: json, title: 'Collections' }],
		collections: await Promise.all(collections.map((c) => describe(db, base, c)))
	};
}

export async function describeCollection(db: Kysely<DB>, base: string, id: string) {
	return describe(db, base, collectionOf(id));
}

function feature(row: FeatureRow, links: { href: string; rel: string; type: string }[] = []) {
	return {
		type: 'Feature' as const,
		id: row.id,
		geometry: row.geometry === null ? null : (JSON.parse(row.geometry) as unknown),
		properties: row.properties,
		...(links.length > 0 && { links })
	};
}

/**
 * The whole collection in CRS84 and its default order, each feature as JSON text, kept per data
 * version: a client reading everything in small pages (GDAL asks for 10 at a time unless told
 * otherwise) then costs one version query per page instead of a count and a page query.
 */
function wholeCollection(db: Kysely<DB>, collection: CollectionDefinition, version: string) {
	return cachedValue(`ogc-collection:${collection.id}`, version, async () => {
		const rows = await repository.pageFeatures(db, collection, {
			filter: {},
			sortBy: [],
			crs: servedCrs[0]!,
			limit: 1_000_000,
			offset: 0
		});
		return rows.map((row) =>
			// The geometry is GeoJSON text from PostGIS already: spliced in, not parsed.
			JSON.stringify({
				type: 'Feature',
				id: row.id,
				geometry: null,
				properties: row.properties
			}).replace('"geometry":null', `"geometry":${row.geometry ?? 'null'}`)
		);
	});
}

/**
 * Collections whose whole answer is built when the app becomes ready, so a GIS client's first
 * read does not wait for it: `laos` is the layer GDAL users copy whole (issue 18's target,
 * `ogr2ogr … laos` ≤ 5 s with default options; building it takes seconds on a busy machine).
 */
export const collectionsWarmedAtStart = ['laos'] as const;

/** Every collection's extent, found once when the app becomes ready (see `extentOf`). */
export async function warmExtents(db: Kysely<DB>): Promise<void> {
	for (const collection of collections) await extentOf(db, collection);
}

/** Builds (or finds) the encoded features of a collection for its current data version. */
export async function warmCollection(
	db: Kysely<DB>,
	id: string
): Promise<{ features: number; bytes: number }> {
	const collection = collectionOf(id);
	const texts = await wholeCollection(db, collection, await collection.version(db));
	return { features: texts.length, bytes: texts.reduce((sum, text) => sum + text.length, 0) };
}

/** The legacy GeoJSON `crs` member for a CRS other than CRS84: GDAL's GeoJSON reader uses it. */
const legacyCrsMember = (crs: ServedCrs) =>
	crs.uri === crs84 ? {} : { crs: { type: 'name', properties: { name: crs.urn } } };

/**
 * The page size the `next` link proposes. A client that asks for small pages gets them, but
 * the link to the next page asks for ten times more, up to the default page size: GDAL up to
 * 3.6 asks for 10 features unless told otherwise and then only follows `next` links, so without
 * this reading the 7,849 LAOs takes 785 requests (about 40 s); with it, 11. A client that wants
 * small pages throughout sets `limit` on each request, or follows `next` and trims.
 */
export function nextPageLimit(limit: number): number {
	return limit >= defaultItemsLimit ? limit : Math.min(limit * 10, defaultItemsLimit);
}

export interface FeaturePage {
	type: 'FeatureCollection';
	features: ReturnType<typeof feature>[];
	links: { href: string; rel: string; type: string; title: string }[];
	timeStamp: string;
	numberMatched: number;
	numberReturned: number;
}

/** A page as an object, whichever way it was built (tests, the GeoPackage writer). */
export function pageObject(page: FeaturePage | JsonText): FeaturePage {
	return page instanceof JsonText ? (JSON.parse(page.text) as FeaturePage) : page;
}

/**
 * One page of a collection. `queryString` is the request's own query, which the `next` and
 * `prev` links repeat with another offset (filters, sort and CRS included).
 */
export async function listItems(
	db: Kysely<DB>,
	base: string,
	id: string,
	query: ItemsQuery,
	queryString: URLSearchParams = new URLSearchParams()
): Promise<FeaturePage | JsonText> {
	const collection = collectionOf(id);
	const plain =
		!query.filter.bbox &&
		(query.filter.equals ?? []).length === 0 &&
		query.sortBy.length === 0 &&
		query.crs.uri === crs84;
	let matched: number;
	let featureTexts: string[] | undefined;
	let rows: FeatureRow[] = [];
	if (plain) {
		const all = await wholeCollection(db, collection, await collection.version(db));
		matched = all.length;
		featureTexts = all.slice(query.offset, query.offset + query.limit);
	} else {
		[matched, rows] = await Promise.all([
			repository.countFeatures(db, collection, query.filter),
			repository.pageFeatures(db, collection, query)
		]);
	}
	const returned = featureTexts ? featureTexts.length : rows.length;
	const href = `${base}/ogc/collections/${id}/items`;
	const pageHref = (offset: number, limit = query.limit) => {
		const params = new URLSearchParams(queryString);
		params.set('limit', String(limit));
		params.set('offset', String(offset));
		return `${href}?${params}`;
	};
	const title = collectionTitle(collection);
	const links = [
		{ href: pageHref(query.offset), rel: 'self', type: geojson, title: 'This page' },
		{ href: `${base}/ogc/collections/${id}`, rel: 'collection', type: json, title }
	];
	if (query.offset + returned < matched)
		links.push({
			href: pageHref(query.offset + query.limit, nextPageLimit(query.limit)),
			rel: 'next',
			type: geojson,
			title: 'Next page'
		});
	if (query.offset > 0)
		links.push({
			href: pageHref(Math.max(0, query.offset - query.limit)),
			rel: 'prev',
			type: geojson,
			title: 'Previous page'
		});
	const envelope = {
		type: 'FeatureCollection' as const,
		features: [] as FeaturePage['features'],
		...legacyCrsMember(query.crs),
		links,
		timeStamp: new Date().toISOString(),
		numberMatched: matched,
		numberReturned: returned
	};
	if (!featureTexts) return { ...envelope, features: rows.map((row) => feature(row)) };
	return new JsonText(
		JSON.stringify(envelope).replace('"features":[]', `"features":[${featureTexts.join(',')}]`)
	);
}

export async function findItem(
	db: Kysely<DB>,
	base: string,
	id: string,
	featureId: string,
	crs: ServedCrs = servedCrs[0]!
) {
	const collection = collectionOf(id);
	const row = await repository.findFeature(db, collection, featureId, crs);
	if (!row) throw notFound(`No feature ${featureId} in ${id}`);
	const href = `${base}/ogc/collections/${id}/items/${encodeURIComponent(featureId)}`;
	return {
		...feature(row, [
			{ href, rel: 'self', type: geojson },
			{ href: `${base}/ogc/collections/${id}`, rel: 'collection', type: json }
		]),
		...legacyCrsMember(crs)
	};
}

/** A property as JSON Schema (the `type` is one word: GDAL 3.6 reads no type arrays). */
function propertySchema(property: CollectionProperty) {
	const type = property.type === 'date' || property.type === 'date-time' ? 'string' : property.type;
	return {
		title: property.title,
		type,
		...(property.type === 'date' && { format: 'date' }),
		...(property.type === 'date-time' && { format: 'date-time' }),
		...(property.values && { enum: property.values })
	};
}

const geometryFormat = (c: CollectionDefinition) =>
	c.geometry === 'Point' ? 'geometry-point' : 'geometry-multipolygon';

/**
 * The collection's queryables (Part 3): the properties a client may filter on with
 * `?name=value`, and the geometry (filtered with `bbox`).
 */
export function queryables(base: string, id: string) {
	const collection = collectionOf(id);
	const properties: Record<string, unknown> = {
		geometry: { title: 'Geometry', format: geometryFormat(collection) }
	};
	for (const property of collection.properties.filter((p) => p.queryable))
		properties[property.name] = propertySchema(property);
	return {
		$schema: 'https://json-schema.org/draft/2020-12/schema',
		$id: `${base}/ogc/collections/${id}/queryables`,
		type: 'object',
		title: collectionTitle(collection),
		properties,
		additionalProperties: false
	};
}

/**
 * The JSON Schema of the collection's features (`describedby`): every property with its type,
 * so clients type their fields from it rather than guessing from the first page.
 */
export function featureSchema(base: string, id: string) {
	const collection = collectionOf(id);
	const properties: Record<string, unknown> = {};
	for (const property of collection.properties)
		properties[property.name] = propertySchema(property);
	return {
		$schema: 'https://json-schema.org/draft/2020-12/schema',
		$id: `${base}/ogc/collections/${id}/schema`,
		title: collectionTitle(collection),
		type: 'object',
		required: ['type', 'geometry', 'properties'],
		properties: {
			type: { type: 'string', enum: ['Feature'] },
			id: { type: 'string' },
			geometry: { title: 'Geometry', format: geometryFormat(collection) },
			properties: { type: 'object', properties }
		}
	};
}
