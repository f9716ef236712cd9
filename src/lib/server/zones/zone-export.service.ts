import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import type { DB } from '../db/schema';
import {
	exportCoveredLaosCsv,
	exportZoneGeoJSON,
	exportZoneKML,
	exportZoneShapefileZip,
	zoneExportBaseName
} from './zone-files';
import { getZone } from './zone.service';

/** A zone's downloads: the same revision `getZone` lets the actor read, as a file. */

export const zoneExportFormats = [
	'zone.geojson',
	'zone.kml',
	'zone-shapefile.zip',
	'covered-laos.csv'
] as const;
export type ZoneExportFormat = (typeof zoneExportFormats)[number];

export interface ZoneExport {
	body: string | Uint8Array;
	contentType: string;
	fileName: string;
}

/** A zone (a given revision, default the current one) as a file, for whoever may read it. */
export async function exportZone(
	db: Kysely<DB>,
	args: {
		actor: Actor | null;
		zoneId: number;
		revisionNumber?: number;
		format: ZoneExportFormat;
		laoTypeNames: Record<string, string>;
	}
): Promise<ZoneExport> {
	const { zone, revision } = await getZone(db, args);
	const base = zoneExportBaseName(zone, revision);
	switch (args.format) {
		case 'zone.geojson':
			return {
				body: exportZoneGeoJSON(zone, revision),
				contentType: 'application/geo+json',
				fileName: `${base}.geojson`
			};
		case 'zone.kml':
			return {
				body: exportZoneKML(zone, revision),
				contentType: 'application/vnd.google-earth.kml+xml',
				fileName: `${base}.kml`
			};
		case 'zone-shapefile.zip':
			return {
				body: exportZoneShapefileZip(zone, revision),
				contentType: 'application/zip',
				fileName: `${base}-shapefile.zip`
			};
		case 'covered-laos.csv':
			return {
				body: exportCoveredLaosCsv(revision, args.laoTypeNames),
				contentType: 'text/csv; charset=utf-8',
				fileName: `${base}-covered-laos.csv`
			};
	}
}
