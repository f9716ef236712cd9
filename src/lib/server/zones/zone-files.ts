import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import { featureCollection, union } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import { zoneGeometrySchema } from '../../geo/zones/zone-geometry';
import type { ZoneRevisionView, ZoneView } from '../../zones/zone-api';
import { invalid, type Problem } from '../domain-errors';
import { ImportFatalError } from '../geodata/import-report';
import { readShapefileZip } from '../geodata/shapefile';
import { writePolygonShapefileZip } from '../geodata/shapefile/writer';
import { csvDocument } from '../csv';
import { toWellFormedKML } from '../kml';

/**
 * Zone files in and out. In: GeoJSON, KML or a zipped shapefile in any CRS its .prj declares
 * (read by the data importer's own reader), to one MultiPolygon in EPSG:4326 that the zone
 * service then judges like any drawn geometry. Out: GeoJSON, KML, a zipped shapefile (WGS 84,
 * UTF-8) and a CSV of the covered LAOs. Over 400 lines because each format is read and written
 * here side by side, so a field added to one is seen missing from the others.
 */

/** Largest zone file accepted, bytes. A zone has at most 20,000 vertices; 20 MB is ample. */
export const maxZoneFileBytes = 20 * 1024 * 1024;
/** A shapefile zip may expand to this much (its .dbf may carry many attributes). */
const maxExpandedShapefileBytes = 200 * 1024 * 1024;

export interface ParsedZoneFile {
	geometry: MultiPolygon;
	warnings: string[];
	/** Polygonal features read from the file. */
	featureCount: number;
	/** The source CRS, for shapefiles (e.g. `WGS 84 / UTM zone 47N`). */
	crs?: string;
}

const fileProblem = (
	rule: Problem['rule'],
	message: string,
	field = 'file',
	details?: Record<string, unknown>
): Problem => ({ rule, field, message, ...(details && { details }) });

const geometryShape = z.object({ type: z.string() }).loose();
const featureShape = z
	.object({ type: z.literal('Feature'), geometry: geometryShape.nullable() })
	.loose();
const collectionShape = z
	.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) })
	.loose();

interface Collected {
	polygons: MultiPolygon[];
	/** The 1-based feature of the file each polygon came from (parallel to `polygons`). */
	features: number[];
	/** The feature being read. */
	feature: number;
	problems: Problem[];
	warnings: string[];
}

/** The polygonal parts of one feature's geometry; anything else is a problem naming it. */
function collectGeometry(geometry: unknown, label: string, field: string, into: Collected) {
	if (geometry === null || geometry === undefined) {
		into.warnings.push(`${label} has no geometry and was skipped`);
		return;
	}
	const shape = geometryShape.safeParse(geometry);
	if (!shape.success) {
		into.problems.push(fileProblem('geojson.invalid', `${label}: not a GeoJSON geometry`, field));
		return;
	}
	if (shape.data.type === 'GeometryCollection') {
		const members = z.array(z.unknown()).safeParse(shape.data.geometries);
		if (!members.success) {
			into.problems.push(
				fileProblem('geojson.invalid', `${label}: a GeometryCollection needs geometries`, field)
			);
			return;
		}
		members.data.forEach((member, i) =>
			collectGeometry(member, `${label}, part ${i + 1}`, `${field}.geometries[${i}]`, into)
		);
		return;
	}
	if (shape.data.type !== 'Polygon' && shape.data.type !== 'MultiPolygon') {
		into.problems.push(
			fileProblem(
				'file.not_polygonal',
				`${label} is a ${shape.data.type}; a zone file may hold polygons only (remove it or convert it)`,
				field,
				{ geometryType: shape.data.type }
			)
		);
		return;
	}
	const parsed = zoneGeometrySchema.safeParse(shape.data);
	if (!parsed.success) {
		for (const issue of parsed.error.issues.slice(0, 5)) {
			into.problems.push(
				fileProblem(
					'geojson.invalid',
					`${label}: ${issue.message} at ${issue.path.join('.') || 'geometry'}`,
					`${field}.${issue.path.join('.')}`
				)
			);
		}
		return;
	}
	into.polygons.push(parsed.data);
	into.features.push(into.feature);
}

/** Features of any GeoJSON object: a FeatureCollection, a Feature or a bare geometry. */
function collectGeoJson(value: unknown, into: Collected, noun = 'Feature') {
	const asCollection = collectionShape.safeParse(value);
	if (asCollection.success) {
		asCollection.data.features.forEach((item, i) => {
			const feature = featureShape.safeParse(item);
			const label = `${noun} ${i + 1}${featureName(item)}`;
			if (!feature.success) {
				into.problems.push(
					fileProblem('geojson.invalid', `${label} is not a GeoJSON Feature`, `features[${i}]`)
				);
				return;
			}
			into.feature = i + 1;
			collectGeometry(feature.data.geometry, label, `features[${i}]`, into);
		});
		return;
	}
	const feature = featureShape.safeParse(value);
	into.feature = 1;
	if (feature.success) {
		collectGeometry(feature.data.geometry, `${noun} 1${featureName(value)}`, 'features[0]', into);
		return;
	}
	collectGeometry(value, 'The geometry', 'geometry', into);
}

function featureName(item: unknown): string {
	const name = (item as { properties?: { name?: unknown } } | null)?.properties?.name;
	return typeof name === 'string' && name.trim() ? ` (“${name.trim().slice(0, 60)}”)` : '';
}

/** Several polygons become one zone: dissolved, so parcels sharing an edge make one polygon. */
function combine(polygons: MultiPolygon[], warnings: string[]): MultiPolygon {
	if (polygons.length === 1) return polygons[0]!;
	warnings.push(`${polygons.length} polygonal features were merged into one zone`);
	try {
		const merged = union(
			featureCollection(
				polygons.map((geometry): Feature<MultiPolygon> => ({
					type: 'Feature',
					properties: {},
					geometry
				}))
			)
		);
		if (merged) {
			const g = merged.geometry as Polygon | MultiPolygon;
			return g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g;
		}
	} catch {
		// An invalid part (a bow-tie) defeats the union: keep the parts as they are and let the
		// zone validation say what is wrong with them.
	}
	return { type: 'MultiPolygon', coordinates: polygons.flatMap((p) => p.coordinates) };
}

function extensionOf(fileName: string): string {
	const match = /\.([a-z0-9]+)$/i.exec(fileName);
	return match ? match[1]!.toLowerCase() : '';
}

/**
 * Reads a zone file to one MultiPolygon (EPSG:4326) and warnings. Throws `invalid` with every
 * problem found, each naming the feature (`features[2]`) or the part of the file.
 */
export function parseZoneFile(fileName: string, bytes: Uint8Array): ParsedZoneFile {
	const read = readPolygonFile(fileName, bytes, maxZoneFileBytes);
	return {
		geometry: combine(read.polygons, read.warnings),
		warnings: read.warnings,
		featureCount: read.polygons.length,
		...(read.crs !== undefined && { crs: read.crs })
	};
}

/** The polygonal features of a file, each with its 1-based feature number in the file. */
export interface PolygonFile {
	polygons: MultiPolygon[];
	/** Parallel to `polygons`. */
	features: number[];
	warnings: string[];
	crs?: string;
}

/**
 * The reader behind `parseZoneFile`, shared with the constraint layers: GeoJSON, KML or a
 * zipped shapefile in any CRS its .prj declares, every polygonal feature in EPSG:4326 (not
 * merged). Throws `invalid` with every problem found, each naming the feature.
 */
export function readPolygonFile(
	fileName: string,
	bytes: Uint8Array,
	maxBytes: number
): PolygonFile {
	if (bytes.length > maxBytes) {
		throw invalid([
			fileProblem(
				'file.too_large',
				`${fileName} is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; at most ${maxBytes / 1024 / 1024} MB is accepted`,
				'file',
				{ bytes: bytes.length, maxBytes }
			)
		]);
	}
	const collected: Collected = {
		polygons: [],
		features: [],
		feature: 0,
		problems: [],
		warnings: []
	};
	let crs: string | undefined;
	const extension = extensionOf(fileName);
	if (extension === 'geojson' || extension === 'json') {
		let value: unknown;
		try {
			value = JSON.parse(new TextDecoder('utf-8').decode(bytes));
		} catch (error) {
			throw invalid([
				fileProblem('file.unreadable', `${fileName} is not JSON: ${(error as Error).message}`)
			]);
		}
		collectGeoJson(value, collected);
	} else if (extension === 'kml') {
		let converted: FeatureCollection;
		try {
			const text = new TextDecoder('utf-8').decode(bytes);
			const document = new DOMParser().parseFromString(text, 'text/xml');
			converted = kml(document) as FeatureCollection;
		} catch (error) {
			throw invalid([
				fileProblem(
					'file.unreadable',
					`${fileName} is not readable KML: ${(error as Error).message}`
				)
			]);
		}
		collectGeoJson(converted, collected, 'Placemark');
	} else if (extension === 'zip') {
		try {
			const read = readShapefileZip(fileName, bytes, {
				maxExpandedBytes: maxExpandedShapefileBytes
			});
			crs = read.crs;
			for (const message of read.messages) {
				collected.warnings.push(
					`${message.file}${message.feature ? `, feature ${message.feature}` : ''}: ${message.detail}`
				);
			}
			for (const feature of read.features) {
				const label = `Feature ${feature.feature}`;
				if (!feature.geometry) {
					collected.warnings.push(`${label} has no shape and was skipped`);
					continue;
				}
				collected.feature = feature.feature;
				collectGeometry(feature.geometry, label, `features[${feature.feature - 1}]`, collected);
			}
		} catch (error) {
			if (!(error instanceof ImportFatalError)) throw error;
			throw invalid(
				error.messages.map((m) =>
					fileProblem(
						'file.unreadable',
						`${m.file}${m.feature ? `, feature ${m.feature}` : ''}: ${m.detail}`,
						m.feature ? `features[${m.feature - 1}]` : m.field,
						{ file: m.file, readerRule: m.rule }
					)
				)
			);
		}
	} else {
		throw invalid([
			fileProblem(
				'file.unsupported_type',
				`${fileName}: upload GeoJSON (.geojson, .json), KML (.kml) or a zipped shapefile (.zip)`
			)
		]);
	}
	if (collected.problems.length > 0)
		throw invalid(collected.problems, `${fileName} cannot be used`);
	if (collected.polygons.length === 0) {
		throw invalid([fileProblem('file.no_polygon', `${fileName} holds no polygon`)]);
	}
	return {
		polygons: collected.polygons,
		features: collected.features,
		warnings: collected.warnings,
		...(crs !== undefined && { crs })
	};
}

// ---------------------------------------------------------------------------------------------
// Exports

/** Source lines of the figures an export carries (SOURCES.md asks every export to show them). */
export const zoneExportSources = [
	'Boundaries: Royal Thai Survey Department via OCHA HDX COD-AB (CC BY-IGO)',
	'LAO registry: กรมส่งเสริมการปกครองท้องถิ่น open data dlads_05_01 (2026-06-10)',
	'LAO–tambon links: Royal Gazette / DOPA records (compiled, c. 2022)',
	'Population: กรมการปกครอง ทะเบียนราษฎร 31 ธ.ค. 2564'
].join('; ');

/** The same lines with the licence of each dataset, for files with room for them. */
export const zoneExportSourcesWithLicences = [
	'Boundaries: Royal Thai Survey Department via OCHA HDX COD-AB — licence: CC BY-IGO 3.0 (attribution required)',
	'LAO registry: กรมส่งเสริมการปกครองท้องถิ่น open data dlads_05_01 (2026-06-10) — licence: Open Data Common (attribution required)',
	'LAO–tambon links: Royal Gazette / DOPA records (compiled, c. 2022) — no licence stated by the compiler; republished with the source named',
	'Population: กรมการปกครอง ทะเบียนราษฎร 31 ธ.ค. 2564 — no licence stated by DOPA; republished with the source named'
].join('; ');

function exportProperties(zone: ZoneView, revision: ZoneRevisionView) {
	return {
		zoneId: zone.id,
		revisionNumber: revision.revisionNumber,
		name: revision.name,
		provinceCode: zone.provinceCode,
		status: zone.status,
		description: revision.description,
		objectives: revision.objectives,
		objectiveTags: revision.objectiveTags.join('; '),
		partners: revision.partners.map((p) => `${p.sector}: ${p.name}`).join('; '),
		// The SWOT (issue 17), one property per part, its items joined as the tags are.
		strengths: revision.swot.strengths.join('; '),
		weaknesses: revision.swot.weaknesses.join('; '),
		opportunities: revision.swot.opportunities.join('; '),
		threats: revision.swot.threats.join('; '),
		areaKm2: revision.areaKm2,
		coveredLaoCount: revision.coveredLaos.length,
		populationCovered:
			revision.populationCovered === null ? null : Math.round(revision.populationCovered),
		score: revision.score,
		scoringModelId: revision.scoringModelId,
		savedAt: revision.createdAt,
		sources: zoneExportSources
	};
}

export function exportZoneGeoJSON(zone: ZoneView, revision: ZoneRevisionView): string {
	const collection: FeatureCollection<MultiPolygon> = {
		type: 'FeatureCollection',
		features: [
			{ type: 'Feature', properties: exportProperties(zone, revision), geometry: revision.geometry }
		]
	};
	return JSON.stringify(collection);
}

export function exportZoneKML(zone: ZoneView, revision: ZoneRevisionView): string {
	return toWellFormedKML({
		type: 'FeatureCollection',
		features: [
			{ type: 'Feature', properties: exportProperties(zone, revision), geometry: revision.geometry }
		]
	});
}

/** Base name of the files of one export: `sedz-zone-12-r3`. */
export const zoneExportBaseName = (zone: ZoneView, revision: ZoneRevisionView) =>
	`sedz-zone-${zone.id}-r${revision.revisionNumber}`;

/** README.txt of the shapefile zip: what it is, its sources and their licences. */
function shapefileReadme(zone: ZoneView, revision: ZoneRevisionView): string {
	return [
		`เขตพัฒนาเศรษฐกิจพอเพียง / Sufficiency Economy Development Zone ${zone.id}, revision ${revision.revisionNumber}: ${revision.name}`,
		'WGS 84 (EPSG:4326), .dbf in UTF-8 (.cpg). Area in km² (ellipsoidal).',
		`แหล่งที่มา / Sources: ${zoneExportSourcesWithLicences}`
	].join('\r\n');
}

export function exportZoneShapefileZip(zone: ZoneView, revision: ZoneRevisionView): Uint8Array {
	const p = exportProperties(zone, revision);
	const { zip } = writePolygonShapefileZip(
		zoneExportBaseName(zone, revision),
		[
			{ name: 'ZONE_ID', type: 'N', length: 10 },
			{ name: 'REVISION', type: 'N', length: 6 },
			{ name: 'NAME', type: 'C', length: 254 },
			{ name: 'PROVINCE', type: 'C', length: 4 },
			{ name: 'STATUS', type: 'C', length: 10 },
			{ name: 'AREA_KM2', type: 'F', length: 19, decimals: 6 },
			{ name: 'LAOS', type: 'N', length: 6 },
			{ name: 'POPULATION', type: 'N', length: 12 },
			{ name: 'SCORE', type: 'F', length: 8, decimals: 2 },
			{ name: 'MODEL_ID', type: 'N', length: 10 },
			{ name: 'SAVED_AT', type: 'C', length: 30 }
		],
		[
			{
				geometry: revision.geometry,
				values: [
					p.zoneId,
					p.revisionNumber,
					p.name,
					p.provinceCode,
					p.status,
					p.areaKm2,
					p.coveredLaoCount,
					p.populationCovered,
					p.score,
					p.scoringModelId,
					p.savedAt
				]
			}
		],
		shapefileReadme(zone, revision)
	);
	return zip;
}

const csvHeaders = [
	'รหัส อปท. (DLA code)',
	'ชื่อ อปท. (LAO name)',
	'ประเภท (type)',
	'พื้นที่ในเขต ตร.กม. (covered km²)',
	'สัดส่วนของพื้นที่ อปท. % (share of LAO %)',
	'ค่าประมาณ (approximate)',
	'แหล่งที่มาและสัญญาอนุญาต (source and licence)'
];

/**
 * The covered LAOs as CSV, in the house style of `scoresToCsv`: UTF-8 with a byte order mark
 * (so Excel reads the Thai), Thai headers with English beside them, CRLF, dot decimals; the
 * last column carries the sources and licences on every row (a comment row would break readers).
 */
export function exportCoveredLaosCsv(
	revision: ZoneRevisionView,
	laoTypeNames: Record<string, string>
): string {
	return csvDocument(
		csvHeaders,
		revision.coveredLaos.map((lao) => [
			lao.dlaCode,
			lao.nameTh,
			laoTypeNames[lao.laoType] ?? lao.laoType,
			lao.coveredKm2.toFixed(3),
			(lao.shareOfLao * 100).toFixed(1),
			lao.approximate,
			zoneExportSourcesWithLicences
		]),
		{ locale: 'th' }
	);
}
