import { createHash } from 'node:crypto';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { MultiPolygon } from 'geojson';
import { z } from 'zod';
import type { Actor } from '../../accounts/roles';
import { thailandBbox } from '../../geo/thailand-bbox';
import { canImportIndicators } from '../accounts/permissions';
import { appendAudit } from '../audit/audit.repository';
import type { DB } from '../db/schema';
import { DomainError, forbidden } from '../domain-errors';
import { insertImportBatch } from '../indicators/indicator.repository';
import { readPolygonFile } from '../zones/zone-files';
import * as layers from './constraint-layer.repository';

/** Largest layer file accepted: 50 MB (issue 13). */
export const maxConstraintFileBytes = 50 * 1024 * 1024;
/** Most vertices a layer may have: 2 million (issue 13). */
export const maxConstraintVertices = 2_000_000;

/** One reason a layer is refused: the file, the feature (1-based) when there is one, the field, the rule. */
export interface ConstraintProblem {
	file: string;
	feature: number | null;
	field: string;
	rule: string;
	detail: string;
}

/** The form's fields, parsed at the boundary; every message names its field. */
export const constraintLayerFields = z.object({
	key: z
		.string()
		.trim()
		.regex(
			/^[a-z][a-z0-9_]{1,40}$/,
			'must be 2–41 characters: a–z, 0–9 and _, starting with a letter'
		),
	nameTh: z.string().trim().min(1, 'must not be empty').max(200),
	nameEn: z.string().trim().min(1, 'must not be empty').max(200),
	sourceLine: z.string().trim().min(3, 'must say where the layer comes from').max(500),
	licence: z.string().trim().min(1, 'must name the licence (or "none stated")').max(200)
});
export type ConstraintLayerFields = z.infer<typeof constraintLayerFields>;

export type ConstraintUploadResult =
	| {
			status: 'stored';
			layerId: number;
			key: string;
			version: number;
			indicatorKey: string;
			featureCount: number;
			vertexCount: number;
			laoCount: number;
			/** LAOs with any of their area inside the layer. */
			laosTouched: number;
			warnings: string[];
			durationMs: number;
	  }
	| { status: 'refused'; problems: ConstraintProblem[] };

class Refused extends Error {
	constructor(readonly problems: ConstraintProblem[]) {
		super('constraint layer refused');
	}
}

/** The indicator holding each LAO's share inside a version of a layer. */
export const constraintIndicatorKey = (key: string, version: number) =>
	`constraint_${key}_v${version}`;

function isClosed(ring: readonly number[][]): boolean {
	const first = ring[0];
	const last = ring[ring.length - 1];
	return !!first && !!last && first[0] === last[0] && first[1] === last[1];
}

/**
 * The checks made before the database: one problem per feature and rule, so the officer sees
 * every feature to fix at once. Bow-ties and other invalid shapes are found by PostGIS.
 */
function checkFeatures(
	file: string,
	polygons: readonly MultiPolygon[],
	features: readonly number[],
	maxVertices: number
): { problems: ConstraintProblem[]; vertexCount: number } {
	const problems: ConstraintProblem[] = [];
	const [west, south, east, north] = thailandBbox;
	let vertexCount = 0;
	polygons.forEach((polygon, i) => {
		const feature = features[i]!;
		let minX = Infinity;
		let minY = Infinity;
		let maxX = -Infinity;
		let maxY = -Infinity;
		let unclosed = false;
		for (const part of polygon.coordinates) {
			for (const ring of part) {
				vertexCount += ring.length;
				if (!isClosed(ring)) unclosed = true;
				for (const [x, y] of ring) {
					if (x! < minX) minX = x!;
					if (x! > maxX) maxX = x!;
					if (y! < minY) minY = y!;
					if (y! > maxY) maxY = y!;
				}
			}
		}
		if (unclosed)
			problems.push({
				file,
				feature,
				field: 'geometry',
				rule: 'ring-unclosed',
				detail: 'a ring is not closed: its last position differs from its first'
			});
		if (maxX < west || minX > east || maxY < south || minY > north)
			problems.push({
				file,
				feature,
				field: 'geometry',
				rule: 'outside-thailand',
				detail: `the feature lies wholly outside Thailand (${minX.toFixed(3)}, ${minY.toFixed(3)} – ${maxX.toFixed(3)}, ${maxY.toFixed(3)}); check the coordinate system`
			});
	});
	if (vertexCount > maxVertices)
		problems.push({
			file,
			feature: null,
			field: 'file',
			rule: 'too-many-vertices',
			detail: `the layer has ${vertexCount.toLocaleString('en')} vertices; at most ${maxVertices.toLocaleString('en')} are accepted (simplify it)`
		});
	return { problems, vertexCount };
}

/** A zone-file problem (`features[3].coordinates…`) in the layer's contract. */
function fromZoneProblem(
	file: string,
	p: { rule: string; field?: string; message: string }
): ConstraintProblem {
	const match = /^features\[(\d+)\]/.exec(p.field ?? '');
	return {
		file,
		feature: match ? Number(match[1]) + 1 : null,
		field: match ? 'geometry' : (p.field ?? 'file'),
		rule: p.rule,
		detail: p.message
	};
}

/**
 * Uploads a constraint layer (DLA staff): reads the file (GeoJSON, KML or zipped shapefile in
 * any CRS, the zone import's reader), refuses it whole with every problem when it is empty,
 * outside Thailand, broken, too large or in an unknown CRS, and otherwise, in one transaction,
 * stores it as the next version of its key, computes with PostGIS every LAO's share of area
 * inside it (`constraint_<key>_v<version>`, 0–1, approximate where the LAO's geometry is), and
 * audits it. Nothing is stored when it is refused.
 */
export async function uploadConstraintLayer(
	db: Kysely<DB>,
	input: { actor: Actor | null; fields: unknown; fileName: string; bytes: Uint8Array },
	/** The limits (issue 13); a test lowers them rather than build a 2-million-vertex file. */
	limits: { maxBytes: number; maxVertices: number } = {
		maxBytes: maxConstraintFileBytes,
		maxVertices: maxConstraintVertices
	}
): Promise<ConstraintUploadResult> {
	// The command line and the bench pass no actor; a web upload needs DLA staff.
	if (input.actor && !canImportIndicators(input.actor))
		throw forbidden('Only DLA staff upload constraint layers');
	const started = performance.now();
	const file = path.basename(input.fileName.replaceAll('\\', '/')) || 'layer';
	const parsedFields = constraintLayerFields.safeParse(input.fields);
	if (!parsedFields.success)
		return {
			status: 'refused',
			problems: parsedFields.error.issues.map((issue) => ({
				file,
				feature: null,
				field: issue.path.join('.'),
				rule: 'invalid-field',
				detail: issue.message
			}))
		};
	const fields = parsedFields.data;

	let read: ReturnType<typeof readPolygonFile>;
	try {
		read = readPolygonFile(file, input.bytes, limits.maxBytes);
	} catch (error) {
		if (!(error instanceof DomainError)) throw error;
		const problems = (error.problems ?? []).map((p) => fromZoneProblem(file, p));
		return {
			status: 'refused',
			problems: problems.map((p) =>
				// The shapefile reader refuses a .prj it cannot transform: an unknown CRS.
				p.field === '.prj'
					? { ...p, rule: 'unknown-crs' }
					: p.rule === 'file.no_polygon'
						? { ...p, rule: 'empty' }
						: p
			)
		};
	}
	if (read.polygons.length === 0)
		return {
			status: 'refused',
			problems: [
				{ file, feature: null, field: 'file', rule: 'empty', detail: `${file} holds no polygon` }
			]
		};
	const checked = checkFeatures(file, read.polygons, read.features, limits.maxVertices);
	if (checked.problems.length > 0) return { status: 'refused', problems: checked.problems };

	const sha256 = createHash('sha256').update(input.bytes).digest('hex');
	try {
		return await db.transaction().execute(async (trx) => {
			await sql`SELECT pg_advisory_xact_lock(hashtext(${`constraint_layer:${fields.key}`}))`.execute(
				trx
			);
			const version = (await layers.latestVersionOf(trx, fields.key)) + 1;
			const indicatorKey = constraintIndicatorKey(fields.key, version);
			const layerId = await layers.insertLayer(trx, {
				key: fields.key,
				version,
				name_th: fields.nameTh,
				name_en: fields.nameEn,
				source_line: fields.sourceLine,
				licence: fields.licence,
				file_name: file,
				sha256,
				feature_count: read.polygons.length,
				vertex_count: checked.vertexCount,
				indicator_key: indicatorKey,
				created_by: input.actor?.username ?? null
			});
			await layers.insertPolygons(trx, layerId, read.polygons, read.features);
			const invalid = await layers.invalidPolygons(trx, layerId);
			if (invalid.length > 0)
				throw new Refused(
					invalid.map((p) => ({
						file,
						feature: p.feature,
						field: 'geometry',
						rule: /self-intersection|ring self/i.test(p.reason)
							? 'self-intersection'
							: 'invalid-polygon',
						detail: p.reason
					}))
				);
			const year = new Date().getUTCFullYear();
			const importId = await insertImportBatch(trx, {
				status: 'succeeded',
				trigger: input.actor ? 'upload' : 'cli',
				fileName: file,
				sha256,
				counts: { features: read.polygons.length, vertices: checked.vertexCount },
				messages: []
			});
			await trx
				.insertInto('indicator')
				.values({
					key: indicatorKey,
					name_th: `${fields.nameTh}: สัดส่วนพื้นที่ของ อปท. ที่อยู่ในชั้นข้อมูล (รุ่น ${version})`,
					name_en: `${fields.nameEn}: share of the LAO's area inside the layer (version ${version})`,
					unit: 'share',
					aggregation: 'area_weighted_mean',
					description: `Constraint layer ${fields.key}, version ${version}: ${fields.sourceLine} (${fields.licence})`
				})
				.execute();
			const counts = await layers.storeShares(trx, {
				layerId,
				indicatorKey,
				year,
				importId,
				source: `${fields.sourceLine} (${fields.licence}), version ${version}`
			});
			await appendAudit(trx, {
				actor: input.actor,
				action: 'constraint_layer.uploaded',
				entityType: 'constraint_layer',
				entityId: layerId,
				after: {
					key: fields.key,
					version,
					fileName: file,
					features: read.polygons.length,
					vertices: checked.vertexCount,
					...(input.actor ? {} : { via: 'cli' })
				}
			});
			return {
				status: 'stored' as const,
				layerId,
				key: fields.key,
				version,
				indicatorKey,
				featureCount: read.polygons.length,
				vertexCount: checked.vertexCount,
				laoCount: counts.laoCount,
				laosTouched: counts.laosTouched,
				warnings: read.warnings,
				durationMs: Math.round(performance.now() - started)
			};
		});
	} catch (error) {
		if (error instanceof Refused) return { status: 'refused', problems: error.problems };
		throw error;
	}
}
