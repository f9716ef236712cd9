/**
 * The import report: every problem an import meets, in one shape, so a person can find it in the
 * source file. `row` is the 1-based data row of a CSV (the header is row 0); `feature` is the
 * 1-based record number of a shapefile. `field` is the column or attribute, or a structural part
 * such as `.shp` or `geometry` when no column is involved.
 */
export type ImportSeverity = 'fatal' | 'warning';

export interface ImportMessage {
	severity: ImportSeverity;
	file: string;
	row?: number;
	feature?: number;
	field: string;
	/** A stable rule identifier, e.g. `required-column`, `office-point-outside-thailand`. */
	rule: string;
	/** Human detail: the offending value and what was expected. */
	detail: string;
	/** The offending value itself, when there is one: translated messages quote it. */
	value?: string;
}

/** Thrown for a fatal problem: the import transaction rolls back and nothing changes. */
export class ImportFatalError extends Error {
	readonly messages: ImportMessage[];

	constructor(messages: ImportMessage | ImportMessage[]) {
		const list = Array.isArray(messages) ? messages : [messages];
		super(list.map(formatImportMessage).join('\n'));
		this.name = 'ImportFatalError';
		this.messages = list;
	}
}

export function fatal(message: Omit<ImportMessage, 'severity'>): ImportFatalError {
	return new ImportFatalError({ severity: 'fatal', ...message });
}

export function warning(message: Omit<ImportMessage, 'severity'>): ImportMessage {
	return { severity: 'warning', ...message };
}

/** One line a person can act on: `file, row 12, field office_lat: rule — detail`. */
export function formatImportMessage(message: ImportMessage): string {
	const where = [
		message.file,
		message.row !== undefined ? `row ${message.row}` : undefined,
		message.feature !== undefined ? `feature ${message.feature}` : undefined,
		`field ${message.field}`
	]
		.filter(Boolean)
		.join(', ');
	return `${message.severity.toUpperCase()} ${where}: ${message.rule} — ${message.detail}`;
}
