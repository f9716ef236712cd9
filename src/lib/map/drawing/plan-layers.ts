import type { FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

/**
 * The planner's own map layers, above the vector-tile boundaries: other zones of the province,
 * LAOs picked by clicking, the parts of the zone outside the drawing layer (with holes, or the
 * whole zone when read-only), a conflicting revision's outline, and validation problems.
 */
export const planColors = {
	zone: '#1864ab',
	zoneOutline: '#0b3d75',
	otherZone: '#5c5f66',
	picked: '#f08c00',
	theirs: '#7048a8',
	problem: '#e03131',
	added: '#2f9e44',
	removed: '#e03131',
	unchanged: '#868e96'
} as const;

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };

export type PlanSource = 'plan-other-zones' | 'plan-static' | 'plan-theirs' | 'plan-problems';

/** Adds the sources and layers once the style has loaded. */
export function addPlanLayers(map: MapLibreMap): void {
	for (const id of ['plan-other-zones', 'plan-static', 'plan-theirs', 'plan-problems'] as const) {
		map.addSource(id, { type: 'geojson', data: empty });
	}
	map.addLayer({
		// LAOs picked in "click LAOs" mode, by feature state on the tile features (id = DLA code).
		id: 'plan-lao-picked',
		type: 'fill',
		source: 'lao',
		'source-layer': 'lao',
		filter: ['!=', ['get', 'lao_type'], 'provincial_admin_org'],
		paint: {
			'fill-color': planColors.picked,
			'fill-opacity': ['case', ['boolean', ['feature-state', 'picked'], false], 0.4, 0]
		}
	});
	map.addLayer({
		id: 'plan-other-zones-fill',
		type: 'fill',
		source: 'plan-other-zones',
		paint: { 'fill-color': planColors.otherZone, 'fill-opacity': 0.15 }
	});
	map.addLayer({
		id: 'plan-other-zones-line',
		type: 'line',
		source: 'plan-other-zones',
		paint: { 'line-color': planColors.otherZone, 'line-width': 1.5, 'line-dasharray': [3, 2] }
	});
	map.addLayer({
		id: 'plan-static-fill',
		type: 'fill',
		source: 'plan-static',
		paint: { 'fill-color': planColors.zone, 'fill-opacity': 0.25 }
	});
	map.addLayer({
		id: 'plan-static-line',
		type: 'line',
		source: 'plan-static',
		paint: { 'line-color': planColors.zoneOutline, 'line-width': 2 }
	});
	map.addLayer({
		id: 'plan-theirs-line',
		type: 'line',
		source: 'plan-theirs',
		paint: { 'line-color': planColors.theirs, 'line-width': 2.5, 'line-dasharray': [2, 1.5] }
	});
	map.addLayer({
		id: 'plan-problems-fill',
		type: 'fill',
		source: 'plan-problems',
		filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
		paint: {
			'fill-color': planColors.problem,
			'fill-opacity': ['case', ['boolean', ['get', 'focused'], false], 0.35, 0.12]
		}
	});
	map.addLayer({
		id: 'plan-problems-line',
		type: 'line',
		source: 'plan-problems',
		filter: [
			'in',
			['geometry-type'],
			['literal', ['Polygon', 'MultiPolygon', 'LineString', 'MultiLineString']]
		],
		paint: {
			'line-color': planColors.problem,
			'line-width': ['case', ['boolean', ['get', 'focused'], false], 4, 2]
		}
	});
	map.addLayer({
		id: 'plan-problems-point',
		type: 'circle',
		source: 'plan-problems',
		filter: ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]],
		paint: {
			'circle-color': planColors.problem,
			'circle-radius': ['case', ['boolean', ['get', 'focused'], false], 11, 7],
			'circle-opacity': 0.55,
			'circle-stroke-color': '#ffffff',
			'circle-stroke-width': 2
		}
	});
}

/** Replaces one of the planner's sources' data. */
export function setPlanData(
	map: MapLibreMap,
	source: PlanSource,
	features: { geometry: Geometry; properties?: Record<string, unknown> }[]
): void {
	(map.getSource(source) as GeoJSONSource | undefined)?.setData({
		type: 'FeatureCollection',
		features: features.map((f) => ({
			type: 'Feature',
			geometry: f.geometry,
			properties: f.properties ?? {}
		}))
	});
}

/** Polygons as features of one source. */
export function polygonFeatures(polygons: readonly (Polygon | MultiPolygon)[]) {
	return polygons.map((geometry) => ({ geometry }));
}
