import { bangkokDay } from '../../thai-calendar';
import type { ZoneSwot } from '../../zones/readiness';
import type { Kysely } from 'kysely';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import {
	networkSectors,
	type CoveredLao,
	type NetworkSector,
	type ZonePartner
} from '../../geo/zones/zone-terms';
import type { DB } from '../db/schema';
import { notFound } from '../domain-errors';
import { checkedVersion } from '../checked-version';
import * as publicRepo from './public-zone.repository';
import { approvedZonesVersion } from './zone.repository';
import * as places from '../places/place.repository';

/**
 * What everyone may read of a zone: its revision in force (`zone.approved_revision_id`), never
 * the working copy. A zone never approved does not exist for the public (`not_found`, so its
 * existence does not leak). Public views name organisations and positions, never people: the
 * approval is "ผู้ว่าราชการจังหวัดขอนแก่น", not the governor's name.
 */

/**
 * The approved zones' data version for the public caches, asked of the database at most once a
 * second unless this instance wrote meanwhile (`checked-version.ts`).
 */
export const approvedZonesVersionChecked = checkedVersion(approvedZonesVersion);

export interface PublicApprover {
	/** "ผู้ว่าราชการจังหวัดขอนแก่น" / "Governor of Khon Kaen". */
	positionTh: string;
	positionEn: string;
	/** Decided by someone acting for the governor (ปฏิบัติราชการแทน). */
	acting: boolean;
	/** The acting official's own position, when recorded ("รองผู้ว่าราชการจังหวัดขอนแก่น"). */
	actingPosition: string | null;
}

/** The versions of the data the approved figures were measured with (from the revision). */
export interface PublicDataVersions {
	importRunId: number | null;
	populationReferenceDate: string | null;
	scoringModelId: number | null;
}

/** One figure of the zone with where it comes from (from the revision's `metrics`). */
export interface PublicFigureSources {
	area: string | null;
	coveredLaos: string | null;
	population: string | null;
	score: string | null;
}

export interface PublicZone {
	id: number;
	provinceCode: string;
	provinceNameTh: string;
	provinceNameEn: string | null;
	revision: {
		id: number;
		revisionNumber: number;
		name: string;
		description: string;
		objectives: string;
		objectiveTags: string[];
		/** Partners grouped by the seven network sectors, in the glossary's order; empty sectors left out. */
		partnersBySector: { sector: NetworkSector; names: string[] }[];
		/** Strengths, weaknesses, opportunities, threats (issue 17). */
		swot: ZoneSwot;
		geometry: MultiPolygon;
		/** West, south, east, north. */
		bbox: [number, number, number, number];
		areaKm2: number;
		coveredLaos: CoveredLao[];
		populationCovered: number | null;
		score: number | null;
		scoringModel: { id: number; name: string; version: number } | null;
		dataVersions: PublicDataVersions;
		sources: PublicFigureSources;
	};
	/** When the governor approved this revision (ISO instant); null if no approval is recorded. */
	approvedAt: string | null;
	approvedBy: PublicApprover | null;
}

export interface PublicZoneListItem {
	id: number;
	provinceCode: string;
	provinceNameTh: string;
	provinceNameEn: string | null;
	name: string;
	revisionNumber: number;
	areaKm2: number;
	coveredLaoCount: number;
	populationCovered: number | null;
	approvedAt: string | null;
	/** The approval's calendar day in Asia/Bangkok (ISO `YYYY-MM-DD`), for display in the BE. */
	approvedOn: string | null;
}

/** A province with approved zones, for the public filters. */
export interface PublicZoneProvince {
	code: string;
	nameTh: string;
	nameEn: string | null;
	zoneCount: number;
}

/** What the public map shows of an approved zone (its popup), beside the drawn geometry. */
export type PublicZoneMapProperties = Omit<PublicZoneListItem, 'revisionNumber'>;

export interface PublicZonesMap extends FeatureCollection<MultiPolygon, PublicZoneMapProperties> {
	/** West, south, east, north of every zone, or null when there is none. */
	bbox?: [number, number, number, number];
}

const record = (value: unknown): Record<string, unknown> =>
	typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const integer = (value: unknown): number | null =>
	typeof value === 'number' && Number.isInteger(value) ? value : null;

function groupPartners(partners: ZonePartner[]): PublicZone['revision']['partnersBySector'] {
	return networkSectors
		.map((sector) => ({
			sector,
			names: partners.filter((p) => p.sector === sector).map((p) => p.name)
		}))
		.filter((group) => group.names.length > 0);
}

/** The zone's revision in force, for everyone (no actor: nothing here depends on who asks). */
export async function getPublicZone(db: Kysely<DB>, args: { zoneId: number }): Promise<PublicZone> {
	const row = await publicRepo.findApprovedRevision(db, args.zoneId);
	if (!row) throw notFound(`No approved zone ${args.zoneId}`);

	// The latest approval of this very revision (an amendment approved later moves the pointer).
	const approval = await publicRepo.findLatestApproval(db, {
		zoneId: row.id,
		revisionId: row.revision_id
	});

	const metrics = record(row.metrics);
	const coveredMetrics = record(metrics.coveredLaos);
	const populationMetrics = record(metrics.population);
	const scoreMetrics = record(metrics.score);
	const acting = approval ? approval.acting_for_user_id !== null : false;
	return {
		id: row.id,
		provinceCode: row.province_code,
		provinceNameTh: row.province_name_th,
		provinceNameEn: row.province_name_en,
		revision: {
			id: row.revision_id,
			revisionNumber: row.revision_number,
			name: row.name,
			description: row.description,
			objectives: row.objectives,
			objectiveTags: row.objective_tags,
			partnersBySector: groupPartners(row.partners),
			swot: row.swot,
			geometry: JSON.parse(row.geometry) as MultiPolygon,
			bbox: [row.west, row.south, row.east, row.north],
			areaKm2: row.area_km2,
			coveredLaos: row.covered_laos,
			populationCovered: row.population_covered,
			score: row.score,
			scoringModel:
				row.scoring_model_id !== null && row.model_name !== null && row.model_version !== null
					? { id: row.scoring_model_id, name: row.model_name, version: row.model_version }
					: null,
			dataVersions: {
				importRunId: integer(coveredMetrics.importRunId),
				populationReferenceDate: text(populationMetrics.referenceDate),
				scoringModelId: integer(scoreMetrics.modelId) ?? row.scoring_model_id
			},
			sources: {
				area: text(record(metrics.area).method),
				coveredLaos: text(coveredMetrics.source),
				population: text(populationMetrics.source),
				score: text(scoreMetrics.method)
			}
		},
		approvedAt: approval ? new Date(approval.created_at).toISOString() : null,
		approvedBy: approval
			? {
					positionTh: `ผู้ว่าราชการจังหวัด${row.province_name_th}`,
					positionEn: `Governor of ${row.province_name_en ?? row.province_code}`,
					acting,
					actingPosition: acting ? (approval.actor_position ?? null) : null
				}
			: null
	};
}

/** Every zone with a revision in force (of one province, or all), by province then zone. */
export async function listPublicZones(
	db: Kysely<DB>,
	args: { provinceCode?: string } = {}
): Promise<PublicZoneListItem[]> {
	const rows = await publicRepo.listApprovedZones(db, args.provinceCode);
	return rows.map((r) => {
		const approvedAt = r.approved_at ? new Date(r.approved_at) : null;
		return {
			id: r.id,
			provinceCode: r.province_code,
			provinceNameTh: r.province_name_th,
			provinceNameEn: r.province_name_en,
			name: r.name,
			revisionNumber: r.revision_number,
			areaKm2: r.area_km2,
			coveredLaoCount: Number(r.covered_lao_count),
			populationCovered: r.population_covered,
			approvedAt: approvedAt ? approvedAt.toISOString() : null,
			approvedOn: approvedAt ? bangkokDay(approvedAt) : null
		};
	});
}

/** Provinces with at least one approved zone, by code, for the public filters. */
export async function listPublicZoneProvinces(db: Kysely<DB>): Promise<PublicZoneProvince[]> {
	const rows = await publicRepo.listProvincesWithApprovedZones(db);
	return rows.map((r) => ({
		code: r.code,
		nameTh: r.name_th,
		nameEn: r.name_en,
		zoneCount: Number(r.zone_count)
	}));
}

/** True when `code` names a province (whether or not it has approved zones). */
export async function provinceExists(db: Kysely<DB>, code: string): Promise<boolean> {
	return places.provinceExists(db, code);
}

/**
 * Tolerance of the map's simplified outlines, degrees (about 20 m): invisible at the zooms a
 * whole province is seen at, and it keeps the map's payload small. Downloads keep full detail.
 */
const mapSimplifyDegrees = 0.0002;

/**
 * The approved zones for the public map: each at its revision in force, simplified for display,
 * with what its popup shows. Ordered like the list (province, then name).
 */
export async function publicZonesMap(
	db: Kysely<DB>,
	args: { provinceCode?: string } = {}
): Promise<PublicZonesMap> {
	const listed = await listPublicZones(db, args);
	if (listed.length === 0) return { type: 'FeatureCollection', features: [] };
	const shapes = await publicRepo.listApprovedOutlines(db, {
		zoneIds: listed.map((z) => z.id),
		simplifyDegrees: mapSimplifyDegrees
	});
	const byId = new Map(shapes.map((s) => [s.id, s]));
	const bbox: [number, number, number, number] = [180, 90, -180, -90];
	const features = listed.flatMap((zone) => {
		const shape = byId.get(zone.id);
		if (!shape) return [];
		bbox[0] = Math.min(bbox[0], shape.west);
		bbox[1] = Math.min(bbox[1], shape.south);
		bbox[2] = Math.max(bbox[2], shape.east);
		bbox[3] = Math.max(bbox[3], shape.north);
		// eslint-disable-next-line @typescript-eslint/no-unused-vars -- left out of the map's properties
		const { revisionNumber, ...properties } = zone;
		return [
			{
				type: 'Feature' as const,
				id: zone.id,
				geometry: JSON.parse(shape.geometry) as MultiPolygon,
				properties
			}
		];
	});
	return { type: 'FeatureCollection', bbox, features };
}
