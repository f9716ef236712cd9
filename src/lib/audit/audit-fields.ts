import { allMessages, fill, formatDate, formatDateTime, formatNumber, type Locale } from '../i18n';

/**
 * An audit entry's changed fields in officials' words (issue 15, item 3): each field with a
 * label in the locale and its values formatted (states, roles, reasons and answers by name, km²
 * with 2 decimals, thousands separators, Buddhist-Era dates in Thai). Internal ids, hashes,
 * counts by table and any field without a label go to `technical`, shown folded under
 * "technical details" with the stored key and JSON as they are.
 */

/** One changed key as stored: compact JSON before and after; null = the key was absent. */
export interface RawAuditChange {
	key: string;
	before: string | null;
	after: string | null;
}

/** A changed field as an official reads it; `key` stays for tests and the CSV. */
export interface ShownAuditChange {
	key: string;
	label: string;
	before: string | null;
	after: string | null;
}

export interface PresentedAuditChanges {
	shown: ShownAuditChange[];
	technical: RawAuditChange[];
}

type Format =
	| 'text'
	| 'integer'
	| 'km2'
	| 'yesNo'
	| 'date'
	| 'dateTime'
	| 'codes'
	| { prefixes: string[] }
	| { listOf: string };

/** The fields shown, with how their values read. Every one has `auditField_<key>` labels. */
const shownFields: Record<string, Format> = {
	name: 'text',
	revisionNumber: 'integer',
	areaKm2: 'km2',
	geometrySource: { prefixes: ['auditGeometrySource_'] },
	// A zone's state, or an import's outcome (indicators).
	status: { prefixes: ['planStatus_', 'auditImportStatus_'] },
	reasonCodes: { listOf: 'workflowReason_' },
	reasonText: 'text',
	dlaCodes: 'codes',
	dlaCode: 'text',
	answer: { prefixes: ['rvAnswer_'] },
	comment: 'text',
	event: { prefixes: ['workflowEvent_'] },
	username: 'text',
	displayName: 'text',
	position: 'text',
	role: { prefixes: ['role_'] },
	provinceCode: 'text',
	disabled: 'yesNo',
	email: 'text',
	reason: 'text',
	refusedInWindow: 'integer',
	everywhere: 'yesNo',
	sessionsEnded: 'integer',
	otherSessionsEnded: 'integer',
	reset: 'yesNo',
	byThemselves: 'yesNo',
	office: 'text',
	documentNumber: 'text',
	memoDate: 'date',
	subject: 'text',
	addressee: 'text',
	closingText: 'text',
	signerName: 'text',
	signerPosition: 'text',
	mediaType: 'text',
	byteSize: 'integer',
	fileName: 'text',
	uploadedAt: 'dateTime',
	version: 'integer',
	// A constraint layer's key (computed, so the i18n spec does not read it as a message key).
	['key']: 'text',
	features: 'integer',
	vertices: 'integer',
	startsOn: 'date',
	endsOn: 'date',
	state: { prefixes: ['actState_'] },
	revokedAt: 'dateTime'
};

/** The keys shown with a label; the spec checks each has one in both languages. */
export const labelledAuditFields = Object.keys(shownFields);

/** Splits `changes` into what officials read and the technical rest. */
export function presentAuditChanges(
	locale: Locale,
	changes: readonly RawAuditChange[]
): PresentedAuditChanges {
	const messages: Readonly<Record<string, string>> = allMessages()[locale];
	const shown: ShownAuditChange[] = [];
	const technical: RawAuditChange[] = [];
	for (const change of changes) {
		const format = Object.hasOwn(shownFields, change.key) ? shownFields[change.key] : undefined;
		const label = messages[`auditField_${change.key}`];
		const before = format && label ? shownValue(locale, messages, format, change.before) : null;
		const after = format && label ? shownValue(locale, messages, format, change.after) : null;
		if (
			!format ||
			!label ||
			before === undefined ||
			after === undefined ||
			(before === null && after === null)
		) {
			technical.push(change);
			continue;
		}
		shown.push({ key: change.key, label, before, after });
	}
	return { shown, technical };
}

/**
 * `json` read as `format`: null when absent, undefined when the value does not fit the format
 * (then the whole field goes to the technical details rather than show a raw value).
 */
function shownValue(
	locale: Locale,
	messages: Readonly<Record<string, string>>,
	format: Format,
	json: string | null
): string | null | undefined {
	if (json === null) return null;
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		// Shortened by auditChanges ("…"): a long text, shown as far as it was kept.
		return format === 'text' && json.startsWith('"') ? json.slice(1) : undefined;
	}
	if (value === null || value === '') return '—';
	if (typeof format === 'object') {
		if ('listOf' in format) {
			if (!Array.isArray(value)) return undefined;
			const names = value.map((code) => messages[`${format.listOf}${String(code)}`]);
			return names.every((n) => n !== undefined) ? names.join(', ') : undefined;
		}
		for (const prefix of format.prefixes) {
			const name = messages[`${prefix}${String(value)}`];
			if (name !== undefined) return name;
		}
		return undefined;
	}
	switch (format) {
		case 'text':
			return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
		case 'integer':
			return typeof value === 'number' ? formatNumber(locale, value) : undefined;
		case 'km2':
			return typeof value === 'number' ? formatNumber(locale, value, 2) : undefined;
		case 'yesNo':
			return typeof value === 'boolean' ? messages[value ? 'auditYes' : 'auditNo'] : undefined;
		case 'date':
			return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)
				? formatDate(locale, value)
				: undefined;
		case 'dateTime':
			return typeof value === 'string' && !Number.isNaN(Date.parse(value))
				? formatDateTime(locale, value)
				: undefined;
		case 'codes':
			if (!Array.isArray(value)) return undefined;
			return value.length > 3
				? `${value.slice(0, 3).join(', ')} … (${fill(messages.auditItems!, { count: formatNumber(locale, value.length) })})`
				: value.join(', ');
	}
}
