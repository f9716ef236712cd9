import type { MultiPolygon, Polygon, Position } from 'geojson';

/** Screen position of a longitude/latitude, in CSS pixels of the map container. */
export type ProjectToScreen = (lng: number, lat: number) => { x: number; y: number };

/**
 * Finds the boundary vertex nearest to the pointer, for snapping a drawn zone to tambon and LAO
 * boundaries. LAO geometries are unions of whole tambons, so their vertices are the tambon
 * boundaries' vertices along every LAO edge.
 *
 * The vertices sit in a grid of `cellDegrees` cells, so a look-up reads the few cells around
 * the pointer instead of every vertex of the province (tens of thousands).
 */
export class VertexSnapper {
	private readonly cells = new Map<string, Position[]>();

	constructor(
		geometries: Iterable<Polygon | MultiPolygon>,
		private readonly cellDegrees = 0.01
	) {
		const seen = new Set<string>();
		for (const geometry of geometries) {
			const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
			for (const polygon of polygons)
				for (const ring of polygon)
					for (const vertex of ring) {
						const key = `${vertex[0]},${vertex[1]}`;
						// Neighbouring LAOs share their boundary vertices: keep one of each.
						if (seen.has(key)) continue;
						seen.add(key);
						const cell = this.cellKey(vertex[0]!, vertex[1]!);
						const list = this.cells.get(cell);
						if (list) list.push(vertex);
						else this.cells.set(cell, [vertex]);
					}
		}
		this.vertexCount = seen.size;
	}

	/** Distinct vertices indexed. */
	readonly vertexCount: number;

	private cellKey(lng: number, lat: number): string {
		return `${Math.floor(lng / this.cellDegrees)}:${Math.floor(lat / this.cellDegrees)}`;
	}

	/**
	 * The vertex within `tolerancePx` screen pixels of the pointer at (`lng`, `lat`), nearest
	 * first, or undefined. `degreesPerPixel` bounds the cells searched (from the map's zoom).
	 */
	nearest(
		lng: number,
		lat: number,
		project: ProjectToScreen,
		tolerancePx: number,
		degreesPerPixel: number
	): Position | undefined {
		const reach = tolerancePx * degreesPerPixel;
		// Far zoomed out every vertex is "near": snapping there would only surprise.
		if (!(reach > 0) || reach > 20 * this.cellDegrees) return undefined;
		const pointer = project(lng, lat);
		let best: Position | undefined;
		let bestDistance = tolerancePx;
		const west = Math.floor((lng - reach) / this.cellDegrees);
		const east = Math.floor((lng + reach) / this.cellDegrees);
		const south = Math.floor((lat - reach) / this.cellDegrees);
		const north = Math.floor((lat + reach) / this.cellDegrees);
		for (let x = west; x <= east; x++)
			for (let y = south; y <= north; y++) {
				for (const vertex of this.cells.get(`${x}:${y}`) ?? []) {
					const at = project(vertex[0]!, vertex[1]!);
					const distance = Math.hypot(at.x - pointer.x, at.y - pointer.y);
					if (distance <= bestDistance) {
						bestDistance = distance;
						best = vertex;
					}
				}
			}
		return best ? [best[0]!, best[1]!] : undefined;
	}
}
