import type { AuditSnapshot } from './audit.repository';

/** One changed key of an entry: its value before and after, as compact JSON (null = absent). */
export interface AuditChange {
	key: string;
	before: string | null;
	after: string | null;
}

/** Longest value shown, in characters; longer ones end in "…" (the CSV keeps them whole). */
export const maxShownValueLength = 120;

/**
 * The keys whose values differ between `before` and `after`, in the order they first appear:
 * what the audit browser shows in its "changes" column. A creation (no `before`) lists every key
 * of `after`, a removal every key of `before`. Objects compare by content, not key order.
 */
export function auditChanges(
	before: AuditSnapshot | null,
	after: AuditSnapshot | null,
	maxLength = maxShownValueLength
): AuditChange[] {
	const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
	const changes: AuditChange[] = [];
	for (const key of keys) {
		const was = before && Object.hasOwn(before, key) ? canonicalJson(before[key]) : null;
		const now = after && Object.hasOwn(after, key) ? canonicalJson(after[key]) : null;
		if (was === now) continue;
		changes.push({ key, before: shorten(was, maxLength), after: shorten(now, maxLength) });
	}
	return changes;
}

/** JSON with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
	return (
		JSON.stringify(value, (_key, v: unknown) =>
			v && typeof v === 'object' && !Array.isArray(v)
				? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
				: v
		) ?? 'null'
	);
}

function shorten(text: string | null, maxLength: number): string | null {
	if (text === null || text.length <= maxLength) return text;
	return `${text.slice(0, maxLength - 1)}…`;
}
