import type { Locale } from '../../i18n';
import { presentAuditChanges, type PresentedAuditChanges } from '../../audit/audit-fields';
import { auditActionLabel, auditEntityLabel } from './audit-actions';
import { auditChanges } from './audit-diff';
import type { AuditEntry } from './audit.repository';

/** An audit entry as the pages show it: labels in the locale and the changed keys. */
export interface AuditEntryView {
	id: number;
	occurredAt: string;
	actorUsername: string | null;
	/** The person as officials know them: name and position (the username only if nothing else). */
	actorName: string | null;
	actingForUsername: string | null;
	actingForName: string | null;
	action: string;
	actionLabel: string;
	entityType: string;
	entityLabel: string;
	entityId: string;
	provinceCode: string | null;
	/** The changed fields in the locale's words, and the technical rest (ids, raw JSON). */
	changes: PresentedAuditChanges;
}

export function toAuditEntryView(locale: Locale, e: AuditEntry): AuditEntryView {
	return {
		id: e.id,
		occurredAt: e.occurredAt.toISOString(),
		actorUsername: e.actorUsername,
		actorName: personName(e.actorName, e.actorPosition) ?? e.actorUsername,
		actingForUsername:
			e.actingForUsername ?? (e.actingForUserId === null ? null : `#${e.actingForUserId}`),
		actingForName:
			personName(e.actingForName, e.actingForPosition) ??
			e.actingForUsername ??
			(e.actingForUserId === null ? null : `#${e.actingForUserId}`),
		action: e.action,
		actionLabel: auditActionLabel(locale, e.action),
		entityType: e.entityType,
		entityLabel: auditEntityLabel(locale, e.entityType),
		entityId: e.entityId,
		provinceCode: e.provinceCode,
		changes: presentedChanges(locale, e)
	};
}

/** `นายสมชาย ใจดี (ท้องถิ่นจังหวัดขอนแก่น)`: the name, and the position when there is one. */
function personName(name: string | null, position: string | null): string | null {
	if (!name) return null;
	return position ? `${name} (${position})` : name;
}

function presentedChanges(locale: Locale, e: AuditEntry): PresentedAuditChanges {
	const { shown, technical } = presentAuditChanges(locale, auditChanges(e.before, e.after));
	return {
		shown,
		technical: technical.map((change) => ({
			key: change.key,
			before: shownValue(change.before),
			after: shownValue(change.after)
		}))
	};
}

/** A JSON string shown without its quotes and escapes; numbers, lists and objects as JSON. */
function shownValue(json: string | null): string | null {
	if (json === null || !json.startsWith('"')) return json;
	try {
		return JSON.parse(json) as string;
	} catch {
		// Shortened by auditChanges ("…"): no longer valid JSON.
		return json.slice(1);
	}
}
