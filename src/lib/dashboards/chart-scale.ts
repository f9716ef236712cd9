/**
 * The little arithmetic the dashboard charts need (issue 16 item 4), browser-safe and without a
 * chart library: a linear scale and "nice" axis ticks (1, 2, 2.5 or 5 × 10ⁿ), and short month
 * labels in the Buddhist Era. Charts are plain SVG drawn by Svelte from these.
 */

/**
 * Ticks from 0 up to at least `max`, about `count` of them, on round steps; whole-number steps
 * when the figures are counts (no axis of zones reading 0, 0.25, 0.5).
 */
export function niceTicks(max: number, count = 4, wholeNumbers = false): number[] {
	if (!Number.isFinite(max) || max <= 0) return [0, 1];
	const rough = max / count;
	const power = 10 ** Math.floor(Math.log10(rough));
	const nice = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
	const step = wholeNumbers ? Math.max(1, Math.ceil(nice)) : nice;
	const ticks: number[] = [];
	for (let v = 0; v < max + step; v += step) ticks.push(Number(v.toPrecision(12)));
	return ticks;
}

/** Maps [domainMin, domainMax] onto [rangeMin, rangeMax] linearly (a flat domain maps to rangeMin). */
export function linearScale(
	domain: readonly [number, number],
	range: readonly [number, number]
): (value: number) => number {
	const [d0, d1] = domain;
	const [r0, r1] = range;
	const span = d1 - d0;
	return (value) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
}

/** A report month `2026-12` as an axis label: "ธ.ค. 69" in Thai (Buddhist Era), "Dec 2026". */
export function shortMonth(locale: 'th' | 'en', period: string): string {
	return new Intl.DateTimeFormat(locale === 'th' ? 'th-TH-u-ca-buddhist' : 'en-GB', {
		month: 'short',
		year: locale === 'th' ? '2-digit' : 'numeric',
		timeZone: 'Asia/Bangkok'
	}).format(new Date(`${period}-15T12:00:00+07:00`));
}
