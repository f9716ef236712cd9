import { z } from 'zod';
import { workflowEvents } from './workflow';
import { laoAnswers } from '$lib/geo/zones/zone-terms';
import { overrideReasonMaxLength, type ReadinessOverride, type ZoneReadiness } from './readiness';
import type { DecisionReasonCode, WorkflowEvent } from './workflow';
import type { ZoneDiff, ZoneRevisionSummary, ZoneRevisionView, ZoneView } from './zone-api';
import type { LaoAnswer, ZoneStatus } from '$lib/geo/zones/zone-terms';

/** The JSON shapes of the review workflow (`/api/zones/[id]/workflow`, consultation, review). */

export interface TransitionView {
	id: number;
	zoneId: number;
	revisionId: number;
	revisionNumber: number;
	event: WorkflowEvent;
	fromStatus: ZoneStatus;
	toStatus: ZoneStatus;
	actorUserId: number;
	actorName: string;
	actorPosition: string | null;
	/** The governor an acting governor decided for (ปฏิบัติราชการแทน); null otherwise. */
	actingForUserId: number | null;
	actingForName: string | null;
	reasonCodes: DecisionReasonCode[];
	reasonText: string;
	/** For decisions: the data the revision was measured with and the data current then. */
	dataVersions: Record<string, unknown> | null;
	/** An approval although readiness rules were unmet: the governor's reason (issue 17). */
	readinessOverride: ReadinessOverride | null;
	createdAt: string;
}

export interface WorkflowResult {
	zone: ZoneView;
	transition: TransitionView;
}

export interface ConsultationEntry {
	dlaCode: string;
	/** From the registry; null if the LAO has since left it. */
	nameTh: string | null;
	/** The registry's English name, where it has one. */
	nameEn: string | null;
	laoType: string | null;
	requestedAt: string;
	requestedRevisionNumber: number;
	requestedByName: string;
	/** The latest answer; null while the LAO has not answered. */
	answer: {
		answer: LaoAnswer;
		comment: string;
		answeredAt: string;
		revisionNumber: number;
		respondedByName: string;
		respondedByPosition: string | null;
		/** Given about an earlier revision than the one now in the working copy. */
		aboutEarlierRevision: boolean;
	} | null;
}

export interface ConsultationSummary {
	entries: ConsultationEntry[];
	counts: Record<LaoAnswer | 'not_answered', number>;
	/** Covered LAOs of the working copy that were never asked. */
	notConsulted: { dlaCode: string; nameTh: string; nameEn: string | null }[];
}

export interface ReviewQueueItem {
	zoneId: number;
	provinceCode: string;
	provinceNameTh: string;
	provinceNameEn: string;
	name: string;
	revisionNumber: number;
	areaKm2: number;
	score: number | null;
	submittedAt: string;
	waitedSeconds: number;
	/** An amendment of a zone already in force. */
	isAmendment: boolean;
	answers: Record<LaoAnswer | 'not_answered', number>;
}

export interface AttributeChange {
	field: 'name' | 'description' | 'objectives' | 'objectiveTags' | 'partners' | 'swot';
	before: unknown;
	after: unknown;
}

export interface RevisionComparison {
	from: ZoneRevisionSummary;
	to: ZoneRevisionSummary;
	diff: ZoneDiff;
	attributeChanges: AttributeChange[];
	/** Covered LAOs added and removed (DLA codes). */
	laosAdded: string[];
	laosRemoved: string[];
}

export interface ReviewView {
	zone: ZoneView;
	provinceNameTh: string;
	provinceNameEn: string;
	revision: ZoneRevisionView;
	/** Against the revision before the one under review; null for a first revision. */
	sincePrevious: RevisionComparison | null;
	/** Against the revision in force; null before the first approval. */
	sinceApproved: RevisionComparison | null;
	consultation: ConsultationSummary;
	/** The readiness checklists (issue 17) the server enforces on submit and approve. */
	readiness: ZoneReadiness;
	transitions: TransitionView[];
	/**
	 * Earlier returns of this zone, newest first, each with what changed between the revision
	 * returned and the one under review: the reviewer's second look.
	 */
	earlierReturns: { transition: TransitionView; changedSince: RevisionComparison | null }[];
	/** Whether the actor may decide now, and for whom when acting. */
	decide: { allowed: boolean; actingForName: string | null };
	availableEvents: WorkflowEvent[];
}

// ---- Request bodies, parsed with zod at the routes' boundary (and usable by the forms).

const revisionId = z.coerce.number().int().positive('must be a revision id');

export const workflowEventBodySchema = z.object({
	event: z.enum(workflowEvents),
	revisionId,
	// Checked against the reason codes by `validateDecision`, whose problems name each one.
	reasonCodes: z.array(z.string().max(100)).max(20).default([]),
	reasonText: z.string().max(10_000).default(''),
	/**
	 * An approval although readiness rules are unmet: the governor's written reason. Checked by
	 * the workflow service, which refuses it empty when rules are unmet.
	 */
	overrideReason: z.string().max(overrideReasonMaxLength).optional()
});
export type WorkflowEventBody = z.output<typeof workflowEventBodySchema>;

export const consultationRequestBodySchema = z.object({
	revisionId,
	dlaCodes: z
		.array(z.string().regex(/^[0-9]{7}$/, 'must be a 7-digit DLA code'))
		.max(500)
		.optional()
});

export const consultationAnswerBodySchema = z.object({
	revisionId,
	answer: z.enum(laoAnswers),
	comment: z.string().max(10_000).default('')
});
