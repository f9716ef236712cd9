import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import GeoJSONVT, { type LegacyTile } from 'geojson-vt';
import { gzipSync } from 'node:zlib';
import { tileExtent, tileLayerMinZoom, tileMaxZoom, type TileLayerName } from './tile-layers';
import type { TileUnit } from './tiles.repository';

/**
 * geojson-vt's options, as the in-memory index used them before tiles were stored (issue 19):
 * tiles up to z14 with MapLibre's default extent and buffer; geojson-vt simplifies each zoom's
 * geometry itself (Douglas–Peucker, 3 units of 4096 at that zoom), so the database geometry is
 * read once at full detail. A tile's content does not depend on how deep the index was sliced
 * ahead: every tile is clipped from its parent, level by level, whichever way it is reached.
 */
export const sliceOptions = {
	maxZoom: tileMaxZoom,
	extent: tileExtent,
	buffer: 64,
	tolerance: 3,
	// Slice only the root at construction; `cutLayer` walks the rest depth first.
	indexMaxZoom: 0,
	indexMaxPoints: 0
} as const;

/** An encoded tile, on a plain ArrayBuffer (a valid `Response` body). */
export type TileBytes = Uint8Array<ArrayBuffer>;

/** vt-pbf's input layer type; it reads only `features`, which geojson-vt's tiles have as it wants. */
type VtPbfLayer = Parameters<typeof fromGeojsonVt>[0][string];

export function featureCollection(
	units: readonly TileUnit[],
	part: 'geometry' | 'label'
): FeatureCollection {
	return {
		type: 'FeatureCollection',
		features: units.map((unit): Feature => ({
			type: 'Feature',
			id: unit.id,
			// One object shared by the polygon and the label: geojson-vt keeps it by reference.
			properties: unit.properties,
			geometry: JSON.parse(
				part === 'geometry' ? unit.geometryGeoJson : unit.labelGeoJson
			) as Geometry
		}))
	};
}

/**
 * The MVT of one tile: layer `{layer}` with the polygons and `{layer}_label` with the label
 * points, each present only when it has features; undefined when neither has any.
 */
export function encodeTile(
	layer: TileLayerName,
	polygonTile: LegacyTile | null,
	labelTile: LegacyTile | null
): TileBytes | undefined {
	const layers: Record<string, VtPbfLayer> = {};
	if (polygonTile?.features.length) layers[layer] = asVtPbfLayer(polygonTile);
	if (labelTile?.features.length) layers[`${layer}_label`] = asVtPbfLayer(labelTile);
	if (Object.keys(layers).length === 0) return undefined;
	return onArrayBuffer(fromGeojsonVt(layers, { version: 2, extent: tileExtent }));
}

/** A tile's address: zoom, column, row. */
export type TileXyz = [z: number, x: number, y: number];

/** One stored tile: its address and its MVT, gzip-compressed. */
export interface CutTile {
	z: number;
	x: number;
	y: number;
	gzip: Uint8Array;
	/** Bytes of the MVT before compression. */
	plainBytes: number;
}

/**
 * geojson-vt's key of a tile in `index.tiles` (its `toID`, not exported). `tiles` is public API
 * ("tiles and tileCoords are part of the public API", geojson-vt's index.js); the key is checked
 * before each deletion, so a change of the formula fails loudly instead of keeping every tile.
 */
const geojsonVtTileId = (z: number, x: number, y: number) => ((1 << z) * y + x) * 32 + z;

function release(index: GeoJSONVT, z: number, x: number, y: number) {
	const tiles = (index as unknown as { tiles: Record<number, unknown> }).tiles;
	const id = geojsonVtTileId(z, x, y);
	if (!(id in tiles)) throw new Error(`geojson-vt's tile key changed (z${z}/${x}/${y})`);
	delete tiles[id];
}

/**
 * Gzip of a stored tile: level 6 (zlib's default), with a window just large enough for the tile
 * (9–15 bits) and a smaller hash table. The same bytes out for a tile of a few hundred bytes, but
 * zlib allocates ~10× less per call: measured on 20,000 tile-sized buffers, 40 µs a call
 * instead of 240 µs, which on 515,000 tiles is most of the difference.
 */
function gzipTile(plain: Uint8Array) {
	const windowBits = Math.min(15, Math.max(9, Math.ceil(Math.log2(plain.byteLength + 262))));
	return gzipSync(plain, { level: 6, windowBits, memLevel: 5 });
}

/** After this many milliseconds of cutting, the event loop gets a turn (pages, status). */
const yieldEveryMs = 50;

/** What a cut made: its tiles, and their bytes before and after compression. */
export interface CutTotals {
	tiles: number;
	plainBytes: number;
	gzipBytes: number;
}

/**
 * Every non-empty tile of one layer from its minimum zoom to z14 (or `maxZoom`), depth first,
 * from the whole world's tile (or from `root`'s, when `units` are the features of that tile's
 * area): a tile whose polygons and labels are both empty has no non-empty descendant, so its
 * subtree is skipped. Tiles already walked are released from geojson-vt's index as the walk
 * goes, so memory stays at the features given plus one path of the tree.
 */
export async function cutLayer(
	layer: TileLayerName,
	units: readonly TileUnit[],
	emit: (tile: CutTile) => void | Promise<void>,
	{ root = [0, 0, 0], maxZoom = tileMaxZoom }: { root?: TileXyz; maxZoom?: number } = {}
): Promise<CutTotals> {
	const polygons = new GeoJSONVT(featureCollection(units, 'geometry'), sliceOptions);
	const labels = new GeoJSONVT(featureCollection(units, 'label'), sliceOptions);
	const totals = { tiles: 0, plainBytes: 0, gzipBytes: 0 };
	const minZoom = tileLayerMinZoom[layer];
	let lastYield = performance.now();
	const stack: TileXyz[] = [root];
	// Each entry is visited, then its children pushed; a parent is released once its children
	// exist (geojson-vt sliced them from it on the first child's request).
	while (stack.length > 0) {
		const [z, x, y] = stack.pop()!;
		const polygonTile = polygons.getTile(z, x, y);
		const labelTile = labels.getTile(z, x, y);
		if (!polygonTile?.features.length && !labelTile?.features.length) {
			if (polygonTile) release(polygons, z, x, y);
			if (labelTile) release(labels, z, x, y);
			continue;
		}
		if (z >= minZoom) {
			const plain = encodeTile(layer, polygonTile, labelTile)!;
			const gzip = gzipTile(plain);
			totals.tiles++;
			totals.plainBytes += plain.byteLength;
			totals.gzipBytes += gzip.byteLength;
			await emit({ z, x, y, gzip, plainBytes: plain.byteLength });
		}
		if (z < maxZoom) {
			for (const [cx, cy] of [
				[2 * x + 1, 2 * y + 1],
				[2 * x + 1, 2 * y],
				[2 * x, 2 * y + 1],
				[2 * x, 2 * y]
			] as const) {
				stack.push([z + 1, cx, cy]);
			}
			// Slice the children now (from this tile's kept source), then drop this tile.
			polygons.getTileRaw(z + 1, 2 * x, 2 * y);
			labels.getTileRaw(z + 1, 2 * x, 2 * y);
		}
		if (polygonTile) release(polygons, z, x, y);
		if (labelTile) release(labels, z, x, y);
		if (performance.now() - lastYield > yieldEveryMs) {
			await new Promise((resolve) => setImmediate(resolve));
			lastYield = performance.now();
		}
	}
	return totals;
}

/** pbf writes into an ArrayBuffer: this narrows the type, copying only if that ever changes. */
function onArrayBuffer(bytes: Uint8Array): TileBytes {
	return bytes.buffer instanceof ArrayBuffer ? (bytes as TileBytes) : new Uint8Array(bytes);
}

function asVtPbfLayer(tile: LegacyTile): VtPbfLayer {
	// geojson-vt 5's LegacyTile features ({ id, type, geometry: [x, y] pairs, tags }) are exactly
	// what vt-pbf reads; its declared type (@maplibre/geojson-vt's tile) has more, unused fields.
	return tile as unknown as VtPbfLayer;
}
