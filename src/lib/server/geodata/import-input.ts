import { createHash } from 'node:crypto';

import fs from 'node:fs';
import path from 'node:path';
import type { ImportedFile } from '../db/schema';
import { readCsv, type CsvTable } from './csv';

import {
	parseEnglishNames,
	parseLaoPopulation,
	parseLinks,
	parseRegistry,
	parseTambonPopulation,
	type LaoPopulationRecord
} from './dataset-rows';

import { findDatasetFiles, manifestEntry, type CsvKind, type DatasetFile } from './datasets';

import { fatal, warning, type ImportMessage } from './import-report';
import { openShapefileZip, type ShapefileStream, type ZipLimits } from './shapefile';

/**
 * The import's first half: every file read and checked before the database is touched (the
 * CSVs parsed whole, a few MB; the boundary zip hashed as a stream and opened, its features
 * read later in the transaction by `import-boundaries.ts`).
 */

export interface ParsedDatasets {
	files: ImportedFile[];
	/** The boundary layer, opened (headers checked) and read feature by feature in the transaction. */
	boundaries: ShapefileStream;
	boundaryFile: string;
	registryTable: CsvTable;
	linksTable: CsvTable;
	populationFile: string;
	registry: ReturnType<typeof parseRegistry>;
	englishNames: ReturnType<typeof parseEnglishNames>;
	links: ReturnType<typeof parseLinks>;
	population: ReturnType<typeof parseTambonPopulation>;
	dopaNameOf: Map<string, string>;
	laoPopulation: LaoPopulationRecord[] | undefined;
}

/**
 * The file's record (size, sha256); its bytes only when `keepBytes` (the CSVs, a few MB). The
 * boundary zip is hashed as a stream and read again as a stream, never held whole (issue 19).
 */
async function readInput(
	file: DatasetFile,
	keepBytes: boolean
): Promise<{ bytes: Uint8Array | undefined; record: ImportedFile }> {
	const hash = createHash('sha256');
	let size = 0;
	const kept: Buffer[] = [];
	try {
		for await (const chunk of fs.createReadStream(file.path, { highWaterMark: 1 << 20 })) {
			const buffer = chunk as Buffer;
			hash.update(buffer);
			size += buffer.length;
			if (keepBytes) kept.push(buffer);
		}
	} catch (error) {
		throw fatal({
			file: path.basename(file.path),
			field: 'file',
			rule: 'unreadable-file',
			detail: (error as Error).message
		});
	}
	const sha256 = hash.digest('hex');
	return {
		bytes: keepBytes ? new Uint8Array(Buffer.concat(kept, size)) : undefined,
		record: {
			path: file.path,
			kind: file.kind,
			sha256,
			bytes: size,
			matchesManifest: sha256 === manifestEntry(file.kind).sha256
		}
	};
}

/**
 * Reads and checks every table before the database is touched, and opens the boundary layer:
 * its parts and headers are checked here, its features are read in the transaction
 * (`writeBoundaries`), so a layer of any size never sits in memory whole.
 */
export async function parseDatasets(
	inputs: readonly string[],
	messages: ImportMessage[],
	zipLimits?: Partial<ZipLimits>
): Promise<ParsedDatasets> {
	const found = findDatasetFiles(inputs);
	const files: ImportedFile[] = [];
	const bytesOf = new Map<string, Uint8Array>();
	for (const file of found) {
		const { bytes, record } = await readInput(file, file.kind !== 'tambon_boundaries');
		files.push(record);
		if (bytes) bytesOf.set(file.kind, bytes);
		if (!record.matchesManifest) {
			messages.push(
				warning({
					file: path.basename(file.path),
					field: 'file',
					rule: 'checksum-differs',
					detail: `sha256 ${record.sha256} is not the edition in geodata/manifest.json (${manifestEntry(file.kind).sha256}); imported all the same`
				})
			);
		}
	}
	const pathOf = (kind: string) => found.find((f) => f.kind === kind)?.path;
	const csv = (kind: CsvKind) => {
		const filePath = pathOf(kind);
		if (!filePath) return undefined;
		const table = readCsv(filePath, bytesOf.get(kind)!, kind);
		messages.push(...table.messages);
		return table;
	};

	// Population first: DOPA's Thai tambon names are complete where COD-AB's are cut at 50 bytes.
	const population = parseTambonPopulation(csv('tambon_population')!, messages);
	const dopaNameOf = new Map(population.map((p) => [p.tambonCode, p.nameTh]));

	const boundaryPath = pathOf('tambon_boundaries')!;
	const boundaryFile = path.basename(boundaryPath);
	const boundaries = await openShapefileZip(boundaryPath, boundaryFile, zipLimits);
	try {
		const registryTable = csv('lao_registry')!;
		const registry = parseRegistry(registryTable, messages);
		const dlaCodes = new Set(registry.map((l) => l.dlaCode));
		const linksTable = csv('lao_tambon_links')!;
		const links = parseLinks(linksTable, dlaCodes, messages);
		const laoPopulationTable = csv('lao_population_estimate');
		return {
			files,
			boundaries,
			boundaryFile,
			registryTable,
			linksTable,
			populationFile: path.basename(pathOf('tambon_population')!),
			registry,
			englishNames: parseEnglishNames(csv('lao_names_en')!, dlaCodes, messages),
			links,
			population,
			dopaNameOf,
			laoPopulation:
				laoPopulationTable && parseLaoPopulation(laoPopulationTable, dlaCodes, messages)
		};
	} catch (error) {
		boundaries.close();
		throw error;
	}
}
