import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import manifestJson from '../../../../geodata/manifest.json';
import { fatal } from './import-report';

export const datasetKinds = [
	'tambon_boundaries',
	'lao_registry',
	'lao_tambon_links',
	'lao_names_en',
	'tambon_population',
	'lao_population_estimate'
] as const;
export type DatasetKind = (typeof datasetKinds)[number];

const manifestSchema = z.object({
	datasets: z.array(
		z.object({
			kind: z.enum(datasetKinds),
			file: z.string(),
			required: z.boolean(),
			title: z.string(),
			publisher: z.string(),
			download: z.string(),
			edition: z.string(),
			licence: z.string(),
			sourceLine: z.string(),
			sha256: z.string().regex(/^[0-9a-f]{64}$/)
		})
	)
});
export type DatasetManifestEntry = z.infer<typeof manifestSchema>['datasets'][number];

export const manifest = manifestSchema.parse(manifestJson).datasets;

export function manifestEntry(kind: DatasetKind): DatasetManifestEntry {
	const entry = manifest.find((d) => d.kind === kind);
	if (!entry) throw new Error(`geodata/manifest.json has no dataset of kind ${kind}`);
	return entry;
}

/**
 * The header each CSV kind must have. A CSV is recognised by its header, not its name, so a
 * renamed download still imports; the first listed columns are the required ones.
 */
export const csvColumns = {
	lao_registry: {
		required: ['dla_code', 'type', 'name_th', 'adm1_pcode'],
		optional: [
			'type_th',
			'province_code',
			'amphoe_code',
			'adm2_pcode',
			'district_name_th',
			'office_lat',
			'office_lon',
			'area_km2_registered'
		]
	},
	lao_tambon_links: {
		required: ['dla_code', 'adm3_pcode', 'coverage'],
		optional: ['dla_type', 'lao_name_th', 'tambon_code', 'source_record']
	},
	lao_names_en: { required: ['dla_code', 'name_en'], optional: ['name_th'] },
	tambon_population: {
		required: [
			'tambon_code',
			'adm3_pcode',
			'tambon_th',
			'level',
			'amphoe_code',
			'amphoe_th',
			'province_code',
			'province_th',
			'pop_total',
			'pop_male',
			'pop_female',
			'households'
		],
		optional: [
			'tambon_en',
			'pop_nonmunicipal',
			'households_nonmunicipal',
			'pop_municipal',
			'households_municipal',
			'municipal_parts'
		]
	},
	lao_population_estimate: {
		required: ['dla_code', 'pop_2021', 'households_2021', 'method'],
		optional: ['name_th', 'dla_type', 'n_tambons', 'shared_tambons']
	}
} as const satisfies Record<
	Exclude<DatasetKind, 'tambon_boundaries'>,
	{ required: readonly string[]; optional: readonly string[] }
>;
export type CsvKind = keyof typeof csvColumns;

// What tells one CSV from another: the column only that kind has.
const csvSignatures: [CsvKind, string][] = [
	['lao_registry', 'office_lat'],
	['lao_tambon_links', 'coverage'],
	['tambon_population', 'pop_total'],
	['lao_population_estimate', 'pop_2021'],
	['lao_names_en', 'name_en']
];

export function csvKindOfHeader(header: readonly string[]): CsvKind | undefined {
	return csvSignatures.find(([, column]) => header.includes(column))?.[0];
}

function readFirstLine(file: string): string {
	const fd = fs.openSync(file, 'r');
	try {
		const buffer = Buffer.alloc(4096);
		const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
		return buffer
			.subarray(0, length)
			.toString('utf8')
			.replace(/^\uFEFF/, '')
			.split(/\r?\n/)[0]!;
	} finally {
		fs.closeSync(fd);
	}
}

export interface DatasetFile {
	kind: DatasetKind;
	path: string;
}

/**
 * Works out which dataset each input is. A directory is searched (one level of sub-folders
 * deep, as SOURCES.md lays them out) for `.zip` and `.csv` files; other files in it, such as
 * notes and raw sources, are passed over. A file named explicitly must be a known kind.
 */
export function findDatasetFiles(inputs: readonly string[]): DatasetFile[] {
	const candidates: { path: string; explicit: boolean }[] = [];
	const walk = (dir: string, depth: number) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory() && depth < 2) walk(full, depth + 1);
			else if (entry.isFile() && /\.(zip|csv)$/i.test(entry.name))
				candidates.push({ path: full, explicit: false });
		}
	};
	for (const input of inputs) {
		const resolved = path.resolve(input);
		if (!fs.existsSync(resolved)) {
			throw fatal({
				file: input,
				field: 'path',
				rule: 'file-not-found',
				detail: 'no such file or directory'
			});
		}
		if (fs.statSync(resolved).isDirectory()) walk(resolved, 0);
		else candidates.push({ path: resolved, explicit: true });
	}

	const found: DatasetFile[] = [];
	for (const candidate of candidates.sort((a, b) => a.path.localeCompare(b.path))) {
		const name = path.basename(candidate.path);
		let kind: DatasetKind | undefined;
		if (/\.zip$/i.test(name)) kind = 'tambon_boundaries';
		else if (/\.csv$/i.test(name)) kind = csvKindOfHeader(readFirstLine(candidate.path).split(','));
		if (!kind) {
			throw fatal({
				file: candidate.path,
				field: 'file',
				rule: 'unknown-file-kind',
				detail: `not one of the datasets in geodata/manifest.json (${datasetKinds.join(', ')})`
			});
		}
		const twin = found.find((f) => f.kind === kind);
		if (twin) {
			throw fatal({
				file: candidate.path,
				field: 'file',
				rule: 'duplicate-dataset',
				detail: `${kind} was already given as ${twin.path}`
			});
		}
		found.push({ kind, path: candidate.path });
	}

	const missing = manifest.filter((d) => d.required && !found.some((f) => f.kind === d.kind));
	if (missing.length > 0) {
		throw fatal({
			file: inputs.join(' '),
			field: 'file',
			rule: 'missing-dataset',
			detail: `missing ${missing.map((d) => `${d.kind} (${d.file})`).join(', ')}`
		});
	}
	return found;
}

/**
 * Where the data is, in order: `GEODATA_DIR`, the project's `geodata/data/`, then the shared
 * folder beside the checkout (`../shared/geodata/`). Undefined when none exists.
 */
export function findGeodataDir(
	configured: string | undefined,
	cwd = process.cwd()
): string | undefined {
	if (configured) return path.resolve(cwd, configured);
	return [path.join(cwd, 'geodata', 'data'), path.resolve(cwd, '..', 'shared', 'geodata')].find(
		(dir) => fs.existsSync(dir) && fs.statSync(dir).isDirectory()
	);
}
