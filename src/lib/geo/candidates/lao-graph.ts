/**
 * The LAO graph the candidate search runs on: who borders whom, with the length of the shared
 * boundary, and each LAO's perimeter. With it the perimeter of any union of LAOs is arithmetic
 * (issue 19 item 3) — no polygon union is needed to check compactness:
 *
 *     perimeter(A ∪ B) = P_A + P_B − 2·shared(A, B),  area(A ∪ B) = area_A + area_B.
 *
 * Built from the tambon layer, a planar partition whose shared edges are identical on both sides:
 * an LAO is the union of its linked tambons, and the perimeter of a union of tambons T is
 * Σ_{t∈T} P_t − 2·Σ_{t<u ∈ T} shared(t, u), exactly. For two LAOs that share a tambon (a
 * municipality inside an SAO's tambon) `shared` is defined from the exact perimeter of their
 * union, so the formula above holds for every pair; for three or more members sharing one tambon
 * it counts that tambon's boundary more than once (the area, too, then counts the tambon twice:
 * such zones are already marked approximate).
 */
export interface LaoGraph {
	/** Geodesic perimeter of each LAO in km. */
	perimeterKm: ReadonlyMap<string, number>;
	/** Each LAO's neighbours with the shared boundary in km (symmetric, never itself). */
	neighbours: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface TambonGraphInput {
	/** Geodesic perimeter of each tambon in km. */
	tambonPerimeterKm: ReadonlyMap<string, number>;
	/** Tambon pairs that share an edge, with its length in km, each pair once. */
	tambonEdges: readonly { a: string; b: string; sharedKm: number }[];
	/** Which tambons each LAO is built from (PAOs left out by the caller). */
	links: readonly { dlaCode: string; tambonCode: string }[];
}

export interface LaoGraphRows {
	perimeters: { dlaCode: string; perimeterKm: number }[];
	/** Each adjacent pair once, `a < b`. */
	adjacency: { a: string; b: string; sharedKm: number }[];
}

/** Perimeter in km of the union of `tambons` from tambon perimeters and shared edges. */
function tambonUnionPerimeterKm(
	tambons: ReadonlySet<string>,
	perimeterKm: ReadonlyMap<string, number>,
	edges: ReadonlyMap<string, ReadonlyMap<string, number>>
): number {
	let total = 0;
	for (const t of tambons) {
		total += perimeterKm.get(t) ?? 0;
		for (const [u, km] of edges.get(t) ?? []) if (tambons.has(u)) total -= km; // each edge twice
	}
	// Rounding in the edge lengths must not make a perimeter negative.
	return Math.max(total, 0);
}

/** The LAO graph's rows from the tambon graph (see the file's comment for the arithmetic). */
export function laoGraphFromTambons(input: TambonGraphInput): LaoGraphRows {
	const edges = new Map<string, Map<string, number>>();
	const link = (a: string, b: string, km: number) => {
		let m = edges.get(a);
		if (!m) edges.set(a, (m = new Map()));
		m.set(b, km);
	};
	for (const { a, b, sharedKm } of input.tambonEdges) {
		link(a, b, sharedKm);
		link(b, a, sharedKm);
	}
	const tambonsOf = new Map<string, Set<string>>();
	const laosOf = new Map<string, string[]>();
	for (const { dlaCode, tambonCode } of input.links) {
		if (!input.tambonPerimeterKm.has(tambonCode)) continue;
		let set = tambonsOf.get(dlaCode);
		if (!set) tambonsOf.set(dlaCode, (set = new Set()));
		set.add(tambonCode);
		const laos = laosOf.get(tambonCode) ?? [];
		laos.push(dlaCode);
		laosOf.set(tambonCode, laos);
	}
	const perimeter = new Map<string, number>();
	for (const [dlaCode, tambons] of tambonsOf) {
		perimeter.set(dlaCode, tambonUnionPerimeterKm(tambons, input.tambonPerimeterKm, edges));
	}

	// Adjacent pairs: a tambon of one borders a tambon of the other, or they share a tambon.
	const pairs = new Set<string>();
	const addPair = (x: string, y: string) => {
		if (x !== y) pairs.add(x < y ? `${x}|${y}` : `${y}|${x}`);
	};
	for (const [tambon, laos] of laosOf) {
		for (const x of laos) {
			for (const y of laos) addPair(x, y);
			for (const neighbour of edges.get(tambon)?.keys() ?? [])
				for (const y of laosOf.get(neighbour) ?? []) addPair(x, y);
		}
	}
	const adjacency: LaoGraphRows['adjacency'] = [];
	for (const key of [...pairs].sort()) {
		const [a, b] = key.split('|') as [string, string];
		const union = new Set([...tambonsOf.get(a)!, ...tambonsOf.get(b)!]);
		const unionKm = tambonUnionPerimeterKm(union, input.tambonPerimeterKm, edges);
		const sharedKm = Math.max((perimeter.get(a)! + perimeter.get(b)! - unionKm) / 2, 0);
		adjacency.push({ a, b, sharedKm });
	}
	const perimeters = [...perimeter]
		.filter(([, km]) => km > 0)
		.map(([dlaCode, perimeterKm]) => ({ dlaCode, perimeterKm }))
		.sort((x, y) => (x.dlaCode < y.dlaCode ? -1 : 1));
	return { perimeters, adjacency };
}

/** The graph from its stored rows. */
export function laoGraphFromRows(rows: LaoGraphRows): LaoGraph {
	const neighbours = new Map<string, Map<string, number>>();
	const link = (a: string, b: string, km: number) => {
		let m = neighbours.get(a);
		if (!m) neighbours.set(a, (m = new Map()));
		m.set(b, km);
	};
	for (const { a, b, sharedKm } of rows.adjacency) {
		link(a, b, sharedKm);
		link(b, a, sharedKm);
	}
	return {
		perimeterKm: new Map(rows.perimeters.map((p) => [p.dlaCode, p.perimeterKm])),
		neighbours
	};
}

/**
 * Perimeter in km of the union of `members` (LAO codes), or null when one has no perimeter.
 * Exact when no three members share a tambon (see the file's comment).
 */
export function unionPerimeterKm(members: readonly string[], graph: LaoGraph): number | null {
	let total = 0;
	for (let i = 0; i < members.length; i++) {
		const p = graph.perimeterKm.get(members[i]!);
		if (p === undefined) return null;
		total += p;
		const around = graph.neighbours.get(members[i]!);
		if (!around) continue;
		for (let j = 0; j < i; j++) total -= 2 * (around.get(members[j]!) ?? 0);
	}
	return Math.max(total, 0);
}

/** Polsby–Popper compactness 4πA/P² (1 for a disc); 0 when the perimeter is 0. */
export function polsbyPopperOf(areaKm2: number, perimeterKm: number): number {
	return perimeterKm > 0 ? (4 * Math.PI * areaKm2) / (perimeterKm * perimeterKm) : 0;
}
