import { allMessages, formatNumber, type Locale } from '$lib/i18n';

/**
 * The planner-facing text of a validation rule (`zoneRule_<rule with dots as _>`), or the
 * server's own message when the rule has none (a rule added on the server before its text).
 */
export function ruleText(locale: Locale, rule: string, fallback: string): string {
	const table: Readonly<Record<string, string>> = allMessages()[locale];
	return table[`zoneRule_${rule.replace(/\./g, '_')}`] ?? fallback;
}

/**
 * The figures of a context rule in the reader's words, from the server's `details`: which zone
 * is overlapped and by how much, how much lies outside the province. Null for other rules.
 */
export function ruleFigures(
	locale: Locale,
	rule: string,
	details: Readonly<Record<string, unknown>> | undefined
): string | null {
	const number = (value: unknown) =>
		typeof value === 'number' && Number.isFinite(value) ? formatNumber(locale, value, 2) : null;
	const th = locale === 'th';
	if (rule === 'zone.overlaps_zone') {
		const overlap = number(details?.overlapHectares);
		const allowed = number(details?.maxHectares);
		if (overlap === null || allowed === null) return null;
		const name = typeof details?.otherZoneName === 'string' ? details.otherZoneName : null;
		return th
			? `${name ? `ทับ “${name}” ` : 'ทับเขตอื่น '}${overlap} เฮกตาร์ (อนุญาตไม่เกิน ${allowed} เฮกตาร์)`
			: `${name ? `Overlaps “${name}” by ` : 'Overlaps another zone by '}${overlap} ha (at most ${allowed} ha allowed)`;
	}
	if (rule === 'zone.outside_province') {
		const outside = number(details?.outsideKm2);
		const allowed = number(details?.allowedKm2);
		if (outside === null || allowed === null) return null;
		return th
			? `อยู่นอกจังหวัด ${outside} ตร.กม. (อนุญาตไม่เกิน ${allowed} ตร.กม.)`
			: `${outside} km² outside the province (at most ${allowed} km² allowed)`;
	}
	return null;
}
