import type { Kysely } from 'kysely';
import { cachedValue } from '../cached-answer';
import type { DB } from '../db/schema';
import { manifest } from '../geodata/datasets';
import { collections, collectionSourceLines, type CollectionDefinition } from './ogc.collections';
import { writeGeoPackage } from './geopackage';
import { exportRows } from './ogc.repository';
import { collectionDescription, collectionOf, collectionTitle } from './ogc.service';
import { appDataLicence, publicLicence, type PublicLicence } from './open-data-licences';

/**
 * Whole layers as files for GIS offices: a GeoPackage per OGC collection (the approved zones
 * included), with the layer's source lines and licences inside it.
 */
export const publisher = {
	th: 'กรมส่งเสริมการปกครองท้องถิ่น',
	en: 'Department of Local Administration (DLA), Ministry of Interior, Thailand'
};

/** The licences of a layer's data, publicly worded, each once. */
export function collectionLicences(collection: CollectionDefinition): PublicLicence[] {
	if (collection.licences) return [...collection.licences];
	const licences = collection.ownLines.length > 0 ? [appDataLicence] : [];
	for (const kind of collection.datasets) {
		const entry = manifest.find((d) => d.kind === kind);
		const licence = entry && publicLicence(entry.licence);
		if (licence && !licences.some((l) => l.en === licence.en)) licences.push(licence);
	}
	return licences;
}

/** The metadata document stored in a layer's GeoPackage (Dublin Core terms, as JSON). */
export function layerMetadata(collection: CollectionDefinition, modified: Date) {
	return {
		'dct:title': { th: collection.titleTh, en: collection.titleEn },
		'dct:description': collection.description,
		'dct:publisher': publisher,
		'dct:source': collectionSourceLines(collection),
		'dct:license': collectionLicences(collection),
		'dct:modified': modified.toISOString(),
		'dct:spatial': 'Thailand (ประเทศไทย)'
	};
}

export interface OpenDataFile {
	body: Uint8Array;
	contentType: string;
	fileName: string;
}

/** `laos.gpkg` etc.: the collection as a GeoPackage, rebuilt when its data version changes. */
export async function collectionGeoPackage(db: Kysely<DB>, id: string): Promise<OpenDataFile> {
	const collection = collectionOf(id);
	const version = await collection.version(db);
	const body = await cachedValue(`gpkg:${collection.id}`, version, async () => {
		const rows = await exportRows(db, collection);
		const now = new Date();
		return writeGeoPackage({
			table: collection.id,
			title: collectionTitle(collection),
			description: collectionDescription(collection),
			geometryType: collection.geometry === 'Point' ? 'POINT' : 'MULTIPOLYGON',
			properties: collection.properties,
			features: rows,
			metadata: layerMetadata(collection, now),
			lastChange: now
		});
	});
	return {
		body,
		contentType: 'application/geopackage+sqlite3',
		fileName: `sedz-${collection.id}.gpkg`
	};
}

/** The layers offered on /data: each with its title and its licences, publicly worded. */
export function openDataLayers() {
	return collections.map((c) => ({
		id: c.id,
		titleTh: c.titleTh,
		titleEn: c.titleEn,
		licences: collectionLicences(c)
	}));
}

/**
 * The source datasets for /data, each source line once with its licence once: a line that
 * names its licence already (the boundaries' "(CC BY-IGO)") loses that suffix here.
 */
export function openDataSources() {
	const seen = new Set<string>();
	return manifest
		.filter((d) => !seen.has(d.sourceLine) && seen.add(d.sourceLine))
		.map((d) => ({
			sourceLine: d.sourceLine.replace(/\s*\((CC BY-IGO|Open Data Common)[^)]*\)$/, ''),
			licence: publicLicence(d.licence)
		}));
}
