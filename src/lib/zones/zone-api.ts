import type { MultiPolygon } from 'geojson';
import type { ZoneContextLao } from '../geo/zones/zone-metrics';
import type {
	CoveredLao,
	GeometrySource,
	ZonePartner,
	ZoneStatus
} from '$lib/geo/zones/zone-terms';
import type { ZoneSwot } from './readiness';
import type { ZoneRuleLimits } from '$lib/geo/zones/zone-rules';

/** The JSON shapes of `/api/zones/**`, shared by the server and the planner workspace. */

export interface ZoneView {
	id: number;
	provinceCode: string;
	status: ZoneStatus;
	/** The working copy's latest revision. */
	currentRevisionId: number | null;
	/** The revision in force (public); null until the governor first approves. */
	approvedRevisionId: number | null;
	/** When the working copy was last submitted for a decision. */
	submittedAt: string | null;
	createdAt: string;
	updatedAt: string;
}

/** A revision without its geometry and figures: lists, conflicts, history. */
export interface ZoneRevisionSummary {
	id: number;
	zoneId: number;
	revisionNumber: number;
	name: string;
	/** Official ellipsoidal area, km². */
	areaKm2: number;
	vertexCount: number;
	geometrySource: GeometrySource;
	basedOnRevisionId: number | null;
	createdAt: string;
	createdById: number;
	createdByName: string;
}

export interface ZoneRevisionView extends ZoneRevisionSummary {
	description: string;
	objectives: string;
	objectiveTags: string[];
	partners: ZonePartner[];
	swot: ZoneSwot;
	geometry: MultiPolygon;
	coveredLaos: CoveredLao[];
	/** People, area-proportional estimate; null when no covered LAO has a population. */
	populationCovered: number | null;
	score: number | null;
	scoringModelId: number | null;
	/** How each figure was computed, with data versions. */
	metrics: Record<string, unknown>;
}

export interface ZoneListItem {
	id: number;
	provinceCode: string;
	/** The working copy's status; `approved` for who reads only the revision in force. */
	status: ZoneStatus;
	approvedRevisionId: number | null;
	currentRevision: ZoneRevisionSummary | null;
}

export interface ZoneMetricsView {
	areaKm2: number;
	vertexCount: number;
	coveredLaos: CoveredLao[];
	populationCovered: number | null;
	score: number | null;
	scoringModelId: number | null;
}

export interface ZoneDiff {
	fromRevision: number;
	toRevision: number;
	/** In `to` but not in `from`; null when nothing was added. */
	added: MultiPolygon | null;
	removed: MultiPolygon | null;
	addedKm2: number;
	removedKm2: number;
	unchangedKm2: number;
	fromAreaKm2: number;
	toAreaKm2: number;
}

export interface ZoneContext {
	province: {
		code: string;
		nameTh: string;
		nameEn: string;
		bbox: [number, number, number, number];
		/** Simplified for the browser (see `contextSimplifyDegrees`). */
		geometry: MultiPolygon;
	};
	laos: ZoneContextLao[];
	model: { id: number; name: string; version: number } | null;
	rules: ZoneRuleLimits;
	activeZones: { id: number; name: string; status: ZoneStatus; geometry: MultiPolygon }[];
	/** Tolerance of ST_SimplifyPreserveTopology for the browser's geometries, degrees. */
	simplifiedDegrees: number;
}
