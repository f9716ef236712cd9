import { formatImportMessage, type ImportMessage } from './import-report';

/** The printed import report: counts, then messages grouped by rule. */
export function formatImportReport(result: {
	status: string;
	runId: number | null;
	counts: Record<string, number>;
	messages: ImportMessage[];
	durationMs: number;
}): string {
	const lines = [
		`Import ${result.status} (run ${result.runId ?? '—'}, ${(result.durationMs / 1000).toFixed(1)} s)`
	];
	for (const [key, value] of Object.entries(result.counts)) {
		lines.push(
			`  ${key.padEnd(34)} ${value.toLocaleString('en-US', { maximumFractionDigits: 1 })}`
		);
	}
	const byRule = new Map<string, ImportMessage[]>();
	for (const message of result.messages) {
		const key = `${message.severity} ${message.rule}`;
		byRule.set(key, [...(byRule.get(key) ?? []), message]);
	}
	if (byRule.size > 0) lines.push('Problems:');
	for (const [key, list] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
		lines.push(`  ${key}: ${list.length}`);
		for (const message of list) lines.push(`    ${formatImportMessage(message)}`);
	}
	return lines.join('\n');
}
