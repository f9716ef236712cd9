import { toKML } from '@placemarkio/tokml';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

/**
 * The one KML writer of the app (the public download `/zones/download/zones.kml` and the zone
 * export): @placemarkio/tokml, made to write well-formed XML 1.0 whatever text a name holds.
 *
 * Why: tokml serialises with a bundled xast-util-to-xml whose text serializer escapes only `&`
 * and `<` (https://github.com/syntax-tree/xast-util-to-xml/blob/main/lib/text.js). XML 1.0 §2.4
 * forbids the literal sequence `]]>` in character data, so a zone named `a]]>b` made the whole
 * file unreadable (issue 12, defect 4); no upstream issue or fix found as of 2026-12. It also
 * passes carriage returns through as they are, which every reader turns into line feeds
 * (XML 1.0 §2.11), and characters XML 1.0 cannot carry at all (U+FFFE, U+FFFF, unpaired
 * surrogates).
 *
 * The rule, applied to every text and attribute the file holds:
 * - `>` of `]]>` is written `&gt;`; a carriage return, NEL (U+0085), U+2028 and U+2029 as
 *   character references, which no reader turns into a line feed (xmldom, behind
 *   @tmcw/togeojson, does so with the literal characters, as XML 1.1 would): read back, the text
 *   is intact;
 * - characters XML 1.0 does not allow even as references (C0 controls other than tab, line
 *   feed and carriage return; U+FFFE and U+FFFF; unpaired surrogates) are removed, as tokml
 *   already does with the C0 controls — they are never meaningful in a name or a description,
 *   and an official's file must open.
 *
 * The characters are removed from the values before tokml writes them; the two escapes run on
 * tokml's output, which holds no CDATA section (a description is only CDATA when given as
 * `{ '@type': 'html' }`, which `plainTextProperties` never passes), no comment and no processing
 * instruction, so every `]]>` and every line-end character in it comes from a value.
 */
export function toWellFormedKML(
	collection: FeatureCollection<Geometry | null>,
	document?: { name: string; description?: string }
): string {
	const features: Feature<Geometry | null>[] = collection.features.map((feature) => ({
		...feature,
		properties: feature.properties && plainTextProperties(feature.properties)
	}));
	let body = toKML({ type: 'FeatureCollection', features });
	if (document) {
		const name = `<name>${kmlText(document.name)}</name>`;
		const description =
			document.description === undefined
				? ''
				: `<description>${kmlText(document.description)}</description>`;
		body = body.replace('<Document>', `<Document>${name}${description}`);
	}
	return body
		.replace(/]]>/g, ']]&gt;')
		.replace(
			/[\r\u0085\u2028\u2029]/g,
			(character) => `&#x${character.charCodeAt(0).toString(16)};`
		);
}

/**
 * Characters XML 1.0 (§2.2 Char) does not allow, even as a character reference: C0 controls
 * but tab, LF and CR; U+FFFE, U+FFFF; a surrogate not part of a pair.
 */
const notXmlCharacters =
	// eslint-disable-next-line no-control-regex -- the control characters are the point
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A value as the KML file will give it back: what `toWellFormedKML` keeps of `text`. */
export function kmlReadBack(text: string): string {
	return text.replace(notXmlCharacters, '');
}

/** Text escaped for XML character data (used for the Document's own name and description). */
function kmlText(text: string): string {
	return kmlReadBack(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Every text without the characters XML cannot carry — removed before tokml sees it: its own
 * removal of C0 controls could otherwise join two lone surrogates into a pair — and `name` and
 * `description` as plain strings, so tokml never writes them as CDATA (see above). Other values
 * go to ExtendedData as JSON, as tokml writes them (JSON.stringify escapes what XML cannot carry).
 */
function plainTextProperties(properties: Record<string, unknown>): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(properties)) {
		if (typeof value === 'string') result[key] = kmlReadBack(value);
		else if ((key === 'name' || key === 'description') && value !== undefined && value !== null)
			result[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
		else result[key] = value;
	}
	return result;
}
