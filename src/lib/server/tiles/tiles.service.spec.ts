import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile';
import GeoJSONVT from 'geojson-vt';
import { sql } from 'kysely';
import { PbfReader } from 'pbf';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, sharedGeodataDir } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import { importGeodata } from '../geodata/import.service';
import { encodeTile, featureCollection, sliceOptions } from './tile-cutter';
import {
	laoDrawOrder,
	tileExtent,
	tileLayerMinZoom,
	tileLayerNames,
	tileMaxZoom,
	type TileLayerName
} from './tile-layers';
import { findStoredTile, findTileVersion, listTileUnits } from './tiles.repository';
import {
	openTileSnapshot,
	snapshotHeldMaxZoom,
	snapshotMaxZoom,
	tileSnapshotPath
} from './tile-snapshot';
import {
	datasetVersionCheckMs,
	ensureTilesStored,
	getSnapshotTile,
	getVectorTile,
	refreshTileSnapshot,
	reportTileCuts,
	type TileCutReport,
	warmStoredTiles
} from './tiles.service';

/** The tile containing a longitude/latitude (Web Mercator, as MapLibre requests it). */
function tileAt(longitude: number, latitude: number, z: number) {
	const n = 2 ** z;
	const φ = (latitude * Math.PI) / 180;
	return {
		z: String(z),
		x: String(Math.floor(((longitude + 180) / 360) * n)),
		y: String(Math.floor(((1 - Math.log(Math.tan(φ) + 1 / Math.cos(φ)) / Math.PI) / 2) * n))
	};
}

/** Khon Kaen city hall, and a point in the Bay of Bengal far from any coast. */
const khonKaen = { longitude: 102.8356, latitude: 16.4449 };
const bayOfBengal = { longitude: 89.5, latitude: 14.5 };

/** Cutting every tile of the country takes about a minute on a busy 2-core machine. */
const cutTimeoutMs = 900_000;

let database: Database;

/** How many tiles of import run `version` are stored up to `maxZoom`. */
async function storedUpTo(version: number, maxZoom: number): Promise<number> {
	const { n } = await database.db
		.selectFrom('vector_tile')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('import_run_id', '=', version)
		.where('z', '<=', maxZoom)
		.executeTakeFirstOrThrow();
	return Number(n);
}
const cuts: TileCutReport[] = [];

beforeAll(async () => {
	reportTileCuts((report) => cuts.push(report));
	// The test template is imported without tiles (`cutTiles: false`), as a database imported
	// before tiles were stored: they are cut once, here.
	database = await openTestDatabase('imported');
	// Every LAO with a geometry has an English name in the real data: take one's away, as a later
	// edition of the link file might (the re-import below brings it back).
	await database.db
		.updateTable('lao')
		.set({ name_en: null })
		.where('dla_code', '=', sila)
		.execute();
	const cut = await ensureTilesStored(database.db);
	expect(cut?.tiles.tambon).toBeGreaterThan(10_000);
	expect(await ensureTilesStored(database.db)).toBeUndefined();
}, cutTimeoutMs);

/** ศิลา town municipality, Khon Kaen, and the z12 tile holding it. */
const sila = '4400115';
const silaTile = { layer: 'lao', ...tileAt(102.8489828, 16.4742177, 12) };
afterAll(async () => {
	await database?.close();
});

async function tile(params: Record<string, string>, ifNoneMatch?: string, acceptEncoding?: string) {
	return getVectorTile(database.db, params, ifNoneMatch, acceptEncoding);
}

async function decodedTile(params: Record<string, string>) {
	const response = await tile(params);
	if (response.status !== 200) throw new Error(`expected 200, got ${response.status}`);
	expect(response.headers['content-type']).toBe('application/x-protobuf');
	return { response, vectorTile: new VectorTile(new PbfReader(response.body)) };
}

function features(vectorTile: VectorTile, name: string): VectorTileFeature[] {
	const layer = vectorTile.layers[name];
	if (!layer) return [];
	expect(layer.extent).toBe(tileExtent);
	return Array.from({ length: layer.length }, (_, i) => layer.feature(i));
}

/** The unit of a table whose polygon holds Khon Kaen city hall. */
async function unitAtKhonKaen(table: 'district' | 'tambon') {
	const point = sql`ST_SetSRID(ST_MakePoint(${khonKaen.longitude}, ${khonKaen.latitude}), 4326)`;
	return database.db
		.selectFrom(table)
		.select(['code', 'name_th', 'name_en', 'province_code'])
		.where(sql<boolean>`ST_Contains(geom, ${point})`)
		.executeTakeFirstOrThrow();
}

describe('vector tiles on the real data', () => {
	it('the z5 province tile around Khon Kaen holds TH40 ขอนแก่น, polygon and label', async () => {
		const { vectorTile } = await decodedTile({
			layer: 'province',
			...tileAt(khonKaen.longitude, khonKaen.latitude, 5)
		});
		expect(Object.keys(vectorTile.layers).sort()).toEqual(['province', 'province_label']);
		const polygon = features(vectorTile, 'province').find((f) => f.properties.code === 'TH40');
		expect(polygon?.type).toBe(3);
		expect(polygon?.id).toBe(40);
		expect(polygon?.properties).toMatchObject({ name_th: 'ขอนแก่น', name_en: 'Khon Kaen' });
		expect(Object.keys(polygon?.properties ?? {}).sort()).toEqual([
			'area_km2',
			'code',
			'name_en',
			'name_th'
		]);
		expect(polygon?.properties.area_km2).toBeGreaterThan(10_000);
		const label = features(vectorTile, 'province_label').find((f) => f.properties.code === 'TH40');
		expect(label?.type).toBe(1);
		expect(label?.id).toBe(40);
		expect(label?.properties).toEqual(polygon?.properties);
		// The whole province lies inside this tile, so its label point does too.
		const point = label?.loadGeometry()[0]?.[0];
		if (!point) throw new Error('the label has no point');
		expect(point.x).toBeGreaterThanOrEqual(0);
		expect(point.x).toBeLessThan(tileExtent);
		expect(point.y).toBeGreaterThanOrEqual(0);
		expect(point.y).toBeLessThan(tileExtent);
	});

	it('district and tambon tiles carry their parent codes', async () => {
		const district = await unitAtKhonKaen('district');
		const districtTile = await decodedTile({
			layer: 'district',
			...tileAt(khonKaen.longitude, khonKaen.latitude, 9)
		});
		const districtFeature = features(districtTile.vectorTile, 'district').find(
			(f) => f.properties.code === district.code
		);
		expect(districtFeature?.id).toBe(Number(district.code.slice(2)));
		expect(districtFeature?.properties).toMatchObject({
			province_code: 'TH40',
			name_th: district.name_th,
			name_en: district.name_en
		});

		const tambon = await unitAtKhonKaen('tambon');
		const tambonTile = await decodedTile({
			layer: 'tambon',
			...tileAt(khonKaen.longitude, khonKaen.latitude, 12)
		});
		const tambonFeature = features(tambonTile.vectorTile, 'tambon').find(
			(f) => f.properties.code === tambon.code
		);
		expect(tambonFeature?.id).toBe(Number(tambon.code.slice(2)));
		expect(Object.keys(tambonFeature?.properties ?? {}).sort()).toEqual([
			'area_km2',
			'code',
			'district_code',
			'name_en',
			'name_th',
			'province_code'
		]);
		expect(tambonFeature?.properties).toMatchObject({
			district_code: district.code,
			province_code: 'TH40',
			name_th: tambon.name_th
		});
		expect(features(tambonTile.vectorTile, 'tambon_label').map((f) => f.id)).toContain(
			tambonFeature?.id
		);
	});

	it('the lao tile over Khon Kaen has the city municipality above the PAO, in draw order', async () => {
		const { vectorTile } = await decodedTile({
			layer: 'lao',
			...tileAt(khonKaen.longitude, khonKaen.latitude, 10)
		});
		const laos = features(vectorTile, 'lao');
		const city = laos.find((f) => f.properties.dla_code === '3400102');
		const pao = laos.find((f) => f.properties.dla_code === '2400101');
		expect(city?.id).toBe(3400102);
		expect(city?.properties).toMatchObject({
			lao_type: 'city_municipality',
			name_th: 'ขอนแก่น',
			province_code: 'TH40',
			draw_order: laoDrawOrder.city_municipality
		});
		expect(typeof city?.properties.approximate).toBe('boolean');
		expect(pao?.properties).toMatchObject({ lao_type: 'provincial_admin_org', draw_order: 0 });
		const drawOrders = laos.map((f) => f.properties.draw_order as number);
		expect(drawOrders).toEqual([...drawOrders].sort((a, b) => a - b));
		expect(laos.indexOf(pao!)).toBeLessThan(laos.indexOf(city!));
	});

	it('leaves out LAOs without geometry', async () => {
		const withoutGeometry = await database.db
			.selectFrom('lao')
			.select(['dla_code', sql<number>`ST_X(office_point)`.as('longitude')])
			.select(sql<number>`ST_Y(office_point)`.as('latitude'))
			.where('geom', 'is', null)
			.where('office_point', 'is not', null)
			.orderBy('dla_code')
			.executeTakeFirstOrThrow();
		const { vectorTile } = await decodedTile({
			layer: 'lao',
			...tileAt(withoutGeometry.longitude, withoutGeometry.latitude, 11)
		});
		const codes = ['lao', 'lao_label'].flatMap((name) =>
			features(vectorTile, name).map((f) => f.properties.dla_code)
		);
		expect(codes.length).toBeGreaterThan(0);
		expect(codes).not.toContain(withoutGeometry.dla_code);
	});

	it('answers an empty tile as 200 with zero bytes, a valid MVT with no layers', async () => {
		for (const params of [
			{ layer: 'tambon', ...tileAt(bayOfBengal.longitude, bayOfBengal.latitude, 10) },
			{ layer: 'province', z: '14', x: '0', y: '0' },
			// Below the layer's minimum zoom (tambons from z9), even over Khon Kaen.
			{ layer: 'tambon', ...tileAt(khonKaen.longitude, khonKaen.latitude, 8) },
			{ layer: 'district', ...tileAt(khonKaen.longitude, khonKaen.latitude, 6) }
		]) {
			const { response, vectorTile } = await decodedTile(params);
			expect(response.body.byteLength, JSON.stringify(params)).toBe(0);
			expect(vectorTile.layers).toEqual({});
		}
	});

	it('answers 404 naming the field for an address that names no tile', async () => {
		const cases: [Record<string, string>, string][] = [
			[{ layer: 'country', z: '5', x: '25', y: '14' }, 'layer'],
			[{ layer: 'province', z: '15', x: '0', y: '0' }, 'z'],
			[{ layer: 'province', z: '5', x: '32', y: '14' }, 'x'],
			[{ layer: 'province', z: '5', x: '25', y: '32' }, 'x'],
			[{ layer: 'province', z: '5', x: '-1', y: '14' }, 'x'],
			[{ layer: 'province', z: '5', x: '25', y: '1.5' }, 'y'],
			[{ layer: 'province', z: '05', x: '25', y: '14' }, 'z'],
			[{ layer: 'province', z: '1e1', x: '0', y: '0' }, 'z'],
			[{ layer: 'province', z: '5', x: '25' }, 'y']
		];
		for (const [params, field] of cases) {
			const response = await tile(params);
			expect(response, JSON.stringify(params)).toMatchObject({ status: 404 });
			if (response.status === 404) expect(response.reason.startsWith(`${field}:`)).toBe(true);
		}
	});

	it('gives each tile a stable ETag and answers 304 to If-None-Match', async () => {
		const params = { layer: 'province', ...tileAt(khonKaen.longitude, khonKaen.latitude, 7) };
		const first = await tile(params);
		const second = await tile(params);
		expect(first.status).toBe(200);
		if (first.status !== 200 || second.status !== 200) return;
		expect(first.headers.etag).toMatch(/^"[^"]+"$/);
		expect(second.headers.etag).toBe(first.headers.etag);
		expect(first.headers['cache-control']).toBe('public, max-age=3600');
		const other = await tile({ ...params, layer: 'district' });
		expect(other.status).toBe(200);
		expect(other.status === 200 && other.headers.etag).toMatch(/^"[^"]+"$/);
		expect(other.status === 200 && other.headers.etag).not.toBe(first.headers.etag);

		const etag = first.headers.etag!;
		for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
			const revalidated = await tile(params, header);
			expect(revalidated.status, header).toBe(304);
			expect(revalidated.status === 304 && revalidated.headers.etag).toBe(etag);
		}
		expect((await tile(params, '"other"')).status).toBe(200);
	});

	it('omits name_en where it is null', async () => {
		const { vectorTile } = await decodedTile(silaTile);
		for (const name of ['lao', 'lao_label']) {
			const feature = features(vectorTile, name).find((f) => f.properties.dla_code === sila);
			expect(feature?.properties).toMatchObject({ name_th: 'ศิลา', lao_type: 'town_municipality' });
			expect(feature?.properties).not.toHaveProperty('name_en');
		}
	});

	it('stores exactly the tiles the in-memory index served before, gzip-compressed', async () => {
		const stored = await findTileVersion(database.db);
		expect(stored?.stored).toBe(true);
		const version = stored!.version;
		const cities = [
			khonKaen,
			{ longitude: 98.9853, latitude: 18.7883 },
			{ longitude: 100.4747, latitude: 7.0086 }
		];
		for (const layer of tileLayerNames) {
			const units = await listTileUnits(database.db, layer);
			// The index as the app built it before tiles were stored: sliced ahead to z9, deeper
			// tiles drilled down at their first request.
			const old = { ...sliceOptions, indexMaxZoom: 9, indexMaxPoints: 20_000 };
			const polygons = new GeoJSONVT(featureCollection(units, 'geometry'), old);
			const labels = new GeoJSONVT(featureCollection(units, 'label'), old);
			const expected = (z: number, x: number, y: number) =>
				z < tileLayerMinZoom[layer]
					? undefined
					: encodeTile(layer, polygons.getTile(z, x, y), labels.getTile(z, x, y));
			const addresses: [number, number, number][] = [];
			for (const city of cities)
				for (let z = 0; z <= tileMaxZoom; z++) {
					const { x, y } = tileAt(city.longitude, city.latitude, z);
					addresses.push([z, Number(x), Number(y)]);
				}
			// And a fixed sample of the stored tiles, every zoom.
			const sample = await database.db
				.selectFrom('vector_tile')
				.select(['z', 'x', 'y'])
				.where('import_run_id', '=', version)
				.where('layer', '=', layer)
				.where(sql<boolean>`(x * 7 + y * 13) % 97 = 0`)
				.limit(150)
				.execute();
			addresses.push(...sample.map((t): [number, number, number] => [t.z, t.x, t.y]));
			let nonEmpty = 0;
			for (const [z, x, y] of addresses) {
				const stored = await findStoredTile(database.db, version, layer as TileLayerName, z, x, y);
				const want = expected(z, x, y);
				const label = `${layer}/${z}/${x}/${y}`;
				if (!want) {
					expect(stored, label).toBeUndefined();
					continue;
				}
				nonEmpty++;
				expect(stored, label).toBeDefined();
				expect(Buffer.from(gunzipSync(stored!)).equals(Buffer.from(want)), label).toBe(true);
			}
			expect(nonEmpty).toBeGreaterThan(50);
		}
	});

	it(
		'a re-import cuts and stores its tiles in its transaction, replacing the old ones and their ETags',
		async () => {
			const params = { layer: 'tambon', ...tileAt(khonKaen.longitude, khonKaen.latitude, 11) };
			const before = await tile(params);
			if (before.status !== 200) throw new Error('expected a tile');
			const silaBefore = await decodedTile(silaTile);
			const cutsBefore = cuts.length;
			const oldVersion = cuts.at(-1)!.version;

			const reimport = await importGeodata(database.db, [sharedGeodataDir], { trigger: 'test' });
			expect(reimport.status).toBe('succeeded');
			expect(cuts.length).toBe(cutsBefore + 1);
			expect(cuts.at(-1)).toMatchObject({ version: reimport.runId, replacedSets: 1 });
			const sets = await database.db.selectFrom('vector_tile_set').selectAll().execute();
			expect(sets).toMatchObject([{ import_run_id: reimport.runId }]);
			expect(sets[0]?.tile_count).toBe(
				tileLayerNames.reduce((n, l) => n + cuts.at(-1)!.tiles[l], 0)
			);
			const oldRows = await database.db
				.selectFrom('vector_tile')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('import_run_id', '=', oldVersion)
				.executeTakeFirstOrThrow();
			expect(Number(oldRows.n)).toBe(0);
			await sleep(datasetVersionCheckMs + 50);

			const after = await tile(params, before.headers.etag);
			expect(after.status).toBe(200);
			if (after.status !== 200) return;
			expect(after.headers.etag).not.toBe(before.headers.etag);
			expect(after.headers.etag).toContain(`-r${reimport.runId}-`);
			// The same data imported again gives the same tile.
			expect(Buffer.from(after.body).equals(Buffer.from(before.body))).toBe(true);
			// The tiles were cut from the new data: ศิลา has its English name again.
			const silaAfter = await decodedTile(silaTile);
			expect(silaAfter.response.headers.etag).not.toBe(silaBefore.response.headers.etag);
			const named = features(silaAfter.vectorTile, 'lao').find(
				(f) => f.properties.dla_code === sila
			);
			expect(named?.properties.name_en).toEqual(expect.any(String));
		},
		cutTimeoutMs
	);

	it('sends the stored gzip to clients that accept it, the plain MVT to others', async () => {
		const params = { layer: 'lao', ...tileAt(khonKaen.longitude, khonKaen.latitude, 12) };
		const plain = await tile(params, undefined, 'identity');
		const gzip = await tile(params, undefined, 'br, gzip;q=0.8');
		const refused = await tile(params, undefined, 'gzip;q=0, br');
		if (plain.status !== 200 || gzip.status !== 200 || refused.status !== 200)
			throw new Error('expected tiles');
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(refused.headers['content-encoding']).toBeUndefined();
		expect(gzip.headers).toMatchObject({
			'content-encoding': 'gzip',
			'content-length': String(gzip.body.byteLength),
			vary: 'Accept-Encoding',
			'access-control-allow-origin': '*',
			etag: plain.headers.etag
		});
		expect(Buffer.from(gunzipSync(gzip.body)).equals(Buffer.from(plain.body))).toBe(true);
		expect(gzip.body.byteLength).toBeLessThan(plain.body.byteLength);
	});

	const asBuffer = <T extends object>(answer: T) =>
		'body' in answer && answer.body instanceof Uint8Array
			? { ...answer, body: Buffer.from(answer.body) }
			: answer;

	it('reads every stored tile up to z12 into memory ahead of the requests: the country fits', async () => {
		const current = await findTileVersion(database.db);
		const stored = await storedUpTo(current!.version, snapshotHeldMaxZoom);
		expect(stored).toBeGreaterThan(1000);
		expect(await warmStoredTiles(database.db)).toBe(stored);
		// Then answered as before, from memory.
		const answer = await tile({
			layer: 'tambon',
			...tileAt(khonKaen.longitude, khonKaen.latitude, 11)
		});
		expect(answer.status).toBe(200);
	});

	it(
		'the tile snapshot holds every stored tile and answers exactly as the database',
		async () => {
			const dir = await mkdtemp(path.join(tmpdir(), 'sedz-tile-snapshot-'));
			try {
				const file = tileSnapshotPath(dir);
				const written = await refreshTileSnapshot(database.db, file);
				const current = await findTileVersion(database.db);
				// Every stored tile, every zoom served.
				const stored = await storedUpTo(current!.version, snapshotMaxZoom);
				expect(snapshotMaxZoom).toBe(tileMaxZoom);
				expect(written).toMatchObject({ version: current!.version, tiles: stored });
				// Unchanged data: the next start reads the footer and writes nothing.
				expect(await refreshTileSnapshot(database.db, file)).toBeUndefined();

				const snapshot = await openTileSnapshot(file);
				if (!snapshot) throw new Error('no snapshot');
				try {
					const addresses = [
						{ layer: 'province', ...tileAt(khonKaen.longitude, khonKaen.latitude, 5) },
						{ layer: 'tambon', ...tileAt(khonKaen.longitude, khonKaen.latitude, 11) },
						// Deeper than the tiles held in memory: read from the file.
						{ layer: 'lao', ...tileAt(khonKaen.longitude, khonKaen.latitude, 13) },
						{ layer: 'tambon', ...tileAt(khonKaen.longitude, khonKaen.latitude, 14) },
						silaTile,
						{ layer: 'tambon', ...tileAt(bayOfBengal.longitude, bayOfBengal.latitude, 9) },
						{ layer: 'tambon', z: '30', x: '0', y: '0' }
					];
					for (const params of addresses) {
						for (const encoding of ['gzip', 'identity']) {
							const fromDatabase = await tile(params, undefined, encoding);
							const fromSnapshot = await getSnapshotTile(snapshot, params, undefined, encoding);
							// The same bytes: node-postgres hands bytea over as a Buffer, PGlite as a Uint8Array.
							expect(asBuffer(fromSnapshot), `${JSON.stringify(params)} ${encoding}`).toEqual(
								asBuffer(fromDatabase)
							);
						}
					}
					const current = await tile(silaTile);
					if (current.status !== 200) throw new Error('expected a tile');
					expect(await getSnapshotTile(snapshot, silaTile, current.headers.etag)).toMatchObject({
						status: 304
					});
				} finally {
					await snapshot.close();
				}
			} finally {
				await rm(dir, { recursive: true, force: true });
			}
			// Copying the country's 516,000 tiles (181 MB) out of PGlite: 30 s on a quiet machine,
			// over vitest's 120 s in a busy CI.
		},
		cutTimeoutMs
	);
});
