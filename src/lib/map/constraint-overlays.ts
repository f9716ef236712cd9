import type { Map as MapLibreMap } from 'maplibre-gl';
import type { ConstraintOverlay } from './map-style';

/** The MapLibre source id of one constraint layer version; its layers add `-fill` and `-line`. */
export function constraintSourceId(overlay: Pick<ConstraintOverlay, 'key' | 'version'>): string {
	return `constraint-${overlay.key}-v${overlay.version}`;
}

/**
 * Brings the map's constraint overlays in line with the layers switched on (issue 13): removes
 * the sources and layers of those switched off, adds a source and a fill and a line layer for
 * each one newly switched on, under the labels (and under the page's own `overlay-`/`plan-`
 * layers, so a zone being drawn stays on top). Used by the public map and the planner's
 * workspace alike, so both draw a layer the same way.
 *
 * @param drawn the source ids this function returned last time for this map
 * @returns the source ids now drawn, to pass back next time
 */
export function syncConstraintOverlays(
	map: MapLibreMap,
	overlays: readonly ConstraintOverlay[],
	drawn: readonly string[]
): string[] {
	const wanted = new Map(overlays.map((o) => [constraintSourceId(o), o]));
	for (const id of drawn) {
		if (wanted.has(id)) continue;
		for (const layer of [`${id}-fill`, `${id}-line`])
			if (map.getLayer(layer)) map.removeLayer(layer);
		if (map.getSource(id)) map.removeSource(id);
	}
	const below = map
		.getStyle()
		.layers.find(
			(layer) =>
				layer.type === 'symbol' || layer.id.startsWith('overlay-') || layer.id.startsWith('plan-')
		)?.id;
	for (const [id, overlay] of wanted) {
		if (map.getSource(id)) continue;
		map.addSource(id, { type: 'geojson', data: overlay.data });
		map.addLayer(
			{
				id: `${id}-fill`,
				type: 'fill',
				source: id,
				paint: { 'fill-color': overlay.colour, 'fill-opacity': 0.3 }
			},
			below
		);
		map.addLayer(
			{
				id: `${id}-line`,
				type: 'line',
				source: id,
				paint: { 'line-color': overlay.colour, 'line-width': 1.5 }
			},
			below
		);
	}
	return [...wanted.keys()];
}
