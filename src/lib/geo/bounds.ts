import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { BBox } from '$lib/places/types';

/**
 * West, south, east, north (degrees) of any GeoJSON, as Turf's `bbox` gives them. Written here, not imported, because
 * the public map's first view needs only this and Turf's `bbox` brings its unit tables and
 * coordinate walkers with it (issue 19 item 5: the first view's bytes).
 */
export function boundsOf(geojson: Geometry | Feature | FeatureCollection): BBox {
	const bounds: BBox = [Infinity, Infinity, -Infinity, -Infinity];
	const add = ([x, y]: Position) => {
		if (x! < bounds[0]) bounds[0] = x!;
		if (y! < bounds[1]) bounds[1] = y!;
		if (x! > bounds[2]) bounds[2] = x!;
		if (y! > bounds[3]) bounds[3] = y!;
	};
	const walk = (value: Geometry | Feature | FeatureCollection | null): void => {
		if (!value) return;
		switch (value.type) {
			case 'FeatureCollection':
				return value.features.forEach(walk);
			case 'Feature':
				return walk(value.geometry);
			case 'GeometryCollection':
				return value.geometries.forEach(walk);
			case 'Point':
				return add(value.coordinates);
			case 'MultiPoint':
			case 'LineString':
				return value.coordinates.forEach(add);
			case 'MultiLineString':
			case 'Polygon':
				return value.coordinates.forEach((line) => line.forEach(add));
			case 'MultiPolygon':
				return value.coordinates.forEach((polygon) => polygon.forEach((ring) => ring.forEach(add)));
		}
	};
	walk(geojson);
	return bounds;
}
