import type { MultiPolygon } from 'geojson';
import type {
	ZoneListItem,
	ZoneRevisionSummary,
	ZoneRevisionView,
	ZoneView
} from '../../zones/zone-api';
import type { DecisionReasonCode } from '../../zones/workflow';
import type { TransitionView } from '../../zones/workflow-api';
import type { TransitionRow } from './workflow.repository';
import type { RevisionRow, RevisionWithGeometryRow, ZoneListRow, ZoneRow } from './zone.repository';

/**
 * Database rows → the API's zone views (`$lib/zones/zone-api.ts`), in one place: dates as ISO
 * text, geometry parsed from the repository's GeoJSON text.
 */

export const isoTimestamp = (value: Date | string) =>
	(value instanceof Date ? value : new Date(value)).toISOString();

export function toZoneView(row: ZoneRow): ZoneView {
	return {
		id: row.id,
		provinceCode: row.province_code,
		status: row.status,
		currentRevisionId: row.current_revision_id,
		approvedRevisionId: row.approved_revision_id,
		submittedAt: row.submitted_at === null ? null : isoTimestamp(row.submitted_at),
		createdAt: isoTimestamp(row.created_at),
		updatedAt: isoTimestamp(row.updated_at)
	};
}

/** The columns a revision summary is made of (a revision row, or a zone-list row's revision). */
type RevisionSummaryRow = Pick<
	RevisionRow,
	| 'id'
	| 'zone_id'
	| 'revision_number'
	| 'name'
	| 'area_km2'
	| 'vertex_count'
	| 'geometry_source'
	| 'based_on_revision_id'
	| 'created_at'
	| 'created_by'
	| 'created_by_name'
>;

export function toSummary(row: RevisionSummaryRow): ZoneRevisionSummary {
	return {
		id: row.id,
		zoneId: row.zone_id,
		revisionNumber: row.revision_number,
		name: row.name,
		areaKm2: row.area_km2,
		vertexCount: row.vertex_count,
		geometrySource: row.geometry_source,
		basedOnRevisionId: row.based_on_revision_id,
		createdAt: isoTimestamp(row.created_at),
		createdById: row.created_by,
		createdByName: row.created_by_name
	};
}

export function toRevisionView(row: RevisionWithGeometryRow): ZoneRevisionView {
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

/** One row of `listZonesWithCurrent` as the zone list shows it. */
export function toListItem(row: ZoneListRow): ZoneListItem {
	return {
		id: row.id,
		provinceCode: row.province_code,
		// Who reads only the revision in force sees an approved zone, whatever its working copy.
		status: row.sees_working_copy ? row.status : 'approved',
		approvedRevisionId: row.approved_revision_id,
		currentRevision:
			row.revision_id === null
				? null
				: toSummary({
						id: row.revision_id,
						zone_id: row.id,
						revision_number: row.revision_number!,
						name: row.name!,
						area_km2: row.area_km2!,
						vertex_count: row.vertex_count!,
						geometry_source: row.geometry_source!,
						based_on_revision_id: row.based_on_revision_id,
						created_at: row.created_at!,
						created_by: row.created_by!,
						created_by_name: row.created_by_name!
					})
	};
}

export function toTransitionView(row: TransitionRow): TransitionView {
	return {
		id: row.id,
		zoneId: row.zone_id,
		revisionId: row.revision_id,
		revisionNumber: row.revision_number,
		event: row.event,
		fromStatus: row.from_status,
		toStatus: row.to_status,
		actorUserId: row.actor_user_id,
		actorName: row.actor_name,
		actorPosition: row.actor_position,
		actingForUserId: row.acting_for_user_id,
		actingForName: row.acting_for_name,
		reasonCodes: row.reason_codes as DecisionReasonCode[],
		reasonText: row.reason_text,
		dataVersions: row.data_versions,
		readinessOverride: row.readiness_override,
		createdAt: isoTimestamp(row.created_at)
	};
}
