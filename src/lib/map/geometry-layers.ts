import type { FeatureCollection, Geometry } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

/**
 * One helper for the maps' own geometry (issue 14, item 6): a GeoJSON source named `id` with a
 * fill layer `${id}-fill` (unless `fill` is null) and an outline `${id}-line`. The diff map, the
 * public zone page, the governor's comment map and the candidate overlay all draw zones so.
 */
export interface GeometryLayerPaint {
	/** The fill colour, or null for an outline only. */
	fill: string | null;
	/** 0–1. */
	fillOpacity?: number;
	line: string;
	/** Pixels. */
	lineWidth?: number;
	/** Dash and gap lengths, in line widths. */
	lineDash?: number[];
}

/** A FeatureCollection of the given geometries (nulls skipped), without properties. */
export function geometryCollection(geometries: readonly (Geometry | null)[]): FeatureCollection {
	return {
		type: 'FeatureCollection',
		features: geometries
			.filter((g): g is Geometry => g !== null)
			.map((geometry) => ({ type: 'Feature', geometry, properties: {} }))
	};
}

/** Adds the source and its layers (below `beforeId` when given); call once the style has loaded. */
export function addGeometryLayers(
	map: MapLibreMap,
	id: string,
	paint: GeometryLayerPaint,
	data: FeatureCollection = geometryCollection([]),
	beforeId?: string
): void {
	map.addSource(id, { type: 'geojson', data });
	if (paint.fill !== null) {
		map.addLayer(
			{
				id: `${id}-fill`,
				type: 'fill',
				source: id,
				paint: { 'fill-color': paint.fill, 'fill-opacity': paint.fillOpacity ?? 0.25 }
			},
			beforeId
		);
	}
	map.addLayer(
		{
			id: `${id}-line`,
			type: 'line',
			source: id,
			paint: {
				'line-color': paint.line,
				'line-width': paint.lineWidth ?? 2,
				...(paint.lineDash ? { 'line-dasharray': paint.lineDash } : {})
			}
		},
		beforeId
	);
}

/** Replaces what the source `id` draws (nothing happens before `addGeometryLayers`). */
export function setGeometryData(map: MapLibreMap, id: string, data: FeatureCollection): void {
	(map.getSource(id) as GeoJSONSource | undefined)?.setData(data);
}
