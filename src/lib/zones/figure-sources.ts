import { allMessages, type Locale } from '../i18n';

/**
 * The source lines of a zone's figures in the reader's language (issue 15, item 3). The
 * figures' metrics store one line per figure as the analysis wrote it (English, or English
 * and Thai mixed, and the area's SQL formula); officials read the line of the same meaning in
 * Thai on Thai pages, and the stored text stays available under "technical details". A line
 * not known here (written by a later analysis version) is shown as stored rather than hidden.
 */
const knownLines: Record<string, string> = {
	'LAO–tambon links: Royal Gazette / DOPA records (compiled, c. 2022)':
		'figureSource_laoTambonLinks',
	'Population: กรมการปกครอง ทะเบียนราษฎร 31 ธ.ค. 2564': 'figureSource_populationRegistry',
	// The manifest's lines of the map's datasets (geodata/manifest.json): a changed line (a new
	// edition) no longer matches and shows as stored, never with a stale date.
	'Boundaries: Royal Thai Survey Department via OCHA HDX COD-AB (CC BY-IGO)':
		'figureSource_boundaries',
	'LAO registry: กรมส่งเสริมการปกครองท้องถิ่น open data dlads_05_01 (2026-06-10)':
		'figureSource_laoRegistry'
};

/** The stored `line` in `locale`'s words, or the line itself when it has no translation. */
export function figureSourceLine(locale: Locale, line: string | null): string | null {
	if (line === null) return null;
	const key = Object.hasOwn(knownLines, line) ? knownLines[line] : undefined;
	const messages: Readonly<Record<string, string>> = allMessages()[locale];
	return (key && messages[key]) || line;
}

/** A map's attribution (source lines joined with ` · `), each line in `locale`'s words. */
export function attributionIn(locale: Locale, attribution: string): string {
	return attribution
		.split(' · ')
		.map((line) => figureSourceLine(locale, line) ?? line)
		.join(' · ');
}
