import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import { canBrowseAudit } from '../accounts/permissions';
import type { DB } from '../db/schema';
import { forbidden } from '../domain-errors';
import {
	listAuditEntries,
	type AuditEntry,
	type AuditFilters,
	type AuditPage
} from './audit.repository';

/** Entries per page of the audit browser. */
export const auditPageSize = 50;
/** The export's ceiling: past it the file says it was cut, and the filters should narrow. */
export const auditExportLimit = 100_000;

/** A page of the whole audit trail, newest first. DLA staff only. */
export async function browseAudit(
	db: Kysely<DB>,
	request: { actor: Actor | null; filters: AuditFilters; beforeId?: number; limit?: number }
): Promise<AuditPage> {
	if (!canBrowseAudit(request.actor)) throw forbidden('Only DLA staff browse the audit trail');
	return listAuditEntries(db, request.filters, {
		limit: request.limit ?? auditPageSize,
		beforeId: request.beforeId
	});
}

/**
 * Every entry matching the filters, oldest first, for the CSV export (walked page by page so
 * no query holds more than 1,000 rows). DLA staff only.
 */
export async function exportAudit(
	db: Kysely<DB>,
	request: { actor: Actor | null; filters: AuditFilters }
): Promise<{ entries: AuditEntry[]; truncated: boolean }> {
	if (!canBrowseAudit(request.actor)) throw forbidden('Only DLA staff export the audit trail');
	const entries: AuditEntry[] = [];
	let afterId: number | undefined;
	for (;;) {
		const page = await listAuditEntries(db, request.filters, {
			limit: 1000,
			order: 'oldest_first',
			afterId
		});
		entries.push(...page.entries);
		if (entries.length >= auditExportLimit)
			return { entries: entries.slice(0, auditExportLimit), truncated: true };
		if (page.nextCursor === null) return { entries, truncated: false };
		afterId = page.nextCursor;
	}
}

/**
 * One zone's history, oldest first: every entry with entity `zone` and this id (saves,
 * transitions, consultation requests and answers).
 *
 * No permission check here: the zone page's service has already decided who may see the zone
 * (`canViewZoneWorkingCopy`, or `canViewApprovedZone` for the public) and must call this only
 * after that check passed — and must not show it to the public for a zone that was never
 * approved (its existence is not public). The history holds no secrets beyond the zone itself.
 */
export async function zoneHistory(
	db: Kysely<DB>,
	request: { zoneId: number; limit?: number }
): Promise<AuditEntry[]> {
	const page = await listAuditEntries(
		db,
		{ entityType: 'zone', entityId: String(request.zoneId) },
		{ limit: request.limit ?? 1000, order: 'oldest_first' }
	);
	return page.entries;
}

/** The provinces the filter form offers, in code order (empty before the geodata import). */
export function listAuditProvinces(db: Kysely<DB>) {
	return db
		.selectFrom('province')
		.select(['code', 'name_th as nameTh', 'name_en as nameEn'])
		.orderBy('code')
		.execute();
}
