import type { LineString, Polygon, Position } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { GeoJSONStoreFeatures, SnapToCustom, TerraDraw } from 'terra-draw';
import type { VertexSnapper } from './vertex-snapper';

/**
 * What the planner does with the pointer: draw new polygons, edit them, measure a distance or
 * an area (shapes that are never part of the zone), or nothing.
 */
export type DrawingMode = 'polygon' | 'select' | 'measure-line' | 'measure-area' | 'static';

/** A shape drawn to measure (Terra Draw's `measure-line` / `measure-area` modes). */
export type MeasureShape = LineString | Polygon;

const isMeasureMode = (mode: unknown) => mode === 'measure-line' || mode === 'measure-area';

/** Snap distance in screen pixels: a vertex this close to the pointer is taken instead. */
export const SNAP_TOLERANCE_PX = 10;

/** Terra Draw refuses coordinates with more decimals than this (its `coordinatePrecision`). */
const COORDINATE_DECIMALS = 9;

export const drawingColors = {
	fill: '#1864ab',
	outline: '#0b3d75',
	vertex: '#ffffff',
	selected: '#d9480f',
	measure: '#862e9c'
} as const;

export interface ZoneDrawingOptions {
	map: MapLibreMap;
	/** The snapping index, once the province's LAO geometries have arrived (null before). */
	snapper: () => VertexSnapper | null;
	/**
	 * Called after every change of the drawn polygons. `settled` is false while a polygon is
	 * being drawn or a vertex dragged (many times a second) and true when an edit is finished.
	 */
	onchange: (polygons: Polygon[], settled: boolean) => void;
	/** Called after every change of the measuring shapes (none of which touch the zone). */
	onmeasure?: (shapes: MeasureShape[]) => void;
}

function roundRing(ring: Position[]): Position[] {
	const factor = 10 ** COORDINATE_DECIMALS;
	return ring.map(([lng, lat]) => [
		Math.round(lng! * factor) / factor,
		Math.round(lat! * factor) / factor
	]);
}

/**
 * The zone under edit in Terra Draw's drawing layer (only that zone: the boundaries stay vector
 * tiles). Terra Draw holds hole-free polygons only; the workspace keeps any part with holes
 * (a union of LAOs around a municipality) outside it, and keeps the undo history of both.
 * Terra Draw refuses a polygon of more than one ring ("Feature has holes",
 * https://github.com/JamesLMilner/terra-draw/blob/main/packages/terra-draw/src/validations/polygon.validation.ts).
 */
export class ZoneDrawing {
	/** True while the drawing layer is filled from code, whose change events are not edits. */
	private loading = false;
	private selectedId: string | number | null = null;

	private constructor(
		private readonly draw: TerraDraw,
		private readonly options: ZoneDrawingOptions
	) {
		draw.on('change', (_ids, type) => {
			if (this.loading) return;
			if (isMeasureMode(draw.getMode())) {
				options.onmeasure?.(this.measured());
				return;
			}
			// Deleting a polygon or a vertex in select mode finishes an edit too.
			options.onchange(this.polygons(), type === 'delete');
		});
		draw.on('finish', () => {
			if (this.loading) return;
			if (isMeasureMode(draw.getMode())) options.onmeasure?.(this.measured());
			else options.onchange(this.polygons(), true);
		});
		draw.on('select', (id) => (this.selectedId = id));
		draw.on('deselect', () => (this.selectedId = null));
	}

	/** Starts Terra Draw on a map whose style has loaded. Browser only. */
	static async create(options: ZoneDrawingOptions): Promise<ZoneDrawing> {
		const [
			{ TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode, TerraDrawLineStringMode },
			{ TerraDrawMapLibreGLAdapter }
		] = await Promise.all([import('terra-draw'), import('terra-draw-maplibre-gl-adapter')]);
		const toCustom: SnapToCustom = (event, context) => {
			const snapper = options.snapper();
			if (!snapper) return undefined;
			const east = context.unproject(event.containerX + 1, event.containerY);
			const degreesPerPixel = Math.abs(east.lng - event.lng);
			return snapper.nearest(
				event.lng,
				event.lat,
				(lng, lat) => context.project(lng, lat),
				SNAP_TOLERANCE_PX,
				degreesPerPixel
			);
		};
		const draw = new TerraDraw({
			adapter: new TerraDrawMapLibreGLAdapter({ map: options.map, prefixId: 'zone-draw' }),
			modes: [
				new TerraDrawPolygonMode({
					snapping: { toCustom },
					// Escape drops the polygon being drawn; Enter closes it.
					keyEvents: { cancel: 'Escape', finish: 'Enter' },
					styles: {
						fillColor: drawingColors.fill,
						fillOpacity: 0.25,
						outlineColor: drawingColors.outline,
						outlineWidth: 2,
						closingPointColor: drawingColors.vertex,
						closingPointOutlineColor: drawingColors.outline,
						closingPointWidth: 6,
						closingPointOutlineWidth: 2,
						snappingPointColor: drawingColors.selected,
						snappingPointWidth: 5
					}
				}),
				// Measuring: shapes of their own modes, so the zone's `polygons()` never includes
				// them and select mode cannot pick them (its flags name the `polygon` mode only).
				// No snapping: a measure goes where the planner clicks.
				new TerraDrawLineStringMode({
					modeName: 'measure-line',
					keyEvents: { cancel: 'Escape', finish: 'Enter' },
					styles: { lineStringColor: drawingColors.measure, lineStringWidth: 3 }
				}),
				new TerraDrawPolygonMode({
					modeName: 'measure-area',
					keyEvents: { cancel: 'Escape', finish: 'Enter' },
					styles: {
						fillColor: drawingColors.measure,
						fillOpacity: 0.15,
						outlineColor: drawingColors.measure,
						outlineWidth: 2
					}
				}),
				new TerraDrawSelectMode({
					flags: {
						polygon: {
							feature: {
								draggable: true,
								// The server judges self-intersection and names the place; refusing the
								// drag here would leave the planner guessing why the vertex does not move.
								selfIntersectable: true,
								coordinates: {
									draggable: true,
									deletable: true,
									midpoints: true,
									snappable: { toCustom }
								}
							}
						}
					},
					keyEvents: { deselect: 'Escape', delete: 'Delete', rotate: null, scale: null },
					styles: {
						selectedPolygonColor: drawingColors.selected,
						selectedPolygonFillOpacity: 0.2,
						selectedPolygonOutlineColor: drawingColors.selected,
						selectedPolygonOutlineWidth: 2,
						selectionPointColor: drawingColors.vertex,
						selectionPointOutlineColor: drawingColors.selected,
						selectionPointWidth: 5,
						selectionPointOutlineWidth: 2,
						midPointColor: drawingColors.selected,
						midPointOutlineColor: drawingColors.vertex,
						midPointWidth: 3,
						midPointOutlineWidth: 1
					}
				})
			]
		});
		const drawing = new ZoneDrawing(draw, options);
		draw.start();
		return drawing;
	}

	/** The finished polygons of the drawing layer (not one still being drawn). */
	polygons(): Polygon[] {
		return this.draw
			.getSnapshot()
			.filter(
				(feature) =>
					feature.geometry.type === 'Polygon' &&
					feature.properties.mode === 'polygon' &&
					!feature.properties.currentlyDrawing &&
					feature.geometry.coordinates[0]!.length >= 4
			)
			.map((feature) => ({
				type: 'Polygon',
				coordinates: (feature.geometry as Polygon).coordinates
			}));
	}

	/** The measuring shapes, the one being drawn included (its figure follows the pointer). */
	measured(): MeasureShape[] {
		return this.draw
			.getSnapshot()
			.filter((feature) => isMeasureMode(feature.properties.mode))
			.flatMap((feature): MeasureShape[] => {
				const geometry = feature.geometry;
				if (geometry.type === 'LineString' && geometry.coordinates.length >= 2) return [geometry];
				if (geometry.type === 'Polygon' && geometry.coordinates[0]!.length >= 4) return [geometry];
				return [];
			});
	}

	/** Removes every measuring shape (leaving measure mode): they are never saved. */
	clearMeasured(): void {
		const ids = this.draw
			.getSnapshot()
			.filter((feature) => isMeasureMode(feature.properties.mode))
			.map((feature) => feature.id!);
		if (ids.length === 0) return;
		this.loading = true;
		try {
			this.draw.removeFeatures(ids);
		} finally {
			this.loading = false;
		}
		this.options.onmeasure?.([]);
	}

	setMode(mode: DrawingMode): void {
		const leavingMeasure = isMeasureMode(this.draw.getMode()) && this.draw.getMode() !== mode;
		// Terra Draw drops a shape half drawn when its mode ends; the finished ones go after.
		this.draw.setMode(mode);
		if (leavingMeasure) this.clearMeasured();
	}

	/**
	 * Shows `polygons` in the drawing layer (no change event). Returns those Terra Draw refused
	 * (its validation), which the caller keeps outside the drawing layer rather than lose.
	 */
	show(polygons: readonly Polygon[]): Polygon[] {
		// Clearing the layer drops the measuring shapes too: say so, so their figures go with them.
		const hadMeasures = this.measured().length > 0;
		this.loading = true;
		try {
			const mode = this.draw.getMode();
			this.draw.clear();
			this.selectedId = null;
			const features: GeoJSONStoreFeatures[] = polygons.map((polygon) => ({
				type: 'Feature',
				geometry: { type: 'Polygon', coordinates: [roundRing(polygon.coordinates[0]!)] },
				properties: { mode: 'polygon' }
			}));
			const results = this.draw.addFeatures(features);
			if (this.draw.getMode() !== mode) this.draw.setMode(mode);
			return polygons.filter((_, i) => !results[i]?.valid);
		} finally {
			this.loading = false;
			if (hadMeasures) this.options.onmeasure?.([]);
		}
	}

	/** Deletes the selected polygon, or returns false when none is selected. */
	deleteSelected(): boolean {
		if (this.selectedId === null) return false;
		const id = this.selectedId;
		this.loading = true;
		try {
			this.draw.deselectFeature(id);
			this.draw.removeFeatures([id]);
		} finally {
			this.loading = false;
		}
		this.selectedId = null;
		this.options.onchange(this.polygons(), true);
		return true;
	}

	destroy(): void {
		try {
			this.draw.stop();
		} catch (error) {
			// The map may already be gone with its style when the page unmounts.
			console.warn('Terra Draw did not stop cleanly:', error);
		}
	}
}
