import type { PolygonGeometry } from './shapefile';

/**
 * Encodes a Polygon or MultiPolygon as little-endian OGC WKB, always as a MultiPolygon (the type
 * of every boundary column). The database parses WKB several times faster than GeoJSON text.
 */
export function multiPolygonWkb(geometry: PolygonGeometry): Uint8Array {
	const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
	let bytes = 9;
	for (const rings of polygons) {
		bytes += 9;
		for (const ring of rings) bytes += 4 + 16 * ring.length;
	}
	const buffer = new ArrayBuffer(bytes);
	const view = new DataView(buffer);
	let at = 0;
	const header = (type: number, count: number) => {
		view.setUint8(at, 1); // little-endian
		view.setUint32(at + 1, type, true);
		view.setUint32(at + 5, count, true);
		at += 9;
	};
	header(6, polygons.length);
	for (const rings of polygons) {
		header(3, rings.length);
		for (const ring of rings) {
			view.setUint32(at, ring.length, true);
			at += 4;
			for (const [x, y] of ring) {
				view.setFloat64(at, x, true);
				view.setFloat64(at + 8, y, true);
				at += 16;
			}
		}
	}
	return new Uint8Array(buffer);
}
