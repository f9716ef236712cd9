import { bbox as turfBbox } from '@turf/turf';
import type { Kysely } from 'kysely';
import type { MultiPolygon } from 'geojson';
import type { Actor } from '../../accounts/roles';
import { sameZoneGeometry } from '../../geo/zones/same-geometry';
import { parseZoneGeometry, countVertices } from '../../geo/zones/zone-geometry';
import type {
	ZoneDiff,
	ZoneListItem,
	ZoneRevisionSummary,
	ZoneRevisionView,
	ZoneView
} from '../../zones/zone-api';
import { emptySwot, swotParts, type ZoneSwot } from '../../zones/readiness';
import type { ZoneAttributes } from '../../zones/zone-input';
import type { ZoneRuleLimits } from '../../geo/zones/zone-rules';
import type { GeometrySource } from '../../geo/zones/zone-terms';
import { canEditZonesIn } from '../accounts/permissions';
import { appendAudit } from '../audit/audit.repository';
import { startNextDraft } from './workflow-transitions';
import type { DB } from '../db/schema';
import { DomainError, forbidden, invalid, notFound } from '../domain-errors';
import { accessTo, assertCanEdit, assertCanEditIn, canSaveOnState } from './zone-access';
import { measureZoneCoverage, officialModelRef, type OfficialModelRef } from './zone-metrics';
import { geometryFieldProblems, validateZoneGeometry } from './zone-validation';
import { toListItem, toRevisionView, toSummary, toZoneView } from './zone-views';
import { seesWorkingCopySql } from './zone-visibility';
import * as zones from './zone.repository';
import { resolveZonePartners } from '../partners/partner.service';
import type { RevisionWithGeometryRow, ZoneRow } from './zone.repository';

/**
 * The zone domain: create, revise, read, compare SEDZ zones. Every function takes the actor and
 * checks the permission table itself (`zone-access.ts`); every mutation runs in one transaction
 * with its validation, so a refused save leaves nothing behind. The workspace's helpers are in
 * `zone-workspace.service.ts`, the downloads in `zone-export.service.ts`. Just over 400 lines:
 * saving (validation, conflicts, unchanged saves) is one concern with its reads.
 */

export interface ZoneInput {
	/** The SWOT may be left out (callers older than issue 17): it is then empty. */
	attributes: Omit<ZoneAttributes, 'swot'> & { swot?: ZoneSwot };
	geometry: unknown;
	geometrySource: GeometrySource;
}

// ---------------------------------------------------------------------------------------------
// Saving

function parseGeometryOrThrow(geometry: unknown): MultiPolygon {
	const parsed = parseZoneGeometry(geometry);
	if (!parsed.valid) {
		throw invalid(geometryFieldProblems(parsed.problems), 'The zone geometry is not valid GeoJSON');
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
	return rows.map(toListItem);
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
	const row = await zones.diffRevisionGeometries(db, {
		zoneId: zone.id,
		fromRevision: args.fromRevision,
		toRevision: args.toRevision
	});
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
