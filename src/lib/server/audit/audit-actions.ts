import { allMessages, type Locale } from '../../i18n';

/**
 * The verbs of the audit trail, `<entity type>.<what happened>`. A service appends only these,
 * so every entry has a label in both languages (`auditAction_<verb with _ for .>` in
 * `$lib/i18n/messages/{th,en}/workflow.ts`; the spec checks each one). Add a verb here and its labels
 * there together.
 *
 * Zone entries use entity type `zone` and the zone's id whatever revision they concern (the
 * revision's id goes in `after`), so a zone's page lists its whole history with one query.
 */
export const auditActions = [
	'zone.created',
	'zone.revision_saved',
	'zone.submitted',
	'zone.withdrawn',
	'zone.approved',
	'zone.returned',
	'zone.rejected',
	'zone.revision_started',
	'zone.response_requested',
	'zone.response_answered',
	'user.created',
	'user.updated',
	'user.role_changed',
	'user.disabled',
	'user.enabled',
	'user.password_changed',
	'user.acting_designated',
	'user.acting_revoked',
	'user.login',
	'user.login_failed',
	'user.login_throttled',
	'user.logout',
	'scoring_model.published',
	'indicators.imported',
	'geodata.imported',
	'memo.saved',
	'office_emblem.uploaded',
	'constraint_layer.uploaded',
	'readiness_rules.changed',
	'partner.added',
	'partner.updated',
	'comment.published',
	'comment.hidden',
	'plan.saved',
	'plan.revision_started',
	'plan.submitted',
	'plan.approved',
	'plan.returned',
	'progress_report.saved',
	'progress_report.submitted',
	'progress_report.accepted',
	'progress_report.returned',
	'progress_report.attachment_added',
	'progress_report.attachment_changed',
	'progress_report.attachment_removed',
	'report_setting.changed'
] as const;
export type AuditAction = (typeof auditActions)[number];

/** The entity types of the verbs above, for the filter form. */
export const auditEntityTypes = [
	...new Set(auditActions.map((action) => action.slice(0, action.indexOf('.'))))
] as ReadonlyArray<AuditEntityType>;
export type AuditEntityType = AuditAction extends `${infer E}.${string}` ? E : never;

export function isAuditAction(value: string): value is AuditAction {
	return (auditActions as readonly string[]).includes(value);
}

/** The i18n key of a verb's label: `zone.revision_saved` → `auditAction_zone_revision_saved`. */
export function auditActionLabelKey(action: string): string {
	return `auditAction_${action.replace('.', '_')}`;
}

/** A verb's label in the locale, or the verb itself for one logged before it had a label. */
export function auditActionLabel(locale: Locale, action: string): string {
	const messages: Readonly<Record<string, string>> = allMessages()[locale];
	return messages[auditActionLabelKey(action)] ?? action;
}

/** An entity type's label in the locale (`auditEntity_<type>`), or the type itself. */
export function auditEntityLabel(locale: Locale, entityType: string): string {
	const messages: Readonly<Record<string, string>> = allMessages()[locale];
	return messages[`auditEntity_${entityType}`] ?? entityType;
}
