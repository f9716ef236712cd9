import { pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import type { Bbox, FeatureRow } from '../ogc/ogc.repository';
import {
	approvedZonesSourceLine,
	countApprovedZones,
	pageApprovedZones
} from '../ogc/ogc-zones.repository';
import { invalid } from '../domain-errors';
import { bangkokDay } from '../../thai-calendar';
import { listPublicZones, provinceExists } from './public-zone.service';
import { parseZoneInput } from './zone.params';
import { zoneExportSources } from './zone-files';
import { csvDocument, type CsvCell } from '../csv';
import { toWellFormedKML } from '../kml';

/**
 * The approved zones as open-data files, all of them or one province's: GeoJSON, KML and CSV.
 * The rows are the OGC collection's own (`pageApprovedZones`), so the downloads and the OGC
 * API always carry the same columns. Every file carries the licence and source lines:
 *
 * - GeoJSON: top-level foreign members `licence`, `source` and `metadata` (RFC 7946 §6.1 allows
 *   them; QGIS and GDAL ignore them), and a `source` property on each feature, which QGIS shows
 *   in the attribute table and keeps when the layer is saved in another format.
 * - KML: the Document's `<name>`/`<description>` (Google Earth shows it), and `source` in each
 *   Placemark's `<ExtendedData>` (QGIS and GDAL read ExtendedData as fields).
 * - CSV: a trailing `source` column on every row rather than leading comment rows: Excel,
 *   LibreOffice and QGIS's delimited-text reader all take the first row as the header, and a
 *   comment row would become a bogus header or data row. The geometry is a point inside each
 *   zone (`longitude`, `latitude`, WGS 84) — QGIS places it with "Point coordinates" — because
 *   a zone's full outline as WKT exceeds a spreadsheet cell (32,767 characters in Excel).
 */

export const publicDownloadFiles = ['zones.geojson', 'zones.kml', 'zones.csv'] as const;

/** `?province=TH40` of the public pages and downloads; empty or absent means every province. */
export const publicProvinceQuery = z.object({
	province: z
		.string()
		.trim()
		.transform((code) => code.toUpperCase())
		.pipe(
			z.union([
				z.literal(''),
				z.string().regex(/^TH[0-9]{2}$/, 'must be a province code such as TH40')
			])
		)
		.optional()
		.transform((code) => (code ? code : undefined))
});

/**
 * The province filter of a public URL: `undefined` for all, else a province that exists.
 * Throws `invalid` naming the `province` field otherwise.
 */
export async function parsePublicProvince(
	db: Kysely<DB>,
	searchParams: URLSearchParams
): Promise<string | undefined> {
	const { province } = parseZoneInput(publicProvinceQuery, {
		province: searchParams.get('province') ?? undefined
	});
	if (province !== undefined && !(await provinceExists(db, province))) {
		throw invalid([
			{ rule: 'input.invalid', field: 'province', message: `province: no province ${province}` }
		]);
	}
	return province;
}
export type PublicDownloadFile = (typeof publicDownloadFiles)[number];

export interface PublicDownload {
	body: string;
	contentType: string;
	fileName: string;
}

/** The licence and source line every download prints: the zones' own, then the figures'. */
export const publicDownloadSourceLine = `${approvedZonesSourceLine}. ${zoneExportSources}`;

/** The approved zones' OGC feature rows, of one province or all, in the order of the list. */
async function approvedZoneRows(
	db: Kysely<DB>,
	provinceCode: string | undefined
): Promise<FeatureRow[]> {
	let bbox: Bbox | undefined;
	if (provinceCode !== undefined) {
		// The province's extent narrows the query through the spatial index; the code decides.
		const extent = await db
			.selectFrom('province')
			.select([
				sql<number>`ST_XMin(geom)`.as('west'),
				sql<number>`ST_YMin(geom)`.as('south'),
				sql<number>`ST_XMax(geom)`.as('east'),
				sql<number>`ST_YMax(geom)`.as('north')
			])
			.where('code', '=', provinceCode)
			.executeTakeFirst();
		if (!extent) return [];
		bbox = [extent.west, extent.south, extent.east, extent.north];
	}
	const count = await countApprovedZones(db, bbox);
	if (count === 0) return [];
	const rows = await pageApprovedZones(db, { bbox, limit: count, offset: 0 });
	// The list's order (province, then name, by the database's collation) and its selection.
	const order = new Map(
		(await listPublicZones(db, { provinceCode })).map((zone, index) => [String(zone.id), index])
	);
	return rows
		.filter((row) => order.has(row.id))
		.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

function toFeatures(rows: FeatureRow[]): Feature<MultiPolygon>[] {
	return rows.map((row) => ({
		type: 'Feature',
		id: Number(row.id),
		geometry: JSON.parse(row.geometry!) as MultiPolygon,
		properties: {
			...row.properties,
			approved_on: row.properties.approved_at
				? bangkokDay(new Date(String(row.properties.approved_at)))
				: null,
			source: publicDownloadSourceLine
		}
	}));
}

/** `sedz-approved-zones` or `sedz-approved-zones-TH40`. */
const baseName = (provinceCode: string | undefined) =>
	`sedz-approved-zones${provinceCode ? `-${provinceCode}` : ''}`;

export const publicCsvColumns = [
	'zone_id',
	'name',
	'province_code',
	'province_name_th',
	'province_name_en',
	'revision_number',
	'area_km2',
	'covered_lao_count',
	'covered_lao_codes',
	'population_covered',
	'score',
	'scoring_model',
	'approved_at',
	'approved_on',
	'approved_by',
	'longitude',
	'latitude',
	'source'
] as const;

function toCsv(features: Feature<MultiPolygon>[]): string {
	const rows = features.map((feature) => {
		const p = feature.properties!;
		const [longitude, latitude] = pointOnFeature(feature).geometry.coordinates;
		const row: Record<(typeof publicCsvColumns)[number], CsvCell> = {
			zone_id: p.zone_id,
			name: p.name,
			province_code: p.province_code,
			province_name_th: p.province_name_th,
			province_name_en: p.province_name_en,
			revision_number: p.revision_number,
			area_km2: typeof p.area_km2 === 'number' ? Number(p.area_km2.toFixed(3)) : null,
			covered_lao_count: p.covered_lao_count,
			covered_lao_codes: p.covered_lao_codes,
			population_covered:
				typeof p.population_covered === 'number' ? Math.round(p.population_covered) : null,
			score: typeof p.score === 'number' ? Number(p.score.toFixed(2)) : null,
			scoring_model: p.scoring_model,
			approved_at: p.approved_at,
			approved_on: p.approved_on,
			approved_by: p.approved_by,
			longitude: Number(longitude!.toFixed(6)),
			latitude: Number(latitude!.toFixed(6)),
			source: p.source
		};
		return publicCsvColumns.map((column) => row[column]);
	});
	return csvDocument(publicCsvColumns, rows);
}

/**
 * One download of the approved zones (each at its revision in force), of `provinceCode` or of
 * the whole country. `generatedAt` is printed in the GeoJSON metadata.
 */
export async function approvedZonesDownload(
	db: Kysely<DB>,
	args: { file: PublicDownloadFile; provinceCode?: string; generatedAt?: Date }
): Promise<PublicDownload> {
	const features = toFeatures(await approvedZoneRows(db, args.provinceCode));
	const name = baseName(args.provinceCode);
	const title = `เขตพัฒนาเศรษฐกิจพอเพียงที่ได้รับอนุมัติ / Approved Sufficiency Economy Development Zones${args.provinceCode ? ` (${args.provinceCode})` : ''}`;
	switch (args.file) {
		case 'zones.geojson': {
			const collection: FeatureCollection<MultiPolygon> & Record<string, unknown> = {
				type: 'FeatureCollection',
				licence: 'Open Data Common (attribution)',
				source: publicDownloadSourceLine,
				metadata: {
					title,
					provinceCode: args.provinceCode ?? null,
					zoneCount: features.length,
					generatedAt: (args.generatedAt ?? new Date()).toISOString(),
					crs: 'EPSG:4326 (WGS 84, longitude/latitude)',
					licence: 'Open Data Common (attribution)',
					source: publicDownloadSourceLine
				},
				features
			};
			return {
				body: JSON.stringify(collection),
				contentType: 'application/geo+json; charset=utf-8',
				fileName: `${name}.geojson`
			};
		}
		case 'zones.kml': {
			// tokml writes a null as the text "null": leave empty values out of ExtendedData.
			const withoutNulls = features.map((feature) => ({
				...feature,
				properties: Object.fromEntries(
					Object.entries(feature.properties ?? {}).filter(([, value]) => value !== null)
				)
			}));
			const body = toWellFormedKML(
				{ type: 'FeatureCollection', features: withoutNulls },
				{ name: title, description: publicDownloadSourceLine }
			);
			return {
				body,
				contentType: 'application/vnd.google-earth.kml+xml; charset=utf-8',
				fileName: `${name}.kml`
			};
		}
		case 'zones.csv':
			return {
				body: toCsv(features),
				contentType: 'text/csv; charset=utf-8',
				fileName: `${name}.csv`
			};
	}
}
