import type { MultiPolygon, Polygon } from 'geojson';
import type { GeometrySource } from '$lib/geo/zones/zone-terms';
import { EditHistory } from '$lib/map/drawing/edit-history';
import { splitByHoles, toMultiPolygon } from './zone-geometry';

/** The zone's geometry at one step of the undo history. */
export interface GeometryStep {
	polygons: Polygon[];
	source: GeometrySource;
}

/**
 * What shows the editable part: Terra Draw's drawing layer (`ZoneDrawing`), which takes
 * hole-free polygons, answers with those it refused and holds them rounded to its precision.
 */
export interface DrawingLayer {
	show(polygons: readonly Polygon[]): Polygon[];
	polygons(): Polygon[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The zone's geometry in the workspace, and its undo/redo history: the polygons Terra Draw holds
 * (hole-free, `editable`), those kept outside it (`holed`: with holes, or refused), how the
 * geometry was made, and the geometry as last saved (what "cancel" returns to). No DOM: the
 * drawing layer is attached once the map is up, and tests attach none.
 */
export class WorkspaceGeometry {
	editable = $state.raw<Polygon[]>([]);
	holed = $state.raw<Polygon[]>([]);
	source = $state<GeometrySource>('drawn');
	canUndo = $state(false);
	canRedo = $state(false);
	/** The geometry as last saved, as JSON (Terra Draw's rounding once the layer is attached). */
	savedJson = $state('[]');

	readonly polygons = $derived([...this.editable, ...this.holed]);
	readonly changed = $derived(JSON.stringify(this.polygons) !== this.savedJson);
	readonly isEmpty = $derived(this.polygons.length === 0);

	private readonly history: EditHistory<GeometryStep>;
	private layer: DrawingLayer | null = null;

	constructor(
		initial: GeometryStep,
		/** After every geometry shown from code (undo, redo, a step, a save): the live figures. */
		private readonly onshown: () => void = () => {}
	) {
		const parts = splitByHoles(initial.polygons);
		this.editable = parts.editable;
		this.holed = parts.holed;
		this.source = initial.source;
		this.savedJson = JSON.stringify(initial.polygons);
		this.history = new EditHistory<GeometryStep>(initial);
	}

	/** The geometry as one MultiPolygon, or null when nothing is drawn. */
	multiPolygon(): MultiPolygon | null {
		return toMultiPolygon(this.polygons);
	}

	/** The history's present (what the last finished edit left). */
	get current(): GeometryStep {
		return this.history.current;
	}

	/**
	 * Hands the editable part to the drawing layer. What the layer holds (its rounding) becomes
	 * the saved state and the start of the history, so an untouched zone is not "changed".
	 */
	attach(layer: DrawingLayer): void {
		this.layer = layer;
		this.show({ polygons: this.polygons, source: this.source });
		this.resetTo(this.source);
	}

	detach(): void {
		this.layer = null;
	}

	/** Shows a geometry: hole-free polygons in the drawing layer, the rest beside it. */
	show(step: GeometryStep): void {
		const parts = splitByHoles(step.polygons);
		if (this.layer) {
			const refused = this.layer.show(parts.editable);
			this.editable = this.layer.polygons();
			this.holed = [...parts.holed, ...refused];
		} else {
			this.editable = parts.editable;
			this.holed = parts.holed;
		}
		this.source = step.source;
		this.onshown();
	}

	/** Records the present geometry as a step, unless it is the present step already. */
	record(): boolean {
		const step = { polygons: this.polygons, source: this.source };
		if (same(step, this.history.current)) return false;
		this.history.push(step);
		this.syncFlags();
		return true;
	}

	/** Replaces the zone's geometry as one undoable step (a union of LAOs, an import…). */
	apply(polygons: Polygon[], source: GeometrySource): void {
		this.show({ polygons, source });
		this.record();
	}

	undo(): boolean {
		const step = this.history.undo();
		if (step) this.show(step);
		this.syncFlags();
		return Boolean(step);
	}

	redo(): boolean {
		const step = this.history.redo();
		if (step) this.show(step);
		this.syncFlags();
		return Boolean(step);
	}

	/**
	 * Terra Draw changed its polygons. Returns true when that finished an edit (recorded as a
	 * step): selecting and deselecting end in a change event too, with the same geometry. A hand
	 * edit of a zone built from LAOs, a candidate or a file makes it a drawn one.
	 */
	drawingChanged(polygons: Polygon[], settled: boolean): boolean {
		this.editable = polygons;
		if (!settled || same(this.polygons, this.history.current.polygons)) return false;
		this.source = 'drawn';
		return this.record();
	}

	/** Back to the last saved geometry: itself a step that can be undone. */
	cancelToSaved(source: GeometrySource): void {
		this.apply(JSON.parse(this.savedJson) as Polygon[], source);
	}

	/** The geometry shown is now saved (a new zone, just before its page opens). */
	markSaved(): void {
		this.savedJson = JSON.stringify(this.polygons);
	}

	/** Makes `polygons` the saved geometry and the start of a new history (after a save or load). */
	adopt(polygons: Polygon[], source: GeometrySource): void {
		this.show({ polygons, source });
		this.resetTo(source);
	}

	private resetTo(source: GeometrySource): void {
		this.savedJson = JSON.stringify(this.polygons);
		this.history.reset({ polygons: this.polygons, source });
		this.syncFlags();
	}

	private syncFlags(): void {
		this.canUndo = this.history.canUndo;
		this.canRedo = this.history.canRedo;
	}
}
