/**
 * The .prj (ESRI or OGC WKT 1) to a transform into EPSG:4326 lon/lat degrees.
 *
 * Known definitions are recognised by their parameters and turned into proj4 strings we write
 * ourselves, because a WKT alone does not carry a datum shift: proj4 would silently treat
 * Indian 1975 as if it were WGS 84 and land every vertex several hundred metres off. Anything
 * else is passed to proj4 only when the shift to WGS 84 is known (the datum is WGS 84, or the WKT
 * has TOWGS84); otherwise the CRS is refused rather than guessed.
 */
import proj4 from 'proj4';
import { fatal, warning, type ImportMessage } from '../import-report';
import type { Position } from './types';

/** Source (x, y) in the file's CRS -> [lon, lat] degrees on WGS 84. */
export type Transform = (x: number, y: number) => Position;

export interface SourceCrs {
	/** Short description for the import report, e.g. `Indian 1975 / UTM zone 47N`. */
	description: string;
	/** null when the source is already WGS 84 lon/lat degrees: no per-vertex work at all. */
	transform: Transform | null;
}

export const WGS84_DESCRIPTION = 'EPSG:4326 (WGS 84)';

/**
 * Indian 1975 -> WGS 84: EPSG transformation 1812, "Indian 1975 to WGS 84 (4)", Thailand onshore,
 * accuracy 3 m, 7-parameter position-vector Helmert (metres, arc-seconds, ppm). This is the
 * operation PROJ/GDAL pick by default for EPSG:24047 -> EPSG:4326 (checked with
 * `projinfo -s EPSG:24047 -t EPSG:4326 --spatial-test intersects`, PROJ database shipped with
 * GDAL 3.6.2: first of two candidates). The other, EPSG:1304 "(2)" `210,814,289` (5 m, also the
 * Gulf of Thailand), lands about 190 m away in Bangkok, so the choice matters. PROJ's and proj4's
 * `+towgs84` both use the position-vector convention, so the values are copied as they appear in
 * the PROJ pipeline; the tests compare against `gdaltransform` output.
 */
export const INDIAN_1975_TOWGS84 = '293,836,318,0.5,1.6,-2.8,2.1';
/** Everest 1830 (1937 Adjustment), EPSG:7015: semi-major axis in metres and inverse flattening. */
const EVEREST_1937 = { a: 6377276.345, rf: 300.8017 };
const WGS84_ELLIPSOID = { a: 6378137, rf: 298.257223563 };
/** Radians per degree, as WKT writes it in UNIT["Degree",...]. */
const DEGREE = 0.0174532925199433;

// ---------------------------------------------------------------------------------------------
// A small WKT 1 / WKT 2 parser: KEYWORD[arg, arg, ...] where an arg is a quoted string, a
// number, a bare word (e.g. AXIS["X",EAST]) or a nested node. Parentheses are accepted too.

export interface WktNode {
	keyword: string;
	args: WktValue[];
}
export type WktValue = string | number | WktNode;

export function parseWkt(text: string): WktNode {
	let i = 0;
	const skip = () => {
		while (i < text.length && /\s/.test(text[i]!)) i++;
	};
	const fail = (what: string): never => {
		throw new Error(`WKT syntax error at character ${i}: ${what}`);
	};
	const node = (): WktNode => {
		skip();
		const start = i;
		while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i++;
		const keyword = text.slice(start, i);
		if (!keyword) fail('expected a keyword');
		skip();
		const open = text[i];
		if (open !== '[' && open !== '(') return { keyword, args: [] };
		const close = open === '[' ? ']' : ')';
		i++;
		const args: WktValue[] = [];
		skip();
		if (text[i] === close) {
			i++;
			return { keyword, args };
		}
		for (;;) {
			skip();
			const c = text[i];
			if (c === '"') {
				// A doubled quote inside a string is a literal quote (WKT 2); harmless for WKT 1.
				let value = '';
				i++;
				for (;;) {
					if (i >= text.length) fail('unterminated string');
					if (text[i] === '"') {
						if (text[i + 1] === '"') {
							value += '"';
							i += 2;
							continue;
						}
						i++;
						break;
					}
					value += text[i++];
				}
				args.push(value);
			} else if (c !== undefined && /[-+.0-9]/.test(c)) {
				const start = i;
				while (i < text.length && /[-+.0-9eE]/.test(text[i]!)) i++;
				const value = Number(text.slice(start, i));
				if (!Number.isFinite(value)) fail(`bad number ${text.slice(start, i)}`);
				args.push(value);
			} else {
				args.push(node());
			}
			skip();
			if (text[i] === ',') {
				i++;
				continue;
			}
			if (text[i] === close) {
				i++;
				return { keyword, args };
			}
			fail(`expected "," or "${close}"`);
		}
	};
	const root = node();
	skip();
	if (i !== text.length) fail('unexpected text after the end');
	return root;
}

function isNode(value: WktValue | undefined): value is WktNode {
	return typeof value === 'object';
}

function child(node: WktNode, keyword: string): WktNode | undefined {
	const k = keyword.toUpperCase();
	return node.args.find((a): a is WktNode => isNode(a) && a.keyword.toUpperCase() === k);
}

/** Depth-first search for the first node with one of the keywords. */
function find(node: WktNode, keywords: string[]): WktNode | undefined {
	for (const arg of node.args) {
		if (!isNode(arg)) continue;
		if (keywords.includes(arg.keyword.toUpperCase())) return arg;
		const inner = find(arg, keywords);
		if (inner) return inner;
	}
	return undefined;
}

function nameOf(node: WktNode | undefined): string {
	const first = node?.args[0];
	return typeof first === 'string' ? first : '';
}

function numberArg(node: WktNode | undefined, index: number): number | undefined {
	const value = node?.args[index];
	return typeof value === 'number' ? value : undefined;
}

/** `D_Indian_1975`, `Indian 1975` -> `dindian1975`, `indian1975`: compares names across dialects. */
function normalise(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

type DatumKind = 'wgs84' | 'indian1975' | 'other';

function datumKind(datumName: string): DatumKind {
	const n = normalise(datumName).replace(/^d(?=wgs|indian)/, '');
	if (n === 'wgs1984' || n === 'wgs84' || n === 'worldgeodeticsystem1984') return 'wgs84';
	if (n === 'indian1975') return 'indian1975';
	return 'other';
}

// ---------------------------------------------------------------------------------------------

export function crsFromPrj(
	file: string,
	shpFile: string,
	prj: string | undefined,
	messages: ImportMessage[]
): SourceCrs {
	if (prj === undefined || prj.trim() === '') {
		messages.push(
			warning({
				file,
				field: '.prj',
				rule: 'missing-prj',
				detail: `no .prj next to ${shpFile}: coordinates are assumed to be WGS 84 longitude/latitude (EPSG:4326)`
			})
		);
		return { description: WGS84_DESCRIPTION, transform: null };
	}
	const wkt = prj.trim().replace(/^\uFEFF/, '');
	const unsupported = (name: string, why: string) =>
		fatal({
			file,
			field: '.prj',
			rule: 'unsupported-crs',
			detail: `${name ? `"${name}"` : 'the .prj'}: ${why}. Supported: WGS 84 longitude/latitude (EPSG:4326), WGS 84 / UTM (EPSG:32647, 32648) and Indian 1975 / UTM (EPSG:24047, 24048)`
		});

	let root: WktNode;
	try {
		root = parseWkt(wkt);
	} catch (error) {
		throw unsupported(
			wkt.slice(0, 80),
			`not readable as WKT (${error instanceof Error ? error.message : String(error)})`
		);
	}
	const rootName = nameOf(root);
	const keyword = root.keyword.toUpperCase();
	const datum = find(root, ['DATUM', 'GEODETICDATUM', 'TRF']);
	const kind = datumKind(nameOf(datum));

	if (keyword === 'GEOGCS' || keyword === 'PROJCS') {
		const geogcs = keyword === 'GEOGCS' ? root : child(root, 'GEOGCS');
		if (!geogcs || !datum) throw unsupported(rootName, 'no GEOGCS/DATUM in the WKT');
		const spheroid = child(datum, 'SPHEROID') ?? child(datum, 'ELLIPSOID');
		const a = numberArg(spheroid, 1);
		const rf = numberArg(spheroid, 2);
		const primeMeridian = numberArg(child(geogcs, 'PRIMEM'), 1) ?? 0;
		const angularUnit = numberArg(child(geogcs, 'UNIT'), 1) ?? DEGREE;
		const builtIn =
			kind !== 'other' &&
			primeMeridian === 0 &&
			Math.abs(angularUnit / DEGREE - 1) < 1e-9 &&
			(keyword === 'GEOGCS' ||
				normalise(nameOf(child(root, 'PROJECTION'))) === 'transversemercator');
		if (builtIn) {
			// The datum name decides the datum, but a contradicting ellipsoid means the file is not
			// what its names say: refuse rather than pick one of the two.
			const expected = kind === 'wgs84' ? WGS84_ELLIPSOID : EVEREST_1937;
			if (
				a !== undefined &&
				rf !== undefined &&
				(Math.abs(a - expected.a) > 1 || Math.abs(rf - expected.rf) > 1e-3)
			) {
				throw unsupported(
					rootName,
					`datum ${nameOf(datum)} with an unexpected ellipsoid (a=${a}, 1/f=${rf})`
				);
			}
			return keyword === 'GEOGCS' ? geographic(kind) : transverseMercator(root, kind, unsupported);
		}
	}

	// Generic: let proj4 read the WKT, but only when no datum shift can be lost on the way.
	const hasShift = find(root, ['TOWGS84']) !== undefined;
	if (kind !== 'wgs84' && !hasShift) {
		throw unsupported(
			rootName,
			`datum ${nameOf(datum) || '(none)'} has no known shift to WGS 84 (no TOWGS84 in the .prj)`
		);
	}
	let converter: proj4.Converter;
	try {
		converter = proj4(wkt, 'EPSG:4326');
	} catch (error) {
		throw unsupported(
			rootName,
			`proj4 cannot use it (${error instanceof Error ? error.message : String(error)})`
		);
	}
	return {
		description: `${rootName || 'unnamed CRS'} (via proj4)`,
		transform: (x, y) => converter.forward([x, y]) as Position
	};
}

function geographic(kind: Exclude<DatumKind, 'other'>): SourceCrs {
	if (kind === 'wgs84') return { description: WGS84_DESCRIPTION, transform: null };
	const converter = proj4(
		`+proj=longlat +a=${EVEREST_1937.a} +rf=${EVEREST_1937.rf} +towgs84=${INDIAN_1975_TOWGS84} +no_defs`,
		'EPSG:4326'
	);
	return {
		description: 'EPSG:4240 (Indian 1975)',
		transform: (x, y) => converter.forward([x, y]) as Position
	};
}

function transverseMercator(
	root: WktNode,
	kind: Exclude<DatumKind, 'other'>,
	unsupported: (name: string, why: string) => Error
): SourceCrs {
	const parameters = new Map<string, number>();
	for (const arg of root.args) {
		if (isNode(arg) && arg.keyword.toUpperCase() === 'PARAMETER') {
			const value = numberArg(arg, 1);
			if (value !== undefined) parameters.set(normalise(nameOf(arg)), value);
		}
	}
	// Metres per linear unit of the projected coordinates (1 for metre, 0.3048 for foot).
	const toMetre = numberArg(child(root, 'UNIT'), 1) ?? 1;
	const lat0 = parameters.get('latitudeoforigin') ?? parameters.get('latitudeofcenter') ?? 0;
	const lon0 = parameters.get('centralmeridian') ?? parameters.get('longitudeofcenter') ?? 0;
	const k = parameters.get('scalefactor') ?? 1;
	const falseEasting = parameters.get('falseeasting') ?? 0;
	const falseNorthing = parameters.get('falsenorthing') ?? 0;
	if (!(toMetre > 0)) throw unsupported(nameOf(root), `bad linear unit ${toMetre}`);

	const datumName = kind === 'wgs84' ? 'WGS 84' : 'Indian 1975';
	const datumDef =
		kind === 'wgs84'
			? '+datum=WGS84'
			: `+a=${EVEREST_1937.a} +rf=${EVEREST_1937.rf} +towgs84=${INDIAN_1975_TOWGS84}`;

	// UTM: k 0.9996, origin on the equator, false easting 500 km, central meridian 6°·zone − 183°.
	const zone = (lon0 + 183) / 6;
	const isUtm =
		toMetre === 1 &&
		lat0 === 0 &&
		Math.abs(k - 0.9996) < 1e-12 &&
		falseEasting === 500000 &&
		(falseNorthing === 0 || falseNorthing === 10000000) &&
		Number.isInteger(zone) &&
		zone >= 1 &&
		zone <= 60;
	const hemisphere = falseNorthing === 0 ? 'N' : 'S';
	const description = isUtm
		? `${datumName} / UTM zone ${zone}${hemisphere}`
		: `${datumName} / Transverse Mercator (lon_0=${lon0}, k=${k})`;
	// +x_0/+y_0 are in metres in proj4 whatever the unit; +to_meter scales the input coordinates.
	const definition =
		`+proj=tmerc +lat_0=${lat0} +lon_0=${lon0} +k=${k} +x_0=${falseEasting * toMetre}` +
		` +y_0=${falseNorthing * toMetre} ${datumDef} +to_meter=${toMetre} +no_defs`;
	const converter = proj4(definition, 'EPSG:4326');
	return { description, transform: (x, y) => converter.forward([x, y]) as Position };
}
