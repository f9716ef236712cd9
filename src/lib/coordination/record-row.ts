import type { RecipientState, RecordKind } from './terms';

/** One row of a register or inbox table (the server's `RecordSummary`, plus the inbox's own state). */
export interface RecordRow {
	id: number;
	kind: RecordKind;
	subject: string;
	documentNumber: string | null;
	documentDate: string | null;
	createdAt: string;
	dueDate: string | null;
	overdue: boolean;
	isPublic: boolean;
	reportPeriod: string | null;
	sender: { th: string; en: string };
	recipients: { party: { th: string; en: string }; state: RecipientState }[];
	stateCounts: Record<RecipientState, number>;
	myState?: RecipientState;
	read?: boolean;
	daysOverdue?: number;
}

/** One record on a zone's or an LAO's timeline (the JSON timeline, `CoordinationTimeline`). */
export interface TimelineEntry {
	id: number;
	kind: RecordKind;
	subject: string;
	documentNumber: string | null;
	/** The document's date, else the day it was recorded (ISO). */
	date: string;
	dueDate: string | null;
	overdue: boolean;
	sender: { th: string; en: string };
	stateCounts: Record<RecipientState, number>;
}
