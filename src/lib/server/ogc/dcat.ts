import { sql, type Kysely } from 'kysely';
import { thailandBboxRing } from '../../geo/thailand-bbox';
import type { DB } from '../db/schema';
import type { DatasetKind } from '../geodata/datasets';
import { collections, collectionSourceLines, type CollectionDefinition } from './ogc.collections';
import { collectionOf } from './ogc.service';
import { collectionLicences, publisher } from './open-data-files';
import type { PublicLicence } from './open-data-licences';

/**
 * The open data described for catalogues: `/data/catalog.jsonld` in DCAT-AP (a dcat:Catalog
 * whose datasets are the OGC collections, each with its GeoPackage, GeoJSON and OGC API
 * distributions), and a CKAN package per dataset, which an officer uploads to data.go.th
 * (a CKAN site) with `package_create`. Titles and descriptions are in Thai and English.
 */

/** The day each source dataset's figures refer to (from its edition in geodata/manifest.json). */
const referenceDay: Record<DatasetKind, string> = {
	tambon_boundaries: '2022-01-22',
	lao_registry: '2026-06-10',
	lao_tambon_links: '2022-01-01',
	lao_names_en: '2022-01-01',
	tambon_population: '2021-12-31',
	lao_population_estimate: '2021-12-31'
};

const thailand = {
	'@id': 'http://publications.europa.eu/resource/authority/country/THA',
	'@type': 'dct:Location',
	'dcat:bbox': {
		'@value': `POLYGON((${thailandBboxRing()
			.map((corner) => corner.join(' '))
			.join(',')}))`,
		'@type': 'http://www.opengis.net/ont/geosparql#wktLiteral'
	}
};

const context = {
	dcat: 'http://www.w3.org/ns/dcat#',
	dct: 'http://purl.org/dc/terms/',
	foaf: 'http://xmlns.com/foaf/0.1/',
	vcard: 'http://www.w3.org/2006/vcard/ns#',
	xsd: 'http://www.w3.org/2001/XMLSchema#',
	rdfs: 'http://www.w3.org/2000/01/rdf-schema#'
};

const text = (th: string, en: string) => [
	{ '@value': th, '@language': 'th' },
	{ '@value': en, '@language': 'en' }
];

function licenceNode(licence: PublicLicence) {
	return {
		...(licence.url ? { '@id': licence.url } : {}),
		'@type': 'dct:LicenseDocument',
		'rdfs:label': text(licence.th, licence.en)
	};
}

/**
 * When a collection's data last changed: the latest approval, official model, optimiser answer
 * or constraint layer for the app's own layers, the import for the rest.
 */
async function modifiedOf(db: Kysely<DB>, collection: CollectionDefinition): Promise<Date> {
	const query =
		{
			zones: sql<{ at: Date | string | null }>`SELECT max(created_at) AS at FROM zone_transition
			WHERE event = 'approve'`,
			scores: sql<{ at: Date | string | null }>`SELECT max(created_at) AS at FROM scoring_model
			WHERE is_official`,
			candidates: sql<{ at: Date | string | null }>`SELECT greatest(
			(SELECT max(created_at) FROM scoring_model WHERE is_official),
			(SELECT max(computed_at) FROM candidate_solution)) AS at`,
			constraints: sql<{ at: Date | string | null }>`SELECT max(created_at) AS at
			FROM constraint_layer`
		}[collection.id] ??
		sql<{ at: Date | string | null }>`SELECT max(finished_at) AS at FROM import_run
			WHERE status = 'succeeded'`;
	const { rows } = await query.execute(db);
	const at = rows[0]?.at;
	return at ? new Date(at) : new Date();
}

const isoDay = (at: Date) => at.toISOString().slice(0, 10);

function temporalOf(collection: CollectionDefinition, modified: Date) {
	const days = collection.datasets.map((kind) => referenceDay[kind]).sort();
	const own = collection.ownLines.length > 0 ? [isoDay(modified)] : [];
	const all = [...days, ...own].sort();
	return {
		'@type': 'dct:PeriodOfTime',
		'dcat:startDate': { '@value': all[0]!, '@type': 'xsd:date' },
		'dcat:endDate': { '@value': all[all.length - 1]!, '@type': 'xsd:date' }
	};
}

const keywords = (collection: CollectionDefinition) => [
	...text('องค์กรปกครองส่วนท้องถิ่น', 'local administration'),
	...text(collection.titleTh, collection.titleEn)
];

async function datasetNode(db: Kysely<DB>, base: string, collection: CollectionDefinition) {
	const modified = await modifiedOf(db, collection);
	const licences = collectionLicences(collection);
	const ogc = `${base}/ogc/collections/${collection.id}`;
	const distribution = (
		id: string,
		title: [string, string],
		accessURL: string,
		mediaType: string,
		downloadURL?: string
	) => ({
		'@id': `${base}/data/catalog.jsonld#${collection.id}-${id}`,
		'@type': 'dcat:Distribution',
		'dct:title': text(...title),
		'dcat:accessURL': { '@id': accessURL },
		...(downloadURL && { 'dcat:downloadURL': { '@id': downloadURL } }),
		'dcat:mediaType': { '@id': `https://www.iana.org/assignments/media-types/${mediaType}` },
		'dct:license': licences.map(licenceNode),
		'dct:modified': { '@value': modified.toISOString(), '@type': 'xsd:dateTime' }
	});
	return {
		'@id': `${base}/data/catalog.jsonld#${collection.id}`,
		'@type': 'dcat:Dataset',
		'dct:identifier': `sedz-${collection.id}`,
		'dct:title': text(collection.titleTh, collection.titleEn),
		'dct:description': [
			{ '@value': collection.description, '@language': 'en' },
			{
				'@value': `${collection.titleTh}: ${collectionSourceLines(collection).join(' · ')}`,
				'@language': 'th'
			}
		],
		'dct:publisher': { '@id': `${base}/#dla` },
		'dcat:contactPoint': {
			'@type': 'vcard:Organization',
			'vcard:fn': `${publisher.th} (${publisher.en})`,
			'vcard:hasURL': { '@id': `${base}/data` }
		},
		'dcat:keyword': keywords(collection),
		'dct:spatial': thailand,
		'dct:temporal': temporalOf(collection, modified),
		'dct:modified': { '@value': modified.toISOString(), '@type': 'xsd:dateTime' },
		'dct:source': collectionSourceLines(collection),
		'dct:license': licences.map(licenceNode),
		'dcat:landingPage': { '@id': `${base}/data` },
		'dcat:distribution': [
			distribution(
				'gpkg',
				['GeoPackage', 'GeoPackage'],
				`${base}/data/download/${collection.id}.gpkg`,
				'application/geopackage+sqlite3',
				`${base}/data/download/${collection.id}.gpkg`
			),
			distribution(
				'oapif',
				['OGC API – Features (GeoJSON)', 'OGC API – Features (GeoJSON)'],
				ogc,
				'application/geo+json'
			)
		]
	};
}

/** The DCAT-AP catalogue of everything the app publishes. */
export async function catalog(db: Kysely<DB>, base: string) {
	const datasets = await Promise.all(collections.map((c) => datasetNode(db, base, c)));
	return {
		'@context': context,
		'@id': `${base}/data/catalog.jsonld`,
		'@type': 'dcat:Catalog',
		'dct:title': text('ข้อมูลเปิดของระบบวางแผนเขตพัฒนาเศรษฐกิจพอเพียง', 'SEDZ planner open data'),
		'dct:description': text(
			'ขอบเขตการปกครอง องค์กรปกครองส่วนท้องถิ่น คะแนนศักยภาพ และเขตพัฒนาเศรษฐกิจพอเพียงที่อนุมัติแล้ว พร้อมแหล่งที่มาและสัญญาอนุญาตของแต่ละชุด',
			"Thailand's administrative units, Local Administrative Organizations, their potential scores and the approved Sufficiency Economy Development Zones, each with its sources and licences."
		),
		'dct:publisher': {
			'@id': `${base}/#dla`,
			'@type': 'foaf:Agent',
			'foaf:name': text(publisher.th, publisher.en)
		},
		'foaf:homepage': { '@id': `${base}/data` },
		'dct:language': [
			{ '@id': 'http://publications.europa.eu/resource/authority/language/THA' },
			{ '@id': 'http://publications.europa.eu/resource/authority/language/ENG' }
		],
		'dct:spatial': thailand,
		'dct:modified': {
			'@value': datasets
				.map((d) => d['dct:modified']['@value'])
				.sort()
				.at(-1)!,
			'@type': 'xsd:dateTime'
		},
		'dcat:dataset': datasets
	};
}

/** One of a CKAN package's `extras` (free key–value pairs). */
const ckanExtra = (key: string, value: string) => ({ key, value });

/**
 * A CKAN package (the body of `package_create` in CKAN's action API, as data.go.th takes it)
 * for one dataset: title and notes in Thai with English beside them, resources for the
 * GeoPackage and the OGC API, tags, and the sources and licences as extras.
 */
export async function ckanPackage(db: Kysely<DB>, base: string, id: string) {
	const collection = collectionOf(id);
	const modified = await modifiedOf(db, collection);
	const licences = collectionLicences(collection);
	const temporal = temporalOf(collection, modified);
	return {
		name: `sedz-${collection.id.replace(/_/g, '-')}`,
		title: `${collection.titleTh} (${collection.titleEn})`,
		notes: [collection.description, '', ...collectionSourceLines(collection)].join('\n'),
		author: publisher.th,
		maintainer: `${publisher.th} (${publisher.en})`,
		url: `${base}/data`,
		license_title: licences.map((l) => `${l.th} / ${l.en}`).join('; '),
		...(licences.length === 1 && licences[0]!.url ? { license_url: licences[0]!.url } : {}),
		tags: [{ name: 'SEDZ' }, { name: 'เขตพัฒนาเศรษฐกิจพอเพียง' }, { name: collection.titleTh }],
		extras: [
			ckanExtra(
				'spatial',
				JSON.stringify({
					type: 'Polygon',
					coordinates: [thailandBboxRing()]
				})
			),
			ckanExtra('temporal_start', temporal['dcat:startDate']['@value']),
			ckanExtra('temporal_end', temporal['dcat:endDate']['@value']),
			ckanExtra('modified', modified.toISOString()),
			ckanExtra('source', collectionSourceLines(collection).join(' · ')),
			ckanExtra('language', 'th,en')
		],
		resources: [
			{
				name: `${collection.titleTh} — GeoPackage`,
				url: `${base}/data/download/${collection.id}.gpkg`,
				format: 'GPKG',
				mimetype: 'application/geopackage+sqlite3',
				last_modified: modified.toISOString().slice(0, 19)
			},
			{
				name: `${collection.titleTh} — OGC API – Features`,
				url: `${base}/ogc/collections/${collection.id}`,
				format: 'OGC API - Features',
				mimetype: 'application/geo+json',
				last_modified: modified.toISOString().slice(0, 19)
			}
		]
	};
}
