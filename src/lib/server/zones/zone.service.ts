import { bbox as turfBbox } from '@turf/turf';
import { sql, type Kysely } from 'kysely';
import type { MultiPolygon } from 'geojson';
import type { Actor } from '../../accounts/roles';
import { sameZoneGeometry } from '../../geo/zones/same-geometry';
import { parseZoneGeometry, countVertices } from '../../geo/zones/zone-geometry';
import type {
	ZoneContext,
	ZoneDiff,
	ZoneListItem,
	ZoneMetricsView,
	ZoneRevisionSummary,
	ZoneRevisionView,
	ZoneView
} from '../../zones/zone-api';
import { emptySwot, swotParts, type ZoneSwot } from '../../zones/readiness';
import type { ZoneAttributes } from '../../zones/zone-input';
import type { ZoneRuleLimits } from '../../zones/zone-rules';
import type { GeometrySource } from '../../zones/zone-terms';
import { canEditZonesIn, canViewZoneWorkingCopy } from '../accounts/permissions';
import { appendAudit } from '../audit/audit.repository';
import { availableEvents } from '../../zones/workflow';
import { startNextDraft } from './workflow-transitions';
import type { DB } from '../db/schema';
import { DomainError, forbidden, invalid, notFound, type Problem } from '../domain-errors';
import { loadOfficialModel } from '../scoring/scores-page.service';
import {
	exportCoveredLaosCsv,
	exportZoneGeoJSON,
	exportZoneKML,
	exportZoneShapefileZip,
	parseZoneFile,
	zoneExportBaseName
} from './zone-files';
import { measureZoneCoverage, type OfficialModelRef } from './zone-metrics';
import { validateZoneGeometry } from './zone-validation';
import { consultedDlaCodesOf, seesWorkingCopySql, zoneSight } from './zone-visibility';
import * as zones from './zone.repository';
import { resolveZonePartners } from '../partners/partner.service';
import type { RevisionRow, RevisionWithGeometryRow, ZoneRow } from './zone.repository';

/**
 * The zone domain: create, revise, read, compare and check SEDZ zones. Every function takes the
 * actor and checks the permission table (`accounts/permissions.ts`) itself; every mutation runs
 * in one transaction with its validation, so a refused save leaves nothing behind.
 *
 * Refusals: a zone the actor may not even know of answers `not_found`; one they may see but not
 * change answers `forbidden`; the public is always `forbidden` for changes.
 */

export interface ZoneInput {
	/** The SWOT may be left out (callers older than issue 17): it is then empty. */
	attributes: Omit<ZoneAttributes, 'swot'> & { swot?: ZoneSwot };
	geometry: unknown;
	geometrySource: GeometrySource;
}

// ---------------------------------------------------------------------------------------------
// Mapping

const iso = (value: Date | string) =>
	(value instanceof Date ? value : new Date(value)).toISOString();

function toZoneView(row: ZoneRow): ZoneView {
	return {
		id: row.id,
		provinceCode: row.province_code,
		status: row.status,
		currentRevisionId: row.current_revision_id,
		approvedRevisionId: row.approved_revision_id,
		submittedAt: row.submitted_at === null ? null : iso(row.submitted_at),
		createdAt: iso(row.created_at),
		updatedAt: iso(row.updated_at)
	};
}

function toSummary(row: NonNullable<RevisionRow>): ZoneRevisionSummary {
	return {
		id: row.id,
		zoneId: row.zone_id,
		revisionNumber: row.revision_number,
		name: row.name,
		areaKm2: row.area_km2,
		vertexCount: row.vertex_count,
		geometrySource: row.geometry_source,
		basedOnRevisionId: row.based_on_revision_id,
		createdAt: iso(row.created_at),
		createdById: row.created_by,
		createdByName: row.created_by_name
	};
}

function toRevisionView(row: RevisionWithGeometryRow): ZoneRevisionView {
	return {
		...toSummary(row),
		description: row.description,
		objectives: row.objectives,
		objectiveTags: row.objective_tags,
		partners: row.partners,
		swot: row.swot,
		geometry: JSON.parse(row.geometry) as MultiPolygon,
		coveredLaos: row.covered_laos,
		populationCovered: row.population_covered,
		score: row.score,
		scoringModelId: row.scoring_model_id,
		metrics: row.metrics
	};
}

// ---------------------------------------------------------------------------------------------
// Permissions

type Access = 'working_copy' | 'approved_only';

/**
 * What the actor may read of a zone (the rule of `zone-visibility.ts`); `not_found` when
 * nothing (its existence must not leak).
 */
export async function accessTo(
	db: Kysely<DB>,
	actor: Actor | null,
	zone: ZoneRow
): Promise<Access> {
	const consulted = await consultedDlaCodesOf(db, actor, [zone.id]);
	const sight = zoneSight(actor, {
		provinceCode: zone.province_code,
		status: zone.status,
		currentRevisionId: zone.current_revision_id,
		approvedRevisionId: zone.approved_revision_id,
		consultedDlaCodes: consulted.get(zone.id) ?? []
	});
	if (sight.sees === 'working_copy') return 'working_copy';
	if (sight.sees === 'in_force') return 'approved_only';
	throw notFound(`No zone ${zone.id}`);
}

/**
 * The working copy takes a new revision while it is a draft, or when the workflow lets the
 * planner start the next draft (returned, withdrawn, approved, or an amendment rejected while an
 * earlier revision stays in force): saving then is the `revise` event.
 */
export function canSaveOnState(zone: Pick<ZoneRow, 'status' | 'approved_revision_id'>): boolean {
	return (
		zone.status === 'draft' ||
		availableEvents({
			status: zone.status,
			approvedRevisionId: zone.approved_revision_id
		}).includes('revise')
	);
}

async function assertCanEdit(db: Kysely<DB>, actor: Actor | null, zone: ZoneRow): Promise<void> {
	if (!actor) throw forbidden('Sign in to change zones');
	await accessTo(db, actor, zone);
	if (!canEditZonesIn(actor, zone.province_code))
		throw forbidden(`You may not change zones in ${zone.province_code}`);
	if (!canSaveOnState(zone))
		throw new DomainError(
			'conflict',
			zone.status === 'submitted'
				? 'The zone is waiting for the governor’s decision: withdraw it to change it'
				: `A ${zone.status} zone cannot be changed`,
			[
				{
					rule: `workflow.${zone.status === 'submitted' ? 'withdraw_first' : 'closed'}`,
					field: 'status',
					message: `The zone is ${zone.status}`
				}
			]
		);
}

function assertCanEditIn(actor: Actor | null, provinceCode: string): asserts actor is Actor {
	if (!actor) throw forbidden('Sign in to plan zones');
	if (!canEditZonesIn(actor, provinceCode))
		throw forbidden(`You may not plan zones in ${provinceCode}`);
}

// ---------------------------------------------------------------------------------------------
// Saving

async function officialModelRef(db: Kysely<DB>): Promise<OfficialModelRef> {
	const scored = await zones.findScoredOfficialModel(db);
	if (scored) return scored;
	// Outside the save's transaction: on a database whose scores are not stored yet this
	// computes them, in transactions of its own.
	const official = await loadOfficialModel(db);
	return { id: official.id, name: official.name, version: official.version };
}

function parseGeometryOrThrow(geometry: unknown): MultiPolygon {
	const parsed = parseZoneGeometry(geometry);
	if (!parsed.valid) {
		throw invalid(
			parsed.problems.map(({ at, details, ...p }) => ({
				...p,
				field: 'geometry',
				details: { ...details, at }
			})),
			'The zone geometry is not valid GeoJSON'
		);
	}
	return parsed.geometry;
}

/** Validates, measures and inserts one revision; throws `invalid` with every problem found. */
async function writeRevision(
	trx: Kysely<DB>,
	args: {
		actor: Actor;
		rules: ZoneRuleLimits;
		zoneId: number;
		provinceCode: string;
		revisionNumber: number;
		basedOnRevisionId: number | null;
		input: ZoneInput;
		model: OfficialModelRef;
		extraMetrics?: Record<string, unknown>;
	}
): Promise<number> {
	const geometry = parseGeometryOrThrow(args.input.geometry);
	// Before the overlap check: no other save in these provinces can commit in between.
	await zones.lockProvincesForOverlap(
		trx,
		args.provinceCode,
		turfBbox(geometry) as [number, number, number, number]
	);
	const validation = await validateZoneGeometry(trx, {
		geometry,
		provinceCode: args.provinceCode,
		rules: args.rules,
		excludeZoneId: args.zoneId,
		viewer: args.actor
	});
	if (validation.problems.length > 0 || !validation.prepared) {
		throw invalid(validation.problems, 'The zone does not meet the rules');
	}
	const prepared = validation.prepared;
	const coverage = await measureZoneCoverage(trx, prepared.geomHex, args.model);
	const attributes = args.input.attributes;
	return zones.insertRevision(trx, {
		zoneId: args.zoneId,
		revisionNumber: args.revisionNumber,
		name: attributes.name,
		description: attributes.description,
		objectives: attributes.objectives,
		objectiveTags: attributes.objectiveTags,
		partners: await resolveZonePartners(trx, {
			actor: args.actor,
			provinceCode: args.provinceCode,
			partners: attributes.partners
		}),
		swot: attributes.swot ?? emptySwot(),
		geometrySource: args.input.geometrySource,
		geomHex: prepared.geomHex,
		areaKm2: prepared.areaKm2,
		vertexCount: prepared.vertexCount,
		coveredLaos: coverage.coveredLaos,
		populationCovered: coverage.populationCovered,
		score: coverage.score,
		scoringModelId: args.model.id,
		metrics: {
			...coverage.metrics,
			validation: {
				outsideProvinceKm2: prepared.outsideProvinceKm2,
				toleratedOverlaps: prepared.toleratedOverlaps,
				rules: args.rules
			},
			...args.extraMetrics
		},
		basedOnRevisionId: args.basedOnRevisionId,
		createdBy: args.actor.userId
	});
}

async function loadSaved(db: Kysely<DB>, zoneId: number, revisionId: number) {
	const [zone, revision] = await Promise.all([
		zones.findZone(db, zoneId),
		zones.findRevisionWithGeometry(db, { revisionId })
	]);
	return { zone: toZoneView(zone!), revision: toRevisionView(revision!) };
}

export interface SavedZone {
	zone: ZoneView;
	revision: ZoneRevisionView;
}

/**
 * Whether a save repeats `current` exactly: the same text, partners, tags, source and outline
 * (to the API's 7 decimals). Such a save makes no revision (a history of identical revisions
 * tells the reviewers nothing and asks the LAOs to look again for nothing).
 */
function repeatsRevision(current: ZoneRevisionView, input: ZoneInput, geometry: MultiPolygon) {
	const text = (attributes: {
		name: string;
		description?: string | null;
		objectives?: string | null;
		objectiveTags?: readonly string[] | null;
		partners?: readonly { sector: string; name: string }[] | null;
		swot?: ZoneSwot | null;
	}) =>
		JSON.stringify([
			attributes.name.trim(),
			attributes.description ?? '',
			attributes.objectives ?? '',
			attributes.objectiveTags ?? [],
			(attributes.partners ?? []).map((p) => [p.sector, p.name]),
			swotParts.map((part) => (attributes.swot ?? emptySwot())[part])
		]);
	return (
		current.geometrySource === input.geometrySource &&
		text(current) === text(input.attributes) &&
		sameZoneGeometry(current.geometry, geometry)
	);
}

/** What the audit log keeps of a revision (area in km²); the zone's id is the entry's entity. */
function auditedRevision(revision: ZoneRevisionSummary) {
	return {
		revisionId: revision.id,
		revisionNumber: revision.revisionNumber,
		name: revision.name,
		areaKm2: revision.areaKm2
	};
}

/** A new draft zone with its first revision. */
export async function createZone(
	db: Kysely<DB>,
	args: {
		actor: Actor | null;
		rules: ZoneRuleLimits;
		input: ZoneInput & { provinceCode: string };
		extraMetrics?: Record<string, unknown>;
	}
): Promise<SavedZone> {
	const { actor, input } = args;
	assertCanEditIn(actor, input.provinceCode);
	const model = await officialModelRef(db);
	return db.transaction().execute(async (trx) => {
		if (!(await zones.findProvince(trx, input.provinceCode))) {
			throw invalid([
				{
					rule: 'input.invalid',
					field: 'provinceCode',
					message: `There is no province ${input.provinceCode}`
				}
			]);
		}
		const zone = await zones.insertZone(trx, {
			provinceCode: input.provinceCode,
			createdBy: actor.userId
		});
		const revisionId = await writeRevision(trx, {
			actor,
			rules: args.rules,
			zoneId: zone.id,
			provinceCode: input.provinceCode,
			revisionNumber: 1,
			basedOnRevisionId: null,
			input,
			model,
			extraMetrics: args.extraMetrics
		});
		await zones.setCurrentRevision(trx, zone.id, revisionId);
		const saved = await loadSaved(trx, zone.id, revisionId);
		await appendAudit(trx, {
			actor,
			action: 'zone.created',
			entityType: 'zone',
			entityId: zone.id,
			provinceCode: input.provinceCode,
			after: { ...auditedRevision(saved.revision), geometrySource: saved.revision.geometrySource }
		});
		return saved;
	});
}

function attemptedSummary(baseRevisionId: number | null, input: ZoneInput) {
	const parsed = parseZoneGeometry(input.geometry);
	return {
		baseRevisionId,
		attributes: input.attributes,
		geometrySource: input.geometrySource,
		// The caller's whole geometry comes back, so nothing they drew is lost.
		geometry: input.geometry,
		vertexCount: parsed.valid ? countVertices(parsed.geometry) : null
	};
}

async function conflictError(
	db: Kysely<DB>,
	zone: ZoneRow,
	baseRevisionId: number | null,
	input: ZoneInput
): Promise<DomainError> {
	const current =
		zone.current_revision_id === null
			? undefined
			: await zones.findRevisionWithGeometry(db, { revisionId: zone.current_revision_id });
	const currentView = current ? toRevisionView(current) : null;
	return new DomainError(
		'conflict',
		currentView
			? `Revision ${currentView.revisionNumber} by ${currentView.createdByName} (${currentView.createdAt}) replaced the one you edited: nothing was saved`
			: 'The zone changed since you opened it: nothing was saved',
		[],
		undefined,
		{ current: currentView, attempted: attemptedSummary(baseRevisionId, input) }
	);
}

const isUniqueViolation = (error: unknown) =>
	typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/**
 * Saves a new revision on top of `baseRevisionId`. When someone else has saved since, the save
 * is refused with `conflict`, whose details carry both sides (the current revision, and what the
 * caller tried to save, geometry included): never silently overwritten.
 */
export async function saveZoneRevision(
	db: Kysely<DB>,
	args: {
		actor: Actor | null;
		rules: ZoneRuleLimits;
		zoneId: number;
		baseRevisionId: number | null;
		input: ZoneInput;
	}
): Promise<SavedZone & { unchanged: boolean }> {
	const { actor, zoneId, baseRevisionId, input } = args;
	if (!actor) throw forbidden('Sign in to change zones');
	const model = await officialModelRef(db);
	try {
		return await db.transaction().execute(async (trx) => {
			const zone = await zones.lockZone(trx, zoneId);
			if (!zone) throw notFound(`No zone ${zoneId}`);
			await assertCanEdit(trx, actor, zone);
			if (zone.current_revision_id !== baseRevisionId) {
				throw await conflictError(trx, zone, baseRevisionId, input);
			}
			if (zone.current_revision_id !== null) {
				const current = await zones.findRevisionWithGeometry(trx, {
					revisionId: zone.current_revision_id
				});
				const currentView = current ? toRevisionView(current) : null;
				if (
					currentView &&
					repeatsRevision(currentView, input, parseGeometryOrThrow(input.geometry))
				) {
					return { zone: toZoneView(zone), revision: currentView, unchanged: true };
				}
			}
			const revisionId = await writeRevision(trx, {
				actor,
				rules: args.rules,
				zoneId,
				provinceCode: zone.province_code,
				revisionNumber: await zones.nextRevisionNumber(trx, zoneId),
				basedOnRevisionId: baseRevisionId,
				input,
				model
			});
			const previous =
				zone.current_revision_id === null
					? undefined
					: await zones.findRevisionById(trx, zone.current_revision_id);
			if (zone.status === 'draft') await zones.setCurrentRevision(trx, zoneId, revisionId);
			// Saving on a returned, withdrawn or approved zone starts its next draft.
			else await startNextDraft(trx, { actor, zone, newRevisionId: revisionId });
			const saved = await loadSaved(trx, zoneId, revisionId);
			await appendAudit(trx, {
				actor,
				action: 'zone.revision_saved',
				entityType: 'zone',
				entityId: zoneId,
				provinceCode: zone.province_code,
				before: previous ? auditedRevision(toSummary(previous)) : null,
				after: auditedRevision(saved.revision)
			});
			return { ...saved, unchanged: false };
		});
	} catch (error) {
		// The unique (zone_id, revision_number) is the last guard behind the row lock.
		if (!isUniqueViolation(error)) throw error;
		const zone = await zones.findZone(db, zoneId);
		if (!zone) throw notFound(`No zone ${zoneId}`);
		throw await conflictError(db, zone, baseRevisionId, input);
	}
}

// ---------------------------------------------------------------------------------------------
// Reading

/** The revision the actor may read: the working copy, or (public) the approved revision. */
async function readableRevision(
	db: Kysely<DB>,
	actor: Actor | null,
	zone: ZoneRow,
	revisionNumber?: number
): Promise<RevisionWithGeometryRow> {
	const access = await accessTo(db, actor, zone);
	const pinned = access === 'approved_only' ? zone.approved_revision_id : zone.current_revision_id;
	const row =
		revisionNumber === undefined || access === 'approved_only'
			? pinned === null
				? undefined
				: await zones.findRevisionWithGeometry(db, { revisionId: pinned })
			: await zones.findRevisionWithGeometry(db, { zoneId: zone.id, revisionNumber });
	if (!row || (revisionNumber !== undefined && row.revision_number !== revisionNumber)) {
		throw notFound(`Zone ${zone.id} has no revision ${revisionNumber ?? '(current)'} you may read`);
	}
	return row;
}

async function findZoneOrThrow(db: Kysely<DB>, zoneId: number): Promise<ZoneRow> {
	const zone = await zones.findZone(db, zoneId);
	if (!zone) throw notFound(`No zone ${zoneId}`);
	return zone;
}

export async function getZone(
	db: Kysely<DB>,
	args: { actor: Actor | null; zoneId: number; revisionNumber?: number }
): Promise<SavedZone & { permissions: { canEdit: boolean } }> {
	const zone = await findZoneOrThrow(db, args.zoneId);
	const revision = await readableRevision(db, args.actor, zone, args.revisionNumber);
	const canEdit =
		args.actor !== null &&
		canEditZonesIn(args.actor, zone.province_code) &&
		canSaveOnState(zone) &&
		revision.id === zone.current_revision_id;
	return { zone: toZoneView(zone), revision: toRevisionView(revision), permissions: { canEdit } };
}

/** Zones the actor may see: working copies where allowed, approved zones everywhere. */
export async function listZones(
	db: Kysely<DB>,
	args: { actor: Actor | null; provinceCode?: string }
): Promise<ZoneListItem[]> {
	const rows = await zones.listZonesWithCurrent(db, {
		provinceCode: args.provinceCode,
		seesWorkingCopy: seesWorkingCopySql(args.actor)
	});
	return rows.map((r) => ({
		id: r.id,
		provinceCode: r.province_code,
		// Who reads only the revision in force sees an approved zone, whatever its working copy.
		status: r.sees_working_copy ? r.status : 'approved',
		approvedRevisionId: r.approved_revision_id,
		currentRevision:
			r.revision_id === null
				? null
				: {
						id: r.revision_id,
						zoneId: r.id,
						revisionNumber: r.revision_number!,
						name: r.name!,
						areaKm2: r.area_km2!,
						vertexCount: r.vertex_count!,
						geometrySource: r.geometry_source!,
						basedOnRevisionId: r.based_on_revision_id,
						createdAt: iso(r.created_at!),
						createdById: r.created_by!,
						createdByName: r.created_by_name!
					}
	}));
}

export async function listRevisions(
	db: Kysely<DB>,
	args: { actor: Actor | null; zoneId: number }
): Promise<ZoneRevisionSummary[]> {
	const zone = await findZoneOrThrow(db, args.zoneId);
	const access = await accessTo(db, args.actor, zone);
	const rows = await zones.listRevisions(db, zone.id);
	return rows
		.filter((r) => access === 'working_copy' || r.id === zone.approved_revision_id)
		.map(toSummary);
}

/** What changed between two revisions: geometry added and removed, with areas in km². */
export async function diffRevisions(
	db: Kysely<DB>,
	args: { actor: Actor | null; zoneId: number; fromRevision: number; toRevision: number }
): Promise<ZoneDiff> {
	const zone = await findZoneOrThrow(db, args.zoneId);
	if ((await accessTo(db, args.actor, zone)) !== 'working_copy')
		throw notFound(`No revisions of zone ${zone.id} to compare`);
	const { rows } = await sql<{
		from_km2: number;
		to_km2: number;
		added: string | null;
		removed: string | null;
		added_km2: number;
		removed_km2: number;
		unchanged_km2: number;
	}>`
		WITH a AS (SELECT geom FROM zone_revision WHERE zone_id = ${zone.id} AND revision_number = ${args.fromRevision}),
		b AS (SELECT geom FROM zone_revision WHERE zone_id = ${zone.id} AND revision_number = ${args.toRevision}),
		d AS (
			SELECT a.geom AS a, b.geom AS b,
				ST_Multi(ST_CollectionExtract(ST_Difference(b.geom, a.geom), 3)) AS added,
				ST_Multi(ST_CollectionExtract(ST_Difference(a.geom, b.geom), 3)) AS removed,
				ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) AS kept
			FROM a, b
		)
		SELECT ST_Area(a::geography) / 1e6 AS from_km2, ST_Area(b::geography) / 1e6 AS to_km2,
			CASE WHEN ST_IsEmpty(added) THEN NULL ELSE ST_AsGeoJSON(added, 7) END AS added,
			CASE WHEN ST_IsEmpty(removed) THEN NULL ELSE ST_AsGeoJSON(removed, 7) END AS removed,
			ST_Area(added::geography) / 1e6 AS added_km2,
			ST_Area(removed::geography) / 1e6 AS removed_km2,
			ST_Area(kept::geography) / 1e6 AS unchanged_km2
		FROM d
	`.execute(db);
	const row = rows[0];
	if (!row)
		throw notFound(`Zone ${zone.id} has no revision ${args.fromRevision} or ${args.toRevision}`);
	return {
		fromRevision: args.fromRevision,
		toRevision: args.toRevision,
		added: row.added ? (JSON.parse(row.added) as MultiPolygon) : null,
		removed: row.removed ? (JSON.parse(row.removed) as MultiPolygon) : null,
		addedKm2: row.added_km2 ?? 0,
		removedKm2: row.removed_km2 ?? 0,
		unchangedKm2: row.unchanged_km2 ?? 0,
		fromAreaKm2: row.from_km2,
		toAreaKm2: row.to_km2
	};
}

// ---------------------------------------------------------------------------------------------
// The workspace's helpers

/**
 * The server's verdict on a geometry without saving it (the workspace's "check on server"):
 * every problem, and the figures when the geometry could be measured. `zoneId` leaves that
 * zone's own current revision out of the overlap check.
 */
export async function previewZone(
	db: Kysely<DB>,
	args: {
		actor: Actor | null;
		rules: ZoneRuleLimits;
		provinceCode: string;
		geometry: unknown;
		zoneId?: number;
		/**
		 * False for the workspace's automatic check after each edit: the rules only, without the
		 * LAO coverage (the browser computes that itself, and it is most of the cost).
		 */
		withMetrics?: boolean;
	}
): Promise<{ problems: Problem[]; metrics: ZoneMetricsView | null }> {
	assertCanEditIn(args.actor, args.provinceCode);
	const parsed = parseZoneGeometry(args.geometry);
	if (!parsed.valid) {
		return {
			problems: parsed.problems.map(({ at, details, ...p }) => ({
				...p,
				field: 'geometry',
				details: { ...details, at }
			})),
			metrics: null
		};
	}
	const validation = await validateZoneGeometry(db, {
		geometry: parsed.geometry,
		provinceCode: args.provinceCode,
		rules: args.rules,
		excludeZoneId: args.zoneId,
		viewer: args.actor
	});
	if (!validation.prepared || args.withMetrics === false)
		return { problems: validation.problems, metrics: null };
	const model = await officialModelRef(db);
	const coverage = await measureZoneCoverage(db, validation.prepared.geomHex, model);
	return {
		problems: validation.problems,
		metrics: {
			areaKm2: validation.prepared.areaKm2,
			vertexCount: validation.prepared.vertexCount,
			coveredLaos: coverage.coveredLaos,
			populationCovered: coverage.populationCovered,
			score: coverage.score,
			scoringModelId: model.id
		}
	};
}

/**
 * The union of some LAOs of a province, as one MultiPolygon (the "click LAOs" way of drawing a
 * zone), clipped to the province. Each LAO must be in the province, not a PAO (a PAO is the whole province), and have a
 * geometry; problems name the code and its index.
 */
export async function unionOfLaos(
	db: Kysely<DB>,
	args: { actor: Actor | null; provinceCode: string; dlaCodes: readonly string[] }
): Promise<MultiPolygon> {
	assertCanEditIn(args.actor, args.provinceCode);
	const codes = [...new Set(args.dlaCodes)];
	const rows = await db
		.selectFrom('lao')
		.select([
			'dla_code',
			'province_code',
			'lao_type',
			sql<boolean>`geom IS NOT NULL`.as('has_geom')
		])
		.where('dla_code', 'in', codes)
		.execute();
	const byCode = new Map(rows.map((r) => [r.dla_code, r]));
	const problems: Problem[] = [];
	args.dlaCodes.forEach((code, index) => {
		const lao = byCode.get(code);
		const reason = !lao
			? 'is not in the LAO registry'
			: lao.province_code !== args.provinceCode
				? `is in ${lao.province_code}, not ${args.provinceCode}`
				: lao.lao_type === 'provincial_admin_org'
					? 'is a PAO, which covers the whole province'
					: !lao.has_geom
						? 'has no geometry (it is not linked to any tambon)'
						: null;
		if (reason) {
			problems.push({
				rule: 'lao.not_usable',
				field: `dlaCodes[${index}]`,
				message: `LAO ${code} ${reason}`,
				details: { dlaCode: code }
			});
		}
	});
	if (problems.length > 0) throw invalid(problems, 'Some LAOs cannot make a zone');
	// Snapped to the 7-decimal grid of the GeoJSON it travels as (ST_ReducePrecision keeps it
	// valid; plain rounding can make two close edges cross). Clipped to the province: a few LAOs are linked to a tambon across the province boundary in
	// the registry's links, and a zone belongs to one province.
	const { rows: union } = await sql<{ geometry: string }>`
		WITH u AS (SELECT ST_Union(geom) AS g FROM lao WHERE dla_code IN (${sql.join(codes)}))
		SELECT ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_ReducePrecision(
				CASE WHEN ST_CoveredBy(u.g, p.geom) THEN u.g ELSE ST_Intersection(u.g, p.geom) END,
				1e-7), 3)), 7) AS geometry
		FROM u, province p WHERE p.code = ${args.provinceCode}
	`.execute(db);
	return JSON.parse(union[0]!.geometry) as MultiPolygon;
}

/** "A candidate becomes a draft zone in one click": the union of its LAOs as a new draft. */
export async function createZoneFromCandidate(
	db: Kysely<DB>,
	args: {
		actor: Actor | null;
		rules: ZoneRuleLimits;
		provinceCode: string;
		memberDlaCodes: readonly string[];
		name?: string;
	}
): Promise<SavedZone> {
	const geometry = await unionOfLaos(db, {
		actor: args.actor,
		provinceCode: args.provinceCode,
		dlaCodes: args.memberDlaCodes
	});
	const seed = await db
		.selectFrom('lao')
		.select('name_th')
		.where('dla_code', '=', args.memberDlaCodes[0]!)
		.executeTakeFirstOrThrow();
	const others = new Set(args.memberDlaCodes).size - 1;
	const name =
		args.name ?? `เขตพัฒนาเศรษฐกิจพอเพียง ${seed.name_th}${others > 0 ? ` และอีก ${others} อปท.` : ''}`;
	return createZone(db, {
		actor: args.actor,
		rules: args.rules,
		input: {
			provinceCode: args.provinceCode,
			attributes: {
				name,
				description: '',
				objectives: '',
				objectiveTags: [],
				partners: [],
				swot: emptySwot()
			},
			geometry,
			geometrySource: 'candidate'
		},
		extraMetrics: { candidate: { memberDlaCodes: [...args.memberDlaCodes] } }
	});
}

/** Tolerance of the geometries sent to the browser, degrees (≈55 m at Thailand's latitudes). */
export const contextSimplifyDegrees = 0.0005;

/**
 * What the workspace needs to draw and preview a zone in a province: the province, its LAOs
 * with official figures (geometries simplified with ST_SimplifyPreserveTopology at
 * `contextSimplifyDegrees`), the official model, the rules and the other active zones the actor
 * may see.
 */
export async function getZoneContext(
	db: Kysely<DB>,
	args: { actor: Actor | null; rules: ZoneRuleLimits; provinceCode: string }
): Promise<ZoneContext> {
	const { actor, provinceCode } = args;
	const seesWorkingCopies = canViewZoneWorkingCopy(actor, {
		provinceCode,
		status: 'draft',
		responseRequestedFrom: []
	});
	if (!actor || !(canEditZonesIn(actor, provinceCode) || seesWorkingCopies)) {
		throw forbidden(`You may not plan zones in ${provinceCode}`);
	}
	const model = await officialModelRef(db);
	const { rows: provinces } = await sql<{
		code: string;
		name_th: string;
		name_en: string;
		west: number;
		south: number;
		east: number;
		north: number;
		geometry: string;
	}>`
		SELECT code, name_th, name_en, ST_XMin(geom) AS west, ST_YMin(geom) AS south,
			ST_XMax(geom) AS east, ST_YMax(geom) AS north,
			ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(geom, ${contextSimplifyDegrees})), 6) AS geometry
		FROM province WHERE code = ${provinceCode}
	`.execute(db);
	const province = provinces[0];
	if (!province) throw notFound(`No province ${provinceCode}`);
	const { rows: laos } = await sql<{
		dla_code: string;
		name_th: string;
		name_en: string | null;
		lao_type: ZoneContext['laos'][number]['laoType'];
		area_km2: number;
		population: number | null;
		score: number | null;
		geom_approximate: boolean;
		geometry: string;
		west: number;
		south: number;
		east: number;
		north: number;
	}>`
		SELECT l.dla_code, l.name_th, l.name_en, l.lao_type, l.area_km2, pe.population, s.score,
			l.geom_approximate,
			ST_AsGeoJSON(ST_SimplifyPreserveTopology(l.geom, ${contextSimplifyDegrees}), 6) AS geometry,
			ST_XMin(l.geom) AS west, ST_YMin(l.geom) AS south, ST_XMax(l.geom) AS east, ST_YMax(l.geom) AS north
		FROM lao l
		LEFT JOIN lao_population_estimate pe ON pe.dla_code = l.dla_code
		LEFT JOIN lao_score s ON s.dla_code = l.dla_code AND s.model_id = ${model.id}
		WHERE l.province_code = ${provinceCode} AND l.lao_type <> 'provincial_admin_org'
			AND l.geom IS NOT NULL AND l.area_km2 > 0
		ORDER BY l.dla_code
	`.execute(db);
	const overlapZones = await zones.listOverlapZonesOf(db, provinceCode);
	const consulted = await consultedDlaCodesOf(
		db,
		actor,
		overlapZones.map((z) => z.id)
	);
	// What the live check may draw: each zone as the actor may see it (`zone-visibility.ts`).
	// The working copy's reader also gets the revision in force of an amendment: both count.
	const active: ZoneContext['activeZones'] = overlapZones.flatMap((z) => {
		const sight = zoneSight(actor, {
			provinceCode: z.province_code,
			status: z.status,
			currentRevisionId: z.current_revision_id,
			approvedRevisionId: z.approved_revision_id,
			consultedDlaCodes: consulted.get(z.id) ?? []
		});
		const inForce =
			z.approved_geometry !== null && z.approved_name !== null
				? [
						{
							id: z.id,
							name: z.approved_name,
							status: 'approved' as const,
							geometry: JSON.parse(z.approved_geometry) as MultiPolygon
						}
					]
				: [];
		if (sight.sees === 'in_force') return inForce;
		if (sight.sees === 'nothing' || z.current_geometry === null || z.current_name === null)
			return [];
		const workingCopy = {
			id: z.id,
			name: z.current_name,
			status: z.status,
			geometry: JSON.parse(z.current_geometry) as MultiPolygon
		};
		return z.approved_revision_id === z.current_revision_id
			? [workingCopy]
			: [workingCopy, ...inForce];
	});
	return {
		province: {
			code: province.code,
			nameTh: province.name_th,
			nameEn: province.name_en,
			bbox: [province.west, province.south, province.east, province.north],
			geometry: JSON.parse(province.geometry) as MultiPolygon
		},
		laos: laos.map((l) => ({
			dlaCode: l.dla_code,
			nameTh: l.name_th,
			nameEn: l.name_en,
			laoType: l.lao_type,
			areaKm2: l.area_km2,
			population: l.population,
			score: l.score,
			approximate: l.geom_approximate,
			geometry: JSON.parse(l.geometry) as ZoneContext['laos'][number]['geometry'],
			bbox: [l.west, l.south, l.east, l.north]
		})),
		model: { id: model.id, name: model.name, version: model.version },
		rules: args.rules,
		activeZones: active,
		simplifiedDegrees: contextSimplifyDegrees
	};
}

/** A zone file read for the workspace: only those who may plan in the province may import. */
export async function importZoneFile(args: {
	actor: Actor | null;
	provinceCode: string;
	fileName: string;
	bytes: Uint8Array;
}) {
	assertCanEditIn(args.actor, args.provinceCode);
	return parseZoneFile(args.fileName, args.bytes);
}

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
