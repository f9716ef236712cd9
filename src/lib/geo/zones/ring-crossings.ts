import type { Position } from 'geojson';

/**
 * Points where a polygon's boundary crosses itself: any two of its segments (all rings) that
 * intersect, except neighbours in one ring, which share their vertex. The same answer as turf's
 * `kinks`, which compares every pair of segments; here segments are bucketed in a uniform grid
 * first, so a 2,000-vertex zone costs a few milliseconds instead of ~40 ms on each vertex move of
 * the live panel. Parallel (collinear) overlaps are not reported, as `kinks` does not either.
 */
export function ringCrossings(rings: readonly (readonly Position[])[]): Position[] {
	// Segments as flat arrays: x1, y1, x2, y2, and which ring and index each comes from.
	const x1: number[] = [];
	const y1: number[] = [];
	const x2: number[] = [];
	const y2: number[] = [];
	const ringOf: number[] = [];
	const indexInRing: number[] = [];
	const ringLength: number[] = [];
	rings.forEach((ring, r) => {
		ringLength.push(ring.length - 1);
		for (let i = 0; i + 1 < ring.length; i++) {
			x1.push(ring[i]![0]!);
			y1.push(ring[i]![1]!);
			x2.push(ring[i + 1]![0]!);
			y2.push(ring[i + 1]![1]!);
			ringOf.push(r);
			indexInRing.push(i);
		}
	});
	const n = x1.length;
	if (n < 2) return [];

	let west = Infinity;
	let south = Infinity;
	let east = -Infinity;
	let north = -Infinity;
	for (let s = 0; s < n; s++) {
		west = Math.min(west, x1[s]!, x2[s]!);
		east = Math.max(east, x1[s]!, x2[s]!);
		south = Math.min(south, y1[s]!, y2[s]!);
		north = Math.max(north, y1[s]!, y2[s]!);
	}
	// About one segment a cell along each axis: √n × √n cells.
	const side = Math.max(1, Math.ceil(Math.sqrt(n)));
	const cellWidth = (east - west) / side || 1;
	const cellHeight = (north - south) / side || 1;
	const column = (x: number) => Math.min(side - 1, Math.floor((x - west) / cellWidth));
	const row = (y: number) => Math.min(side - 1, Math.floor((y - south) / cellHeight));
	const cells = new Map<number, number[]>();
	for (let s = 0; s < n; s++) {
		const c0 = column(Math.min(x1[s]!, x2[s]!));
		const c1 = column(Math.max(x1[s]!, x2[s]!));
		const r0 = row(Math.min(y1[s]!, y2[s]!));
		const r1 = row(Math.max(y1[s]!, y2[s]!));
		for (let c = c0; c <= c1; c++)
			for (let r = r0; r <= r1; r++) {
				const key = r * side + c;
				const list = cells.get(key);
				if (list) list.push(s);
				else cells.set(key, [s]);
			}
	}

	const neighbours = (a: number, b: number) => {
		if (ringOf[a] !== ringOf[b]) return false;
		const length = ringLength[ringOf[a]!]!;
		const d = Math.abs(indexInRing[a]! - indexInRing[b]!);
		return d === 1 || d === length - 1;
	};
	const tested = new Set<number>();
	const crossings: Position[] = [];
	for (const list of cells.values()) {
		for (let i = 0; i < list.length; i++) {
			for (let j = i + 1; j < list.length; j++) {
				const a = Math.min(list[i]!, list[j]!);
				const b = Math.max(list[i]!, list[j]!);
				if (neighbours(a, b)) continue;
				const key = a * n + b;
				if (tested.has(key)) continue;
				tested.add(key);
				const crossing = intersection(a, b);
				if (crossing) crossings.push(crossing);
			}
		}
	}
	return crossings;

	function intersection(a: number, b: number): Position | null {
		const dxa = x2[a]! - x1[a]!;
		const dya = y2[a]! - y1[a]!;
		const dxb = x2[b]! - x1[b]!;
		const dyb = y2[b]! - y1[b]!;
		const denominator = dyb * dxa - dxb * dya;
		if (denominator === 0) return null; // parallel
		const ox = x1[a]! - x1[b]!;
		const oy = y1[a]! - y1[b]!;
		const t = (dxb * oy - dyb * ox) / denominator;
		const u = (dxa * oy - dya * ox) / denominator;
		if (t < 0 || t > 1 || u < 0 || u > 1) return null;
		return [x1[a]! + t * dxa, y1[a]! + t * dya];
	}
}
