/**
 * MapLibre's stylesheet without the rules of the parts this app never shows (issue 19 item 5).
 * `maplibre-gl.css` styles every control MapLibre has: 70 KB, most of it inline SVG icons for
 * the logo, the compass, geolocation, full screen, terrain and globe controls, in normal and
 * forced-colours variants, plus popups and markers. The app adds only the zoom buttons, the
 * scale and the attribution (`MapMount.svelte`), so the first view carried 8.3 KB of brotli
 * for 1.6 KB it uses.
 */

/** Class fragments of MapLibre's parts the app does not use (`maplibregl-<part>`). */
export const unusedMaplibreParts = [
	'ctrl-logo',
	'ctrl-compass',
	'ctrl-geolocate',
	'ctrl-fullscreen',
	'ctrl-shrink',
	'ctrl-terrain',
	'ctrl-globe',
	'user-location',
	'popup',
	'marker',
	'cooperative-gesture'
] as const;

/** Splits `text` at `separator` where it is outside strings, parentheses and blocks. */
function splitTopLevel(text: string, separator: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let start = 0;
	for (const i of unquoted(text)) {
		const c = text[i]!;
		if (c === '(' || c === '[' || c === '{') depth++;
		else if (c === ')' || c === ']' || c === '}') depth--;
		else if (c === separator && depth === 0) {
			parts.push(text.slice(start, i));
			start = i + 1;
		}
	}
	parts.push(text.slice(start));
	return parts;
}

/** The top-level rules of minified CSS: `[prelude, body]`, the body without its braces. */
function rulesOf(css: string): [prelude: string, body: string][] {
	const rules: [string, string][] = [];
	let depth = 0;
	let start = 0;
	let open = -1;
	for (const i of unquoted(css)) {
		const c = css[i]!;
		if (c === '{') {
			if (depth++ === 0) open = i;
		} else if (c === '}' && --depth === 0) {
			rules.push([css.slice(start, open).trim(), css.slice(open + 1, i)]);
			start = i + 1;
		}
	}
	if (css.slice(start).trim() !== '') throw new Error('unbalanced braces in the stylesheet');
	return rules;
}

/**
 * The positions of `text`'s characters outside its quoted strings (CSS strings, with their
 * backslash escapes): a brace or comma inside `content:"{"` or a data URL is not structure.
 */
function* unquoted(text: string): Generator<number> {
	let quote: string | null = null;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quote) {
			if (c === '\\') i++;
			else if (c === quote) quote = null;
		} else if (c === '"' || c === "'") quote = c;
		else yield i;
	}
}

/**
 * `css` without the selectors that name an unused part (or one of its variants); a rule left without selectors, and an
 * at-rule left without rules, goes too. Everything else is kept as written.
 */
export function withoutUnusedParts(css: string, parts: readonly string[]): string {
	// A part's own variants go with it: `maplibregl-ctrl-geolocate-active`, `maplibregl-popup-tip`.
	const unused = new RegExp(`\\.maplibregl-(?:${parts.join('|')})`);
	return rulesOf(css)
		.map(([prelude, body]) => {
			if (prelude.startsWith('@')) {
				// @media and @supports hold rules; @keyframes and @font-face hold declarations.
				if (!/^@(media|supports|layer|container)\b/.test(prelude)) return `${prelude}{${body}}`;
				const inner = withoutUnusedParts(body, parts);
				return inner === '' ? '' : `${prelude}{${inner}}`;
			}
			const kept = splitTopLevel(prelude, ',').filter((selector) => !unused.test(selector));
			return kept.length === 0 ? '' : `${kept.join(',')}{${body}}`;
		})
		.join('');
}
