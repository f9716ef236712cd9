import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { rectangle } from '../../../../tests/fixtures/zones/zone-fixtures';
import { WorkspaceGeometry, type DrawingLayer } from './workspace-geometry.svelte';

const a = rectangle(102.0, 16.0, 102.1, 16.1);
const b = rectangle(102.2, 16.0, 102.3, 16.1);
const c = rectangle(102.4, 16.0, 102.5, 16.1);
/** A polygon with a hole: Terra Draw cannot hold it, so it stays beside the drawing layer. */
const holed: Polygon = {
	type: 'Polygon',
	coordinates: [
		rectangle(103, 16, 103.3, 16.3).coordinates[0]!,
		rectangle(103.1, 16.1, 103.2, 16.2).coordinates[0]!.slice().reverse()
	]
};

/** A drawing layer that rounds to 3 decimals, as Terra Draw rounds to its precision. */
class RoundingLayer implements DrawingLayer {
	held: Polygon[] = [];
	show(polygons: readonly Polygon[]): Polygon[] {
		this.held = polygons.map((p) => ({
			type: 'Polygon',
			coordinates: p.coordinates.map((ring) =>
				ring.map(([x, y]) => [Math.round(x! * 1e3) / 1e3, Math.round(y! * 1e3) / 1e3])
			)
		}));
		return [];
	}
	polygons(): Polygon[] {
		return this.held;
	}
}

describe('WorkspaceGeometry (the zone geometry and its undo history)', () => {
	it('undoes and redoes whole steps, and a new step drops the redo branch', () => {
		let shown = 0;
		const geometry = new WorkspaceGeometry({ polygons: [], source: 'drawn' }, () => shown++);
		expect([geometry.canUndo, geometry.canRedo, geometry.isEmpty]).toEqual([false, false, true]);
		geometry.apply([a], 'drawn');
		geometry.apply([a, b], 'laos');
		expect(geometry.polygons).toEqual([a, b]);
		expect(geometry.source).toBe('laos');
		expect(geometry.undo()).toBe(true);
		expect(geometry.polygons).toEqual([a]);
		expect(geometry.source).toBe('drawn');
		expect([geometry.canUndo, geometry.canRedo]).toEqual([true, true]);
		expect(geometry.redo()).toBe(true);
		expect(geometry.polygons).toEqual([a, b]);
		geometry.undo();
		geometry.apply([c], 'file');
		expect(geometry.canRedo).toBe(false);
		expect(geometry.redo()).toBe(false);
		geometry.undo();
		geometry.undo();
		expect(geometry.polygons).toEqual([]);
		expect(geometry.undo()).toBe(false);
		// Every geometry shown from code asks for the live figures.
		expect(shown).toBe(8);
	});

	it('records a finished drawing edit once, not a selection or a pointer move, and makes it drawn', () => {
		const geometry = new WorkspaceGeometry({ polygons: [a], source: 'laos' });
		expect(geometry.drawingChanged([b], false)).toBe(false);
		expect(geometry.canUndo).toBe(false);
		expect(geometry.drawingChanged([b], true)).toBe(true);
		expect(geometry.source).toBe('drawn');
		// Selecting the polygon afterwards reports the same geometry again.
		expect(geometry.drawingChanged([b], true)).toBe(false);
		geometry.undo();
		expect(geometry.polygons).toEqual([a]);
		expect(geometry.source).toBe('laos');
	});

	it('keeps parts with holes beside the drawing layer, and takes the layer’s rounding as saved', () => {
		const layer = new RoundingLayer();
		const odd = rectangle(102.00012, 16.0, 102.1, 16.1);
		const geometry = new WorkspaceGeometry({ polygons: [odd, holed], source: 'laos' });
		geometry.attach(layer);
		expect(geometry.holed).toEqual([holed]);
		expect(geometry.editable[0]!.coordinates[0]![0]).toEqual([102, 16]);
		// The rounding is not an edit: nothing to cancel, nothing to undo.
		expect(geometry.changed).toBe(false);
		expect(geometry.canUndo).toBe(false);
		expect(geometry.multiPolygon()!.coordinates).toHaveLength(2);
	});

	it('cancels back to the saved geometry as an undoable step, and adopts a save as the new start', () => {
		const geometry = new WorkspaceGeometry({ polygons: [a], source: 'drawn' });
		geometry.apply([a, b], 'drawn');
		expect(geometry.changed).toBe(true);
		geometry.cancelToSaved('drawn');
		expect(geometry.polygons).toEqual([a]);
		expect(geometry.changed).toBe(false);
		geometry.undo();
		expect(geometry.polygons).toEqual([a, b]);
		geometry.apply([b], 'drawn');
		geometry.markSaved();
		expect([geometry.changed, geometry.canUndo]).toEqual([false, true]);
		geometry.adopt([c], 'file');
		expect([geometry.changed, geometry.canUndo, geometry.canRedo]).toEqual([false, false, false]);
		expect(geometry.current).toEqual({ polygons: [c], source: 'file' });
	});
});
