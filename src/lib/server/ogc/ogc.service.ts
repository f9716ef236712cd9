import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { notFound } from '../domain-errors';
import { manifest } from '../geodata/datasets';
import type { ItemsParams } from './ogc.params';
import * as repository from './ogc.repository';
import * as zoneRepository from './ogc-zones.repository';
import type { Bbox, FeatureRow } from './ogc.repository';

/**
 * OGC API – Features, Part 1: Core 1.0 over the app's open data, so QGIS, ArcGIS and GDAL read it
 * directly (`ogrinfo OAPIF:http://host/ogc`). GeoJSON only, CRS84 only; paging by `offset`
 * (next/prev links carry it, as the standard leaves the mechanism to the server).
 */
export const conformanceClasses = [
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson'
];

const crs84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

interface CollectionSource {
	id: string;
	title: string;
	description: string;
	extent(db: Kysely<DB>): Promise<Bbox | null>;
	count(db: Kysely<DB>, bbox: Bbox | undefined): Promise<number>;
	page(
		db: Kysely<DB>,
		query: { bbox: Bbox | undefined; limit: number; offset: number }
	): Promise<FeatureRow[]>;
	find(db: Kysely<DB>, id: string): Promise<FeatureRow | undefined>;
	/** Changes whenever any answer about the collection would. */
	version(db: Kysely<DB>): Promise<string>;
}

const sourceLines = (kinds: string[]) =>
	manifest
		.filter((d) => kinds.includes(d.kind))
		.map((d) => `${d.sourceLine} — licence: ${d.licence}`);

const collectionSources: CollectionSource[] = [
	{
		id: 'laos',
		title: 'Local Administrative Organizations (องค์กรปกครองส่วนท้องถิ่น)',
		description: [
			"Every LAO in DLA's registry with its boundary, built as the union of the tambons it is " +
				'linked to (a PAO takes its province); geometry_approximate is true where a linked ' +
				'tambon is only partly covered, and geometry is null where the LAO has no linked tambon. ' +
				'Population is DLA/DOPA registration data (31 Dec 2021) with its estimation method.',
			...sourceLines(['tambon_boundaries', 'lao_registry', 'lao_tambon_links', 'tambon_population'])
		].join(' · '),
		extent: repository.laoExtent,
		count: repository.countLaos,
		page: repository.pageLaos,
		find: (db, id) =>
			/^[0-9]{7}$/.test(id) ? repository.findLao(db, id) : Promise.resolve(undefined),
		version: repository.laoDataVersion
	},
	{
		id: 'zones',
		title: 'Approved Sufficiency Economy Development Zones (เขตพัฒนาเศรษฐกิจพอเพียง)',
		description: [
			"Every zone a province's governor has approved, at its revision in force: an amendment " +
				'under review changes nothing here until it is approved. Area is ellipsoidal (WGS 84); ' +
				'covered LAOs, population and score were measured when the revision was saved, with ' +
				'the scoring model named. Approved by the office, not a person.',
			zoneRepository.approvedZonesSourceLine,
			...sourceLines(['tambon_boundaries', 'lao_registry'])
		].join(' · '),
		extent: zoneRepository.approvedZonesExtent,
		count: zoneRepository.countApprovedZones,
		page: zoneRepository.pageApprovedZones,
		find: zoneRepository.findApprovedZone,
		version: zoneRepository.approvedZonesVersion
	}
];

/** The version of one collection's data ('none' for an unknown one, which answers 404). */
export async function collectionVersion(db: Kysely<DB>, id: string): Promise<string> {
	const source = collectionSources.find((c) => c.id === id);
	return source ? source.version(db) : 'none';
}

/** The version of every collection's data together (the collections list shows extents). */
export async function allCollectionsVersion(db: Kysely<DB>): Promise<string> {
	const versions = await Promise.all(collectionSources.map((c) => c.version(db)));
	return versions.join(',');
}

function sourceOf(id: string): CollectionSource {
	const source = collectionSources.find((c) => c.id === id);
	if (!source) throw notFound(`No collection ${id}`);
	return source;
}

const json = 'application/json';
const geojson = 'application/geo+json';

export function landingPage(base: string) {
	return {
		title: 'SEDZ planner — open data (OGC API – Features)',
		description:
			"Sufficiency Economy Development Zones and Thailand's Local Administrative Organizations, " +
			'from the Department of Local Administration (กรมส่งเสริมการปกครองท้องถิ่น).',
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
			{ href: `${base}/ogc/collections`, rel: 'data', type: json, title: 'Collections' }
		]
	};
}

export function conformance() {
	return { conformsTo: conformanceClasses };
}

async function describe(db: Kysely<DB>, base: string, source: CollectionSource) {
	const bbox = await source.extent(db);
	const href = `${base}/ogc/collections/${source.id}`;
	return {
		id: source.id,
		title: source.title,
		description: source.description,
		links: [
			{ href, rel: 'self', type: json, title: source.title },
			{ href: `${href}/items`, rel: 'items', type: geojson, title: `${source.title}: features` }
		],
		...(bbox && { extent: { spatial: { bbox: [bbox], crs: crs84 } } }),
		itemType: 'feature',
		crs: [crs84]
	};
}

export async function listCollections(db: Kysely<DB>, base: string) {
	return {
		links: [{ href: `${base}/ogc/collections`, rel: 'self', type: json, title: 'Collections' }],
		collections: await Promise.all(collectionSources.map((s) => describe(db, base, s)))
	};
}

export async function describeCollection(db: Kysely<DB>, base: string, id: string) {
	return describe(db, base, sourceOf(id));
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

export async function listItems(db: Kysely<DB>, base: string, id: string, params: ItemsParams) {
	const source = sourceOf(id);
	const [matched, rows] = await Promise.all([
		source.count(db, params.bbox),
		source.page(db, { bbox: params.bbox, limit: params.limit, offset: params.offset })
	]);
	const href = `${base}/ogc/collections/${id}/items`;
	const pageHref = (offset: number) => {
		const query = new URLSearchParams({ limit: String(params.limit), offset: String(offset) });
		if (params.bbox) query.set('bbox', params.bbox.join(','));
		return `${href}?${query}`;
	};
	const links = [
		{ href: pageHref(params.offset), rel: 'self', type: geojson, title: 'This page' },
		{ href: `${base}/ogc/collections/${id}`, rel: 'collection', type: json, title: source.title }
	];
	if (params.offset + rows.length < matched)
		links.push({
			href: pageHref(params.offset + params.limit),
			rel: 'next',
			type: geojson,
			title: 'Next page'
		});
	if (params.offset > 0)
		links.push({
			href: pageHref(Math.max(0, params.offset - params.limit)),
			rel: 'prev',
			type: geojson,
			title: 'Previous page'
		});
	return {
		type: 'FeatureCollection' as const,
		features: rows.map((row) => feature(row)),
		links,
		timeStamp: new Date().toISOString(),
		numberMatched: matched,
		numberReturned: rows.length
	};
}

export async function findItem(db: Kysely<DB>, base: string, id: string, featureId: string) {
	const source = sourceOf(id);
	const row = await source.find(db, featureId);
	if (!row) throw notFound(`No feature ${featureId} in ${id}`);
	const href = `${base}/ogc/collections/${id}/items/${encodeURIComponent(featureId)}`;
	return feature(row, [
		{ href, rel: 'self', type: geojson },
		{ href: `${base}/ogc/collections/${id}`, rel: 'collection', type: json }
	]);
}
