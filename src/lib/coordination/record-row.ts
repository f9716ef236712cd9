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
