/**
 * Ring geometry for polygon assembly. Coordinates are interleaved x, y in a Float64Array
 * (point i at [2i, 2i+1]) in the source CRS, so every test here is planar in source units.
 *
 * Shapefile convention: an outer ring is clockwise, a hole counter-clockwise, and the rings of a
 * record come in no guaranteed order, so which outer ring owns a hole is found by containment.
 */

export interface RingInfo {
	/** First point index (inclusive) and last point index (exclusive) in the coordinate array. */
	start: number;
	end: number;
	/** Twice the signed area, in squared source units: negative = clockwise (y pointing up). */
	doubleArea: number;
	minX: number;
	minY: number;
	maxX: number;
	maxY: number;
}

/**
 * Twice the signed (shoelace) area of points [start, end). Works whether or not the ring repeats
 * its first point, because the closing edge is always added (and is empty when it does). Each
 * coordinate is taken relative to the first point so large projected values (metres ~1e6) do not
 * lose precision in the products.
 */
export function doubleSignedArea(xy: Float64Array, start: number, end: number): number {
	const x0 = xy[2 * start]!;
	const y0 = xy[2 * start + 1]!;
	let sum = 0;
	let px = 0;
	let py = 0;
	for (let i = start + 1; i < end; i++) {
		const x = xy[2 * i]! - x0;
		const y = xy[2 * i + 1]! - y0;
		sum += px * y - x * py;
		px = x;
		py = y;
	}
	// Closing edge back to the first point, which is (0, 0) in relative coordinates: adds 0.
	return sum;
}

export function ringInfo(xy: Float64Array, start: number, end: number): RingInfo {
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (let i = start; i < end; i++) {
		const x = xy[2 * i]!;
		const y = xy[2 * i + 1]!;
		if (x < minX) minX = x;
		if (x > maxX) maxX = x;
		if (y < minY) minY = y;
		if (y > maxY) maxY = y;
	}
	return { start, end, doubleArea: doubleSignedArea(xy, start, end), minX, minY, maxX, maxY };
}

/**
 * Where (px, py) lies relative to ring points [start, end): 1 inside, -1 outside, 0 exactly on
 * the boundary. Even-odd ray casting towards +x; boundary hits are exact (shared vertices and
 * collinear edges, the usual way a hole touches its shell).
 */
export function classifyPoint(
	px: number,
	py: number,
	xy: Float64Array,
	start: number,
	end: number
): 1 | 0 | -1 {
	let inside = false;
	let xj = xy[2 * (end - 1)]!;
	let yj = xy[2 * (end - 1) + 1]!;
	for (let i = start; i < end; i++) {
		const xi = xy[2 * i]!;
		const yi = xy[2 * i + 1]!;
		if (
			(xj - xi) * (py - yi) === (yj - yi) * (px - xi) &&
			px >= Math.min(xi, xj) &&
			px <= Math.max(xi, xj) &&
			py >= Math.min(yi, yj) &&
			py <= Math.max(yi, yj)
		) {
			return 0;
		}
		if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
		xj = xi;
		yj = yi;
	}
	return inside ? 1 : -1;
}

/** Is the hole inside the shell? Decided by the first hole vertex not on the shell's boundary. */
function contains(xy: Float64Array, shell: RingInfo, hole: RingInfo): boolean {
	if (
		hole.minX < shell.minX ||
		hole.maxX > shell.maxX ||
		hole.minY < shell.minY ||
		hole.maxY > shell.maxY
	) {
		return false;
	}
	for (let i = hole.start; i < hole.end; i++) {
		const where = classifyPoint(xy[2 * i]!, xy[2 * i + 1]!, xy, shell.start, shell.end);
		if (where !== 0) return where > 0;
	}
	return true; // every vertex on the shell's boundary: the hole traces the shell itself
}

export interface Assembly {
	/** Ring indices per output polygon: the exterior first, then its holes. In file order. */
	polygons: number[][];
	/** Holes (counter-clockwise rings) that no outer ring contains; each became its own polygon. */
	unmatchedHoles: number[];
}

/**
 * Groups rings into polygons. A clockwise (or zero-area) ring starts a polygon; each
 * counter-clockwise ring is a hole of the smallest outer ring containing it (the smallest, so a
 * hole in an island inside a hole goes to the island). A hole with no container is taken to be an
 * outer ring written with the wrong orientation and becomes a polygon of its own.
 */
export function assembleRings(xy: Float64Array, rings: RingInfo[]): Assembly {
	const outers: number[] = [];
	const holes: number[] = [];
	rings.forEach((ring, index) => (ring.doubleArea <= 0 ? outers : holes).push(index));

	const holesOf = new Map<number, number[]>();
	const unmatchedHoles: number[] = [];
	for (const h of holes) {
		const hole = rings[h]!;
		let owner = -1;
		let ownerArea = Infinity;
		for (const o of outers) {
			const shell = rings[o]!;
			const area = -shell.doubleArea;
			if (area < ownerArea && contains(xy, shell, hole)) {
				owner = o;
				ownerArea = area;
			}
		}
		if (owner < 0) {
			unmatchedHoles.push(h);
		} else {
			const list = holesOf.get(owner);
			if (list) list.push(h);
			else holesOf.set(owner, [h]);
		}
	}

	const unmatched = new Set(unmatchedHoles);
	const polygons: number[][] = [];
	rings.forEach((ring, index) => {
		if (ring.doubleArea <= 0) polygons.push([index, ...(holesOf.get(index) ?? [])]);
		else if (unmatched.has(index)) polygons.push([index]);
	});
	return { polygons, unmatchedHoles };
}
