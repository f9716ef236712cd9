import { VectorTile } from '@mapbox/vector-tile';
import { gunzipSync } from 'node:zlib';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import type { CutTile } from './tile-cutter';
import type { TileLayerName } from './tile-layers';
import { cutLayerTiles } from './tiles.service';

/**
 * A dense boundary layer is cut a partition at a time (issue 19 item 6), so the memory the cut
 * takes is a partition's, not the layer's. On the country's districts,
 * the provinces and the LAOs, forced into partitions, the cut must make the tiles the whole-layer
 * cut makes: the same addresses, and in each the same units in the same order. The geometry may differ below a pixel (a partition's units are clipped in the database,
 * and below z9 simplified there first), so it is not compared byte for byte. Down to z10 only:
 * the walk below is the same code either way.
 */
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase('imported');
});

afterAll(async () => {
	await database?.close();
});

/** Each tile's units, per MVT layer: `z/x/y` → `layer: ids…`. */
async function unitsPerTile(layer: TileLayerName, partitionedMinVertices: number) {
	const tiles = new Map<string, string[]>();
	const totals = await cutLayerTiles(
		database.db,
		layer,
		({ z, x, y, gzip }: CutTile) => {
			const tile = new VectorTile(new PbfReader(gunzipSync(gzip)));
			const units = Object.entries(tile.layers).map(([name, mvtLayer]) => {
				const ids = Array.from({ length: mvtLayer.length }, (_, i) => mvtLayer.feature(i).id);
				// In the order drawn (LAOs: PAOs first), which the partitions keep.
				return `${name}: ${ids.join(' ')}`;
			});
			tiles.set(`${z}/${x}/${y}`, units.sort());
		},
		{ maxZoom: 10, partitionedMinVertices }
	);
	return { tiles, totals };
}

describe('the tile cut of a dense layer, a partition at a time', () => {
	it.each(['province', 'district', 'lao'] as const)(
		'makes the tiles the whole-layer cut makes, each with the same units in the same order (%s)',
		async (layer) => {
			const whole = await unitsPerTile(layer, Number.POSITIVE_INFINITY);
			const partitioned = await unitsPerTile(layer, 0);
			expect(whole.totals.partitions).toBe(0);
			// Thailand from z9 tiles: about 80 km each, over a third of the tiles of its extent.
			expect(partitioned.totals.partitions).toBeGreaterThan(50);
			expect(partitioned.totals.tiles).toBe(whole.totals.tiles);
			expect([...partitioned.tiles.keys()].sort()).toEqual([...whole.tiles.keys()].sort());
			for (const [address, units] of whole.tiles)
				expect(partitioned.tiles.get(address), address).toEqual(units);
			// Provinces are drawn at every zoom and districts from z7: their tiles below z9 come from
			// the simplified pass; the LAOs have none.
			expect([...partitioned.tiles.keys()].some((address) => address.startsWith('8/'))).toBe(
				layer !== 'lao'
			);
		},
		300_000
	);
});
