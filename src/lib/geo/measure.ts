import { area, feature, length } from '@turf/turf';
import type { LineString, Polygon } from 'geojson';

export interface MeasuredFigures {
	/** Total length of the lines, km (geodesic, Turf's haversine). */
	lengthKm: number;
	/** Total area of the polygons, km² (Turf's spherical area, as the live panel's). */
	areaKm2: number;
	lines: number;
	polygons: number;
}

/** The figures of the workspace's measuring shapes: lines add up to a distance, polygons to an area. */
export function measureShapes(shapes: readonly (LineString | Polygon)[]): MeasuredFigures {
	const figures: MeasuredFigures = { lengthKm: 0, areaKm2: 0, lines: 0, polygons: 0 };
	for (const shape of shapes) {
		if (shape.type === 'LineString') {
			figures.lengthKm += length(feature(shape), { units: 'kilometers' });
			figures.lines++;
		} else {
			figures.areaKm2 += area(shape) / 1e6;
			figures.polygons++;
		}
	}
	return figures;
}
