import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import { osmPackIndicators } from '../../indicators/osm-poi-pack';
import { canImportIndicators } from '../accounts/permissions';
import type { DB } from '../db/schema';
import { forbidden } from '../domain-errors';
import { rescoreOfficialModels } from '../scoring/scoring.service';
import {
	importIndicatorCsv,
	type IndicatorImportInput,
	type IndicatorImportResult
} from './indicator-import.service';

/** The OSM pack's file name as published beside the geodata (../shared/indicators/). */
export const osmPackFileName = 'osm_tambon_poi_density_2024.csv';

/**
 * The OSM pack when it lies beside the geodata folder (`<geodata>/../indicators/`), where
 * SOURCES.md keeps it, so that the geodata import never sees it; undefined otherwise.
 */
export function findOsmPackBesideGeodata(geodataDir: string | undefined): string | undefined {
	if (!geodataDir) return undefined;
	const file = path.join(geodataDir, '..', 'indicators', osmPackFileName);
	return fs.existsSync(file) && fs.statSync(file).isFile() ? file : undefined;
}

/** True once any value of the OSM pack is stored. */
export async function osmPackLoaded(db: Kysely<DB>): Promise<boolean> {
	const row = await db
		.selectFrom('indicator_value')
		.select('indicator_key')
		.where('indicator_key', '=', osmPackIndicators[0]!.key)
		.limit(1)
		.executeTakeFirst();
	return row !== undefined;
}

export interface IndicatorImportWithScores extends IndicatorImportResult {
	/** The official models whose stored scores were recomputed after a successful import. */
	rescored: { name: string; version: number; scored: number }[];
}

/**
 * An indicator import as DLA staff run it (form or command line): the import in its own
 * transaction, then, when it succeeded, the official scores recomputed from the new figures
 * (each model in its own transaction), so the scores on screen use what was just loaded.
 */
export async function importIndicatorsAndRescore(
	db: Kysely<DB>,
	input: Omit<IndicatorImportInput, 'actor'> & { actor?: Actor | null }
): Promise<IndicatorImportWithScores> {
	// The command line (no actor) is the machine's operator; an upload needs DLA staff.
	if (input.actor && !canImportIndicators(input.actor))
		throw forbidden('Only DLA staff import indicators');
	const result = await importIndicatorCsv(db, input);
	if (result.status !== 'succeeded') return { ...result, rescored: [] };
	const rescored = await rescoreOfficialModels(db);
	return {
		...result,
		rescored: rescored.map((r) => ({ name: r.name, version: r.version, scored: r.scoredCount }))
	};
}
