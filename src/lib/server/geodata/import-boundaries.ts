import type { Kysely } from 'kysely';
import type { ParsedDatasets } from './import-input';
import type { DB } from '../db/schema';
import * as geodata from './geodata.repository';
import { fatal, ImportFatalError, warning, type ImportMessage } from './import-report';
import type { PolygonGeometry, ShapefileFeature } from './shapefile';

/**
 * The boundary layer, read feature by feature inside the import's transaction: each tambon
 * checked and written in batches, then the other tables checked against what the layer held.
 */

/** What the boundary layer tells the checks of the other files, once it has been read. */
interface BoundaryIndex {
	featureOfCode: Map<string, number>;
	provinceNames: Map<string, { nameTh: string; nameEn: string }>;
	districtNames: Map<string, { nameTh: string; nameEn: string; provinceCode: string }>;
}

/** Tambons written per statement while the boundary layer streams in. */
const tambonBatchSize = 500;
/**
 * …or fewer, once their vertices reach this many: a batch's size in memory follows its vertices
 * (a few dozen bytes each as JavaScript arrays, twice more as the statement's text), so a
 * densified layer of the same 7,425 tambons (1:10,000, ~125 M vertices) still writes in batches
 * of a few tens of MB instead of 8 M vertices each (issue 19 item 6).
 */
const tambonBatchVertices = 200_000;

/** Vertices of a polygon or multipolygon (rings' closing points included). */
function vertexCount(geometry: PolygonGeometry): number {
	const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
	let count = 0;
	for (const rings of polygons) for (const ring of rings) count += ring.length;
	return count;
}

function requiredText(
	file: string,
	feature: ShapefileFeature,
	field: string,
	pattern?: RegExp
): string {
	const value = feature.properties[field];
	const text = value === null || value === undefined ? '' : String(value).trim();
	if (text === '' || (pattern && !pattern.test(text))) {
		throw fatal({
			file,
			feature: feature.feature,
			field,
			rule: text === '' ? 'required-value' : 'invalid-value',
			detail:
				text === '' ? `${field} is missing` : `${JSON.stringify(text)} does not match ${pattern}`
		});
	}
	return text;
}

/**
 * Reads the boundary layer feature by feature, checks each, and writes the tambons in batches of
 * `tambonBatchSize` tambons or `tambonBatchVertices` vertices inside the import's transaction: a fatal problem anywhere rolls them back.
 */
export async function writeBoundaries(
	trx: Kysely<DB>,
	runId: number,
	data: ParsedDatasets,
	messages: ImportMessage[]
): Promise<BoundaryIndex> {
	const { boundaryFile, boundaries, dopaNameOf } = data;
	const provinceNames = new Map<string, { nameTh: string; nameEn: string }>();
	const districtNames = new Map<string, { nameTh: string; nameEn: string; provinceCode: string }>();
	const featureOfCode = new Map<string, number>();
	const invalid: geodata.InvalidGeometry[] = [];
	let batch: geodata.TambonInput[] = [];
	let batchVertices = 0;
	const flush = async () => {
		invalid.push(...(await geodata.upsertTambons(trx, runId, batch)));
		batch = [];
		batchVertices = 0;
	};
	for await (const feature of boundaries.features()) {
		const code = requiredText(boundaryFile, feature, 'ADM3_PCODE', /^TH[0-9]{6}$/);
		const districtCode = requiredText(boundaryFile, feature, 'ADM2_PCODE', /^TH[0-9]{4}$/);
		const provinceCode = requiredText(boundaryFile, feature, 'ADM1_PCODE', /^TH[0-9]{2}$/);
		if (!code.startsWith(districtCode) || !districtCode.startsWith(provinceCode)) {
			throw fatal({
				file: boundaryFile,
				feature: feature.feature,
				field: 'ADM2_PCODE',
				rule: 'inconsistent-codes',
				detail: `${code} is not inside district ${districtCode} of province ${provinceCode}`
			});
		}
		const first = featureOfCode.get(code);
		if (first !== undefined) {
			throw fatal({
				file: boundaryFile,
				feature: feature.feature,
				field: 'ADM3_PCODE',
				rule: 'duplicate-key',
				detail: `${code} already appears in feature ${first}`
			});
		}
		featureOfCode.set(code, feature.feature);
		if (!feature.geometry) {
			throw fatal({
				file: boundaryFile,
				feature: feature.feature,
				field: 'geometry',
				rule: 'invalid-polygon',
				detail: `${code} has no polygon (null shape)`
			});
		}
		const codAbName = requiredText(boundaryFile, feature, 'ADM3_TH');
		const dopaName = dopaNameOf.get(code);
		const validOn = feature.properties.validOn;
		batch.push({
			code,
			districtCode,
			provinceCode,
			nameTh: dopaName ?? codAbName,
			nameThSource: dopaName ? 'dopa' : 'cod_ab',
			nameEn: requiredText(boundaryFile, feature, 'ADM3_EN'),
			validOn:
				typeof validOn === 'string' && /^\d{4}-\d{2}-\d{2}/.test(validOn)
					? validOn.slice(0, 10)
					: null,
			geometry: feature.geometry,
			sourceFeature: feature.feature
		});
		batchVertices += vertexCount(feature.geometry);
		if (!districtNames.has(districtCode)) {
			districtNames.set(districtCode, {
				nameTh: requiredText(boundaryFile, feature, 'ADM2_TH'),
				nameEn: requiredText(boundaryFile, feature, 'ADM2_EN'),
				provinceCode
			});
		}
		if (!provinceNames.has(provinceCode)) {
			provinceNames.set(provinceCode, {
				nameTh: requiredText(boundaryFile, feature, 'ADM1_TH'),
				nameEn: requiredText(boundaryFile, feature, 'ADM1_EN')
			});
		}
		if (batch.length >= tambonBatchSize || batchVertices >= tambonBatchVertices) await flush();
	}
	await flush();
	// The reader's warnings are complete (and ordered) once the layer has been read.
	messages.push(...boundaries.messages);
	if (invalid.length > 0) {
		throw new ImportFatalError(
			invalid.map((g) => ({
				severity: 'fatal' as const,
				file: boundaryFile,
				feature: g.sourceFeature,
				field: 'geometry',
				rule: 'invalid-polygon',
				detail: `${g.code}: ${g.reason}`
			}))
		);
	}
	return { featureOfCode, provinceNames, districtNames };
}

/** The tables checked against the boundary layer, once it has been read. */
export function checkTablesAgainstBoundaries(
	data: ParsedDatasets,
	index: BoundaryIndex,
	messages: ImportMessage[]
): void {
	const { registryTable, linksTable, populationFile } = data;
	for (const lao of data.registry) {
		if (!index.provinceNames.has(lao.provinceCode)) {
			throw fatal({
				file: registryTable.file,
				row: lao.row,
				field: 'adm1_pcode',
				rule: 'unknown-province',
				detail: `${lao.provinceCode} is not a province of the boundary file`
			});
		}
		if (lao.districtCode !== null && !index.districtNames.has(lao.districtCode)) {
			messages.push(
				warning({
					file: registryTable.file,
					row: lao.row,
					field: 'adm2_pcode',
					rule: 'unknown-district',
					detail: `${lao.districtCode} is not a district of the boundary file; set to no data`
				})
			);
			lao.districtCode = null;
		}
	}
	for (const link of data.links) {
		if (!index.featureOfCode.has(link.tambonCode)) {
			messages.push(
				warning({
					file: linksTable.file,
					row: link.row,
					field: 'adm3_pcode',
					rule: 'tambon-without-polygon',
					detail: `${link.tambonCode} has no polygon in the boundary file; the link is kept but adds no geometry`
				})
			);
		}
	}
	for (const row of data.population) {
		if (!index.featureOfCode.has(row.tambonCode)) {
			messages.push(
				warning({
					file: populationFile,
					row: row.row,
					field: 'adm3_pcode',
					rule: 'population-without-polygon',
					detail: `${row.tambonCode} (${row.nameTh}) has no polygon in the boundary file; the row is kept`
				})
			);
		}
	}
}
