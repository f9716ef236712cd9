/**
 * A pure (no database) ESRI shapefile reader for the data importer: polygons in EPSG:4326 and
 * their attributes, with every problem reported as an `ImportMessage`. Fatal problems throw
 * `ImportFatalError`; warnings come back in `messages`.
 *
 * Message `file` convention: problems with the zip itself name the zip (`tambon.zip`); problems
 * inside one part name it under the zip (`tambon.zip/tambon.dbf`). `readShapefileParts` names the
 * parts after its `fileName` with the part's extension (`tambon.shp`, `tambon.dbf`).
 */
import { fatal, type ImportMessage } from '../import-report';
import { dbfTextRanges, readDbfHeader, readDbfRecords } from './dbf';
import {
	detectEncoding,
	encodingFromCpg,
	THAI_LANGUAGE_DRIVERS,
	type TextEncoding
} from './encoding';
import { crsFromPrj } from './prj';
import { readPolygon, readShp, readShxCount } from './shp';
import {
	DEFAULT_ZIP_LIMITS,
	type PartNames,
	type ShapefileFeature,
	type ShapefileParts,
	type ShapefileReadResult,
	type ZipLimits
} from './types';
import { extractZipEntry, listZipEntries, type ZipEntry } from './zip';

export type {
	LinearRing,
	MultiPolygon,
	Polygon,
	PolygonGeometry,
	Position,
	ShapefileFeature,
	ShapefileField,
	ShapefileParts,
	ShapefileReadResult,
	ShapefileValue,
	ZipLimits
} from './types';
export { DEFAULT_ZIP_LIMITS } from './types';
export { openShapefileZip, readShapefileZipFile, type ShapefileStream } from './stream';

const REQUIRED_PARTS = ['.shp', '.shx', '.dbf'] as const;

function extensionOf(name: string): string {
	const dot = name.lastIndexOf('.');
	const slash = name.lastIndexOf('/');
	return dot > slash ? name.slice(dot).toLowerCase() : '';
}

/** macOS Finder metadata (`__MACOSX/…`, `._name`) and folders are not part of the data. */
function isIgnored(name: string): boolean {
	const base = name.slice(name.lastIndexOf('/') + 1);
	return name.endsWith('/') || /(^|\/)__MACOSX\//.test(name) || base.startsWith('._');
}

/**
 * Reads a zipped shapefile. The zip must hold exactly one .shp with its .shx and .dbf (same base
 * name, any case); .prj and .cpg are used when present. Limits are checked against the central
 * directory before anything is inflated, and again while inflating.
 */
export function readShapefileZip(
	fileName: string,
	zipBytes: Uint8Array,
	limits?: Partial<ZipLimits>
): ShapefileReadResult {
	const effective: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...limits };
	const { shpEntry, partEntry, names } = selectShapefileParts(
		fileName,
		listZipEntries(fileName, zipBytes, effective)
	);

	let budget = effective.maxExpandedBytes;
	const extract = (entry: ZipEntry): Uint8Array => {
		const bytes = extractZipEntry(fileName, zipBytes, entry, budget);
		budget -= bytes.length;
		return bytes;
	};
	const text = (entry: ZipEntry | undefined): string | undefined =>
		entry ? new TextDecoder('utf-8').decode(extract(entry)) : undefined;

	return readParts(names, {
		shp: extract(shpEntry),
		shx: extract(partEntry('.shx')!),
		dbf: extract(partEntry('.dbf')!),
		prj: text(partEntry('.prj')),
		cpg: text(partEntry('.cpg'))
	});
}

/**
 * The entries of one shapefile in a zip's listing: exactly one .shp with its .shx and .dbf (same
 * base name, any case), .prj and .cpg when present, and the names messages give each part.
 */
export function selectShapefileParts(fileName: string, listed: ZipEntry[]) {
	const entries = listed.filter((e) => !isIgnored(e.name));
	const shps = entries.filter((e) => extensionOf(e.name) === '.shp');
	if (shps.length === 0) {
		throw fatal({
			file: fileName,
			field: '.shp',
			rule: 'missing-part',
			detail: 'the zip holds no .shp file'
		});
	}
	if (shps.length > 1) {
		throw fatal({
			file: fileName,
			field: '.shp',
			rule: 'ambiguous-zip',
			detail: `the zip holds ${shps.length} .shp files (${shps.map((e) => e.name).join(', ')}); upload one shapefile per zip`
		});
	}
	const shpEntry = shps[0]!;
	const base = shpEntry.name.slice(0, -'.shp'.length).toLowerCase();
	const partEntry = (extension: string): ZipEntry | undefined =>
		entries.find((e) => e.name.toLowerCase() === base + extension);

	for (const extension of REQUIRED_PARTS) {
		if (!partEntry(extension)) {
			throw fatal({
				file: fileName,
				field: extension,
				rule: 'missing-part',
				detail: `the zip has ${shpEntry.name} but no ${shpEntry.name.slice(0, -4)}${extension}`
			});
		}
	}
	const name = (extension: string) =>
		`${fileName}/${partEntry(extension)?.name ?? shpEntry.name.slice(0, -4) + extension}`;
	const names: PartNames = {
		shp: name('.shp'),
		shx: name('.shx'),
		dbf: name('.dbf'),
		prj: name('.prj'),
		cpg: name('.cpg')
	};
	return { shpEntry, partEntry, names };
}

/**
 * Reads a shapefile from its separate parts. `fileName` names the set in messages: a trailing
 * .shp/.shx/.dbf/.prj/.cpg is replaced by each part's extension (`tambon.shp` -> `tambon.dbf`).
 */
export function readShapefileParts(fileName: string, parts: ShapefileParts): ShapefileReadResult {
	const base = fileName.replace(/\.(shp|shx|dbf|prj|cpg)$/i, '');
	return readParts(
		{
			shp: `${base}.shp`,
			shx: `${base}.shx`,
			dbf: `${base}.dbf`,
			prj: `${base}.prj`,
			cpg: `${base}.cpg`
		},
		parts
	);
}

function readParts(names: PartNames, parts: ShapefileParts): ShapefileReadResult {
	const messages: ImportMessage[] = [];

	// Structure first, so counts are compared only between files that could be read.
	const shp = readShp(names.shp, parts.shp);
	const shxCount = readShxCount(names.shx, parts.shx);
	const dbf = readDbfHeader(names.dbf, parts.dbf);
	const shpCount = shp.records.length;
	for (const [file, field, count] of [
		[names.dbf, '.dbf', dbf.recordCount],
		[names.shx, '.shx', shxCount]
	] as const) {
		if (count !== shpCount) {
			throw fatal({
				file,
				field,
				rule: 'record-count-mismatch',
				detail: `${field} has ${count} records but the .shp has ${shpCount}; the files do not belong together`
			});
		}
	}

	const crs = crsFromPrj(names.prj, names.shp, parts.prj, messages);

	let encoding: TextEncoding | undefined =
		parts.cpg === undefined ? undefined : encodingFromCpg(names.cpg, parts.cpg);
	if (!encoding && THAI_LANGUAGE_DRIVERS.has(dbf.languageDriver)) encoding = 'windows-874';
	encoding ??= detectEncoding(parts.dbf, dbfTextRanges(parts.dbf, dbf));

	const rows = readDbfRecords(names.dbf, parts.dbf, dbf, encoding, messages);
	const features: ShapefileFeature[] = new Array(shpCount);
	for (let i = 0; i < shpCount; i++) {
		const record = shp.records[i]!;
		features[i] = {
			feature: record.feature,
			geometry: readPolygon(names.shp, shp, record, crs.transform, messages),
			properties: rows[i]!
		};
	}
	// File-level warnings first, then by feature (stable, so each feature's keep their order).
	messages.sort((a, b) => (a.feature ?? 0) - (b.feature ?? 0));
	return { features, fields: dbf.fields, encoding, crs: crs.description, messages };
}
