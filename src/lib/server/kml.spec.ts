import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import fc from 'fast-check';
import type { FeatureCollection, Polygon } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import { kmlReadBack, toWellFormedKML } from './kml';

/** The pieces that broke, or could break, a KML file: markup, references, line ends, controls. */
const awkwardPieces = [
	']]>',
	']]',
	']',
	'>',
	'<',
	'&',
	'&amp;',
	'&#x41;',
	'"',
	"'",
	'<![CDATA[',
	'-->',
	'<?xml ?>',
	'\r',
	'\n',
	'\r\n',
	'\t',
	' ',
	'\u0000',
	'\u0001',
	'\u0008',
	'\u000B',
	'\u000C',
	'\u001F',
	'\u007F',
	'\u0085',
	'\u00A0',
	'\u2028',
	'\u2029',
	'\uFEFF',
	'\uFFFE',
	'\uFFFF',
	'😀',
	'𠀀',
	'เขตพัฒนา',
	'\u0E31\u0E49'
];

/** Random Unicode text made of awkward pieces, any code point (astral too) and lone surrogates. */
const awkwardText = fc
	.array(
		fc.oneof(
			fc.constantFrom(...awkwardPieces),
			fc.string({ unit: 'binary', maxLength: 6 }),
			fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
			fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code))
		),
		{ maxLength: 12 }
	)
	.map((pieces) => pieces.join(''));

const placemark = fc.record({ name: awkwardText, description: awkwardText, note: awkwardText });

function square(index: number): Polygon {
	const west = 100 + index * 0.1;
	return {
		type: 'Polygon',
		coordinates: [
			[
				[west, 15],
				[west + 0.05, 15],
				[west + 0.05, 15.05],
				[west, 15.05],
				[west, 15]
			]
		]
	};
}

type Texts = { name: string; description: string; note: string };

function kmlOf(placemarks: Texts[], documentName: string): string {
	const collection: FeatureCollection<Polygon> = {
		type: 'FeatureCollection',
		features: placemarks.map((texts, index) => ({
			type: 'Feature',
			properties: { ...texts, zone_id: index + 1 },
			geometry: square(index)
		}))
	};
	return toWellFormedKML(collection, { name: documentName, description: 'source: DLA' });
}

/**
 * Parsed as XML: xmldom reports fatal errors, and the two rules of XML 1.0 it does not enforce
 * are checked on the text (no `]]>` outside a CDATA section, whose end it would be, and every
 * character a Char of §2.2) — the writer makes no CDATA section.
 */
function parseStrictly(xml: string) {
	expect(xml).not.toContain(']]>');
	expect(xml).not.toContain('<![CDATA[');
	expect(xml.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')).not.toMatch(
		// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids
		/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/
	);
	return new DOMParser({
		onError: (level, message) => {
			if (level !== 'warning') throw new Error(`not XML (${level}): ${message}`);
		}
	}).parseFromString(xml, 'text/xml');
}

const workDirectory = mkdtempSync(join(tmpdir(), 'sedz-kml-'));
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

/**
 * The file as GDAL reads it, through the given KML driver: LIBKML (GDAL's default) or KML (its
 * own reader on expat, the strictest XML parser at hand). GDAL is required: CI installs gdal-bin,
 * and a missing ogr2ogr fails the test rather than skipping it.
 */
function readWithGdal(xml: string, driver: 'LIBKML' | 'KML', fileName: string) {
	const path = join(workDirectory, fileName);
	writeFileSync(path, xml);
	let output: string;
	try {
		output = execFileSync(
			'ogr2ogr',
			[
				'--config',
				'GDAL_SKIP',
				driver === 'KML' ? 'LIBKML' : 'KML',
				'-f',
				'GeoJSON',
				'/vsistdout/',
				path
			],
			{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }
		);
	} catch (error) {
		const failure = error as NodeJS.ErrnoException & { stderr?: string };
		if (failure.code === 'ENOENT')
			throw new Error('ogr2ogr (gdal-bin) is not installed: the KML test needs GDAL');
		throw new Error(
			`GDAL (${driver}) could not read ${fileName}: ${failure.stderr ?? failure.message}`
		);
	}
	return JSON.parse(output) as {
		name: string;
		features: { properties: Record<string, string | null> }[];
	};
}

/** LIBKML (GDAL's default KML reader) is loose about white space at either end of a text. */
const asLibkmlReads = (text: string | null | undefined) =>
	(text ?? '').replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');

/**
 * GDAL's own KML driver drops leading white space and folds line ends and tabs into spaces: it is
 * here for its strict XML parser (expat), so its texts are compared without ASCII white space.
 */
const withoutWhiteSpace = (text: string | null | undefined) =>
	(text ?? '').replace(/[ \t\r\n]/g, '');

describe('toWellFormedKML', () => {
	it('a name with ]]> is written so that XML readers accept it and read it back intact', () => {
		const xml = kmlOf([{ name: 'a]]>b', description: 'x <y> & z', note: ']]>' }], 'd]]>');
		const read = kml(parseStrictly(xml)) as FeatureCollection;
		expect(read.features[0]!.properties).toMatchObject({
			name: 'a]]>b',
			description: 'x <y> & z',
			note: ']]>'
		});
		const byExpat = readWithGdal(xml, 'KML', 'cdata-end.kml');
		expect(byExpat.features[0]!.properties).toMatchObject({
			Name: 'a]]>b',
			Description: 'x <y> & z'
		});
		const byLibkml = readWithGdal(xml, 'LIBKML', 'cdata-end-libkml.kml');
		expect(byLibkml.features[0]!.properties).toMatchObject({ Name: 'a]]>b', note: ']]>' });
	});

	it('control characters XML 1.0 cannot carry are removed; carriage returns are kept', () => {
		expect(kmlReadBack('a\u0000b\u0001c\u001Fd\tf\ng\rh\uFFFEi\uD800j😀')).toBe(
			'abcd\tf\ng\rhij😀'
		);
		const xml = kmlOf(
			[{ name: 'a\u0001b\r\nc', description: 'd\u0085e\u2028f\rg\u2029', note: '\uDC00x' }],
			'd'
		);
		const read = kml(parseStrictly(xml)) as FeatureCollection;
		expect(read.features[0]!.properties).toMatchObject({
			name: 'ab\r\nc',
			description: 'd\u0085e\u2028f\rg\u2029',
			note: 'x'
		});
	});

	it('any Unicode text: well-formed XML, and togeojson reads every text back', () => {
		fc.assert(
			fc.property(
				fc.array(placemark, { minLength: 1, maxLength: 4 }),
				awkwardText,
				(placemarks, title) => {
					const read = kml(parseStrictly(kmlOf(placemarks, title))) as FeatureCollection;
					expect(read.features).toHaveLength(placemarks.length);
					placemarks.forEach((texts, index) => {
						const properties = read.features[index]!.properties ?? {};
						// togeojson leaves an empty name or description out.
						expect(properties.name ?? '').toBe(kmlReadBack(texts.name));
						expect(properties.description ?? '').toBe(kmlReadBack(texts.description));
						expect(properties.note).toBe(kmlReadBack(texts.note));
						expect(properties.zone_id).toBe(String(index + 1));
					});
				}
			),
			{ numRuns: 300 }
		);
	});

	it('any Unicode text: GDAL reads a sample of files back, with both its KML drivers', () => {
		let file = 0;
		fc.assert(
			fc.property(
				fc.array(placemark, { minLength: 1, maxLength: 4 }),
				awkwardText,
				(placemarks, title) => {
					const xml = kmlOf(placemarks, title);
					file += 1;
					const byLibkml = readWithGdal(xml, 'LIBKML', `sample-${file}-libkml.kml`);
					const byExpat = readWithGdal(xml, 'KML', `sample-${file}-kml.kml`);
					expect(byLibkml.features).toHaveLength(placemarks.length);
					expect(byExpat.features).toHaveLength(placemarks.length);
					placemarks.forEach((texts, index) => {
						expect(asLibkmlReads(byLibkml.features[index]!.properties.Name)).toBe(
							asLibkmlReads(kmlReadBack(texts.name))
						);
						expect(asLibkmlReads(byLibkml.features[index]!.properties.note)).toBe(
							asLibkmlReads(kmlReadBack(texts.note))
						);
						// GDAL's own KML driver reads Name and Description, not ExtendedData.
						expect(withoutWhiteSpace(byExpat.features[index]!.properties.Name)).toBe(
							withoutWhiteSpace(kmlReadBack(texts.name))
						);
						expect(withoutWhiteSpace(byExpat.features[index]!.properties.Description)).toBe(
							withoutWhiteSpace(kmlReadBack(texts.description))
						);
					});
				}
			),
			{ numRuns: 12 }
		);
	});
});
