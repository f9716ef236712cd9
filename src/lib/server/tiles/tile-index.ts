import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import GeoJSONVT, { type LegacyTile } from 'geojson-vt';
import {
	tileExtent,
	tileLayerMinZoom,
	tileLayerNames,
	tileMaxZoom,
	type TileLayerName
} from './tile-layers';
import type { TileUnit } from './tiles.repository';

/**
 * Options for geojson-vt: tiles up to z14 with MapLibre's default extent and buffer; geojson-vt
 * simplifies each zoom's geometry itself (Douglas–Peucker, 3 units of 4096 at that zoom), so the
 * database geometry is read once at full detail.
 *
 * The index is sliced ahead down to z9 (the client's first tambon and LAO zoom) wherever a tile
 * holds more than 20,000 points; deeper tiles are sliced at their first request. Measured on the
 * real data: slicing 0.5 → 0.9 s and about 63 → 93 MB, for a first z9 tambon tile in 21 ms
 * instead of 47 ms and a first z7 district tile in 6 ms instead of 33 ms.
 */
const sliceOptions = {
	maxZoom: tileMaxZoom,
	extent: tileExtent,
	buffer: 64,
	tolerance: 3,
	indexMaxZoom: 9,
	indexMaxPoints: 20_000
} as const;

/**
 * Encoded tiles kept per index, least recently used dropped first. 64 MB holds about all the
 * tiles a city's worth of users look at; the cache goes with its index when the data changes.
 */
const encodedCacheBytes = 64 * 1024 * 1024;

/** An encoded tile, on a plain ArrayBuffer (a valid `Response` body). */
export type TileBytes = Uint8Array<ArrayBuffer>;

/** A zero-byte body is a valid MVT: a tile message with no layers. */
export const emptyTile: TileBytes = new Uint8Array(0);

/** vt-pbf's input layer type; it reads only `features`, which geojson-vt's tiles have as it wants. */
type VtPbfLayer = Parameters<typeof fromGeojsonVt>[0][string];

interface LayerIndex {
	polygons: GeoJSONVT;
	labels: GeoJSONVT;
}

export interface TileIndexStats {
	/** Milliseconds to slice the GeoJSON into the tile indexes (after the database read). */
	sliceMs: number;
	units: Record<TileLayerName, number>;
}

function featureCollection(
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

/** In-memory vector tiles of one dataset version, sliced from the database's GeoJSON. */
export class TileIndex {
	readonly #layers: Record<TileLayerName, LayerIndex>;
	readonly #cache = new Map<string, TileBytes>();
	#cachedBytes = 0;
	readonly stats: TileIndexStats;

	private constructor(layers: Record<TileLayerName, LayerIndex>, stats: TileIndexStats) {
		this.#layers = layers;
		this.stats = stats;
	}

	/**
	 * Slices every layer. Each of the eight slicings (polygons and labels of four layers) runs
	 * whole, but the event loop gets a turn between them: a request arriving meanwhile (a GIS
	 * client's first read at start, a page) waits for one slicing, not for all of them.
	 */
	static async build(unitsByLayer: Record<TileLayerName, readonly TileUnit[]>): Promise<TileIndex> {
		const started = performance.now();
		const layers: Partial<Record<TileLayerName, LayerIndex>> = {};
		for (const layer of tileLayerNames) {
			const units = unitsByLayer[layer];
			const polygons = new GeoJSONVT(featureCollection(units, 'geometry'), sliceOptions);
			await new Promise((resolve) => setImmediate(resolve));
			const labels = new GeoJSONVT(featureCollection(units, 'label'), sliceOptions);
			await new Promise((resolve) => setImmediate(resolve));
			layers[layer] = { polygons, labels };
		}
		return new TileIndex(layers as Record<TileLayerName, LayerIndex>, {
			sliceMs: performance.now() - started,
			units: Object.fromEntries(
				tileLayerNames.map((layer) => [layer, unitsByLayer[layer].length])
			) as Record<TileLayerName, number>
		});
	}

	/**
	 * The MVT of one tile: layer `{layer}` with the polygons and `{layer}_label` with the label
	 * points, each present only when it has features; a tile with neither is zero bytes.
	 */
	encodeTile(layer: TileLayerName, z: number, x: number, y: number): TileBytes {
		if (z < tileLayerMinZoom[layer]) return emptyTile;
		const key = `${layer}/${z}/${x}/${y}`;
		const cached = this.#cache.get(key);
		if (cached) {
			// Map order is insertion order: re-inserting marks the tile as recently used.
			this.#cache.delete(key);
			this.#cache.set(key, cached);
			return cached;
		}
		const { polygons, labels } = this.#layers[layer];
		const layers: Record<string, VtPbfLayer> = {};
		const polygonTile = polygons.getTile(z, x, y);
		const labelTile = labels.getTile(z, x, y);
		if (polygonTile?.features.length) layers[layer] = asVtPbfLayer(polygonTile);
		if (labelTile?.features.length) layers[`${layer}_label`] = asVtPbfLayer(labelTile);
		const body = Object.keys(layers).length
			? onArrayBuffer(fromGeojsonVt(layers, { version: 2, extent: tileExtent }))
			: emptyTile;
		this.#remember(key, body);
		return body;
	}

	#remember(key: string, body: TileBytes) {
		this.#cache.set(key, body);
		this.#cachedBytes += body.byteLength;
		for (const [oldKey, oldBody] of this.#cache) {
			if (this.#cachedBytes <= encodedCacheBytes) break;
			this.#cache.delete(oldKey);
			this.#cachedBytes -= oldBody.byteLength;
		}
	}
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
