import { boundsOf as geometryBounds } from './bounds';
import type { MultiPolygon, Position } from 'geojson';

/**
 * A zone drawn as SVG path data for small static maps (the decision memo's map): printing must
 * not depend on WebGL, and an SVG stays sharp at any print resolution. Pure and browser-safe.
 *
 * The projection is equirectangular with x scaled by the cosine of the mid-latitude of what is
 * fitted, which keeps shapes true at the scale of a zone (Thailand spans 6–20° N; over a zone's
 * few kilometres the error is far below a printed line's width).
 */

export interface ThumbnailBox {
	/** The SVG's width and height, in its own units (the viewBox is `0 0 width height`). */
	width: number;
	height: number;
	/** Empty space kept on every side, same units (default 4% of the smaller side). */
	padding?: number;
}

export interface ZoneThumbnail {
	/** `viewBox="0 0 width height"`. */
	width: number;
	height: number;
	/** The zone's rings as path data (`M x y L … Z` per ring), for `fill-rule="evenodd"`. */
	zonePath: string;
	/** The province's outline as path data, or null when none was given. */
	provincePath: string | null;
	/** Box units per kilometre north–south (0 when nothing was drawn), for a scale bar. */
	unitsPerKm: number;
	/** Where a longitude/latitude falls in the box (null when nothing was drawn). */
	project: ((lon: number, lat: number) => [number, number]) | null;
}

export interface ThumbnailOptions {
	/** The province the zone lies in, drawn under it (clipped by the box when fitted to the zone). */
	province?: MultiPolygon | null;
	/**
	 * What fills the box: `zone` (default) frames the zone, so a zone of a few km² stays
	 * readable; `province` frames the whole province with the zone inside it.
	 */
	fit?: 'zone' | 'province';
	/** Digits after the decimal point in the path data (default 1). */
	precision?: number;
}

interface Bounds {
	west: number;
	south: number;
	east: number;
	north: number;
}

function boundsOf(geometries: readonly MultiPolygon[]): Bounds | null {
	const [west, south, east, north] = geometryBounds({
		type: 'GeometryCollection',
		geometries: [...geometries]
	});
	return west <= east && south <= north ? { west, south, east, north } : null;
}

/**
 * Path data for the zone (and the province, if given) fitted into `box`, centred, aspect kept.
 * An empty geometry gives an empty path. Throws on a box without area.
 */
export function zoneThumbnail(
	zone: MultiPolygon,
	box: ThumbnailBox,
	options: ThumbnailOptions = {}
): ZoneThumbnail {
	const { width, height } = box;
	if (!(width > 0) || !(height > 0))
		throw new RangeError('The box needs a positive width and height');
	const padding = Math.max(0, box.padding ?? Math.min(width, height) * 0.04);
	if (2 * padding >= Math.min(width, height))
		throw new RangeError('The padding leaves no room to draw in');
	const province = options.province ?? null;
	const precision = options.precision ?? 1;

	const fitted =
		options.fit === 'province' && province
			? (boundsOf([province]) ?? boundsOf([zone]))
			: (boundsOf([zone]) ?? (province ? boundsOf([province]) : null));
	const result = (
		zonePath: string,
		provincePath: string | null,
		unitsPerKm = 0,
		project: ZoneThumbnail['project'] = null
	): ZoneThumbnail => ({ width, height, zonePath, provincePath, unitsPerKm, project });
	if (!fitted) return result('', province ? '' : null);

	const midLatitude = (fitted.south + fitted.north) / 2;
	const xScale = Math.cos((midLatitude * Math.PI) / 180);
	// Extent in projected degrees; a point or a line still gets a finite scale.
	const spanX = Math.max((fitted.east - fitted.west) * xScale, 1e-9);
	const spanY = Math.max(fitted.north - fitted.south, 1e-9);
	const innerWidth = width - 2 * padding;
	const innerHeight = height - 2 * padding;
	const scale = Math.min(innerWidth / spanX, innerHeight / spanY);
	// Centre the fitted extent in the box.
	const offsetX = padding + (innerWidth - spanX * scale) / 2;
	const offsetY = padding + (innerHeight - spanY * scale) / 2;
	const factor = 10 ** precision;
	const round = (value: number) => {
		const rounded = Math.round(value * factor) / factor;
		return Object.is(rounded, -0) ? 0 : rounded;
	};
	const project = ([lon, lat]: Position): [number, number] => [
		round(offsetX + (lon! - fitted.west) * xScale * scale),
		// SVG's y grows downwards.
		round(offsetY + (fitted.north - lat!) * scale)
	];

	const pathOf = (geometry: MultiPolygon): string => {
		const parts: string[] = [];
		for (const polygon of geometry.coordinates)
			for (const ring of polygon) {
				const points: [number, number][] = [];
				for (const position of ring) {
					const point = project(position);
					const last = points[points.length - 1];
					// Vertices closer than the precision add bytes, not detail.
					if (last && last[0] === point[0] && last[1] === point[1]) continue;
					points.push(point);
				}
				// GeoJSON rings repeat the first position at the end; `Z` closes them instead.
				const first = points[0];
				const last = points[points.length - 1];
				if (points.length > 1 && first![0] === last![0] && first![1] === last![1]) points.pop();
				if (points.length < 3) continue;
				parts.push(`M${points.map(([x, y]) => `${x} ${y}`).join('L')}Z`);
			}
		return parts.join('');
	};

	return result(
		pathOf(zone),
		province ? pathOf(province) : null,
		scale / kmPerDegreeLatitude,
		(lon, lat) => project([lon, lat])
	);
}

/** Kilometres per degree of latitude on the WGS 84 ellipsoid at Thailand's latitudes. */
const kmPerDegreeLatitude = 110.6;

/**
 * A self-contained SVG document of the thumbnail (zone filled, province outlined), for an
 * `<img src="data:image/svg+xml,…">`: no script, no external reference.
 */
export function zoneThumbnailSvg(thumbnail: ZoneThumbnail, title = ''): string {
	const escape = (text: string) =>
		text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
	const { width, height } = thumbnail;
	const stroke = Math.max(width, height) / 250;
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
		(title ? `<title>${escape(title)}</title>` : '') +
		`<rect width="${width}" height="${height}" fill="#fff"/>` +
		(thumbnail.provincePath
			? `<path d="${thumbnail.provincePath}" fill="none" stroke="#666" stroke-width="${stroke}" stroke-dasharray="${stroke * 4} ${stroke * 2}"/>`
			: '') +
		(thumbnail.zonePath
			? `<path d="${thumbnail.zonePath}" fill="#d8e8dc" fill-rule="evenodd" stroke="#1f5f3f" stroke-width="${stroke * 1.5}" stroke-linejoin="round"/>`
			: '') +
		`</svg>`
	);
}

const scaleLengthsKm = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200];

/** The longest round length (km) whose bar fits in `maxUnits`; null if even 100 m does not. */
export function scaleBarKm(unitsPerKm: number, maxUnits: number): number | null {
	let chosen: number | null = null;
	for (const km of scaleLengthsKm) if (km * unitsPerKm <= maxUnits) chosen = km;
	return chosen;
}

const thaiDigits = (text: string) =>
	text.replace(/[0-9]/g, (d) => String.fromCharCode(0x0e50 + Number(d)));

/**
 * The memo's map as one SVG document: the zone framed, the province's boundary where it passes,
 * a scale bar in Thai (กม., Thai digits) and, top right, a locator of the whole province with a
 * mark where the zone lies. Drawn inline in the memo, its text uses the page's bundled Sarabun
 * (an SVG in an `<img>` could use only the system's fonts, which may have no Thai).
 */
export function zoneMapSvg(
	zone: MultiPolygon,
	province: MultiPolygon | null,
	box: { width: number; height: number; title?: string }
): string {
	const { width, height } = box;
	const stroke = Math.max(width, height) / 250;
	// With a province, the locator takes a right-hand column, so it never hides the zone.
	const side = province ? Math.min(width, height) * 0.3 : 0;
	const gap = province ? width * 0.03 : 0;
	const mainWidth = width - side - gap;
	const main = zoneThumbnail(
		zone,
		{
			width: mainWidth,
			height,
			padding: Math.min(mainWidth, height) * (province ? 0.08 : 0.14)
		},
		{ province }
	);
	const parts = [
		zoneThumbnailSvg({ ...main, width, height }, box.title ?? '').replace(/<\/svg>$/, '')
	];

	if (province) {
		const inset = zoneThumbnail(
			zone,
			{ width: side, height: side, padding: side * 0.06 },
			{ province, fit: 'province' }
		);
		const bounds = boundsOf([zone]);
		const centre =
			bounds && inset.project
				? inset.project((bounds.west + bounds.east) / 2, (bounds.south + bounds.north) / 2)
				: null;
		parts.push(
			// The column's background hides the main map's province outline running under it.
			`<rect x="${mainWidth}" width="${side + gap}" height="${height}" fill="#fff"/>`,
			`<path d="M${mainWidth} 0V${height}" stroke="#000" stroke-width="${stroke * 0.75}"/>`,
			`<g transform="translate(${mainWidth + gap} ${stroke})">`,
			`<rect width="${side - stroke}" height="${side}" fill="#fff" stroke="#000" stroke-width="${stroke * 0.75}"/>`,
			inset.provincePath
				? `<path d="${inset.provincePath}" fill="#eee" stroke="#555" stroke-width="${stroke * 0.6}"/>`
				: '',
			inset.zonePath ? `<path d="${inset.zonePath}" fill="#1f5f3f" fill-rule="evenodd"/>` : '',
			centre
				? `<circle cx="${centre[0]}" cy="${centre[1]}" r="${side * 0.06}" fill="none" stroke="#b3261e" stroke-width="${stroke}"/>`
				: '',
			`</g>`
		);
	}
	// After the locator's column, whose white background would hide it.
	const barRoom = province ? side : width * 0.3;
	const barKm = main.unitsPerKm > 0 ? scaleBarKm(main.unitsPerKm, barRoom) : null;
	if (barKm !== null) {
		const length = barKm * main.unitsPerKm;
		const x = province ? mainWidth + gap : width * 0.05;
		const y = height * 0.96;
		const tick = height * 0.02;
		const label =
			barKm < 1 ? `${thaiDigits(String(barKm * 1000))} ม.` : `${thaiDigits(String(barKm))} กม.`;
		parts.push(
			`<rect x="${x - stroke}" y="${y - tick - height * 0.07}" width="${barRoom + 2 * stroke}" height="${tick + height * 0.07 + stroke}" fill="#fff"/>`,
			`<path d="M${x} ${y - tick}V${y}H${x + length}V${y - tick}" fill="none" stroke="#000" stroke-width="${stroke}"/>`,
			`<text x="${x}" y="${y - tick - stroke * 2}" font-size="${height * 0.05}" font-family="Sarabun, 'Noto Sans Thai', 'TH Sarabun New', sans-serif">${label}</text>`
		);
	}

	parts.push('</svg>');
	return parts.join('');
}

/** The SVG as a data: URL. */
export function svgDataUrl(svg: string): string {
	return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
