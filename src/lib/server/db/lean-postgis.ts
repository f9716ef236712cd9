import { postgis } from '@electric-sql/pglite-postgis';
import type { Extension } from '@electric-sql/pglite';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * PGlite's PostGIS, opened faster (issue 19 item 2). At every start PGlite (0.5, Node) gunzips
 * the extension's 19.8 MB bundle (95 MB of tar) and compiles and links every `.so` in it:
 * `postgis-3.so`, and `postgis_raster-3.so` and `postgis_topology-3.so`, which the app never
 * loads (it creates the `postgis` extension only). PGlite keeps nothing unpacked between starts
 * (the bundle is always read from its `.tar.gz`; upstream tracks PostGIS's bundling in
 * https://github.com/electric-sql/pglite/issues/916). So the bundle is rewritten once per
 * machine, into the temporary directory: without the raster, topology and tiger geocoder files,
 * and gzip-"stored" (level 0) so that reading it is a copy rather than an inflate. Everything
 * else (the setup, its environment, `postgis-3.so`, the PROJ data) is the package's own.
 */

/** A ustar record: 512-byte header, the data padded to 512 bytes. */
const block = 512;

const unusedEntry = /(postgis_raster|postgis_topology|postgis_tiger_geocoder|address_standardizer)/;

/** The tar without the entries named `unusedEntry` (and any pax header of theirs). */
export function withoutUnusedEntries(tar: Uint8Array): Uint8Array {
	const kept: Uint8Array[] = [];
	let pending: Uint8Array[] = [];
	let offset = 0;
	while (offset + block <= tar.byteLength) {
		const header = tar.subarray(offset, offset + block);
		if (header.every((byte) => byte === 0)) break;
		const text = (start: number, length: number) =>
			Buffer.from(header.subarray(start, start + length))
				.toString('latin1')
				.replace(/\0.*$/s, '');
		const size = Number.parseInt(text(124, 12).trim() || '0', 8);
		const type = text(156, 1);
		const name = `${text(345, 155)}${text(345, 155) ? '/' : ''}${text(0, 100)}`;
		const end = offset + block + Math.ceil(size / block) * block;
		const record = tar.subarray(offset, end);
		if (type === 'x' || type === 'L') {
			// An extended header describes the next entry: kept or dropped with it.
			pending.push(record);
		} else {
			if (!unusedEntry.test(name)) kept.push(...pending, record);
			pending = [];
		}
		offset = end;
	}
	kept.push(new Uint8Array(2 * block));
	return Buffer.concat(kept);
}

function leanBundlePath(original: URL): string {
	const stat = fs.statSync(original);
	const cacheDir = path.join(os.tmpdir(), 'sedz-pglite');
	const lean = path.join(cacheDir, `postgis-lean-${stat.size}-${Math.round(stat.mtimeMs)}.tar.gz`);
	if (fs.existsSync(lean)) return lean;
	fs.mkdirSync(cacheDir, { recursive: true });
	const tar = withoutUnusedEntries(gunzipSync(fs.readFileSync(original)));
	// Written aside and renamed: two processes starting at once never read half a file.
	const partial = `${lean}.${process.pid}.partial`;
	fs.writeFileSync(partial, gzipSync(tar, { level: 0 }));
	fs.renameSync(partial, lean);
	return lean;
}

/** PostGIS for PGlite with the lean bundle; the package's bundle if that cannot be written. */
export const leanPostgis: Extension = {
	name: 'postgis',
	setup: async (pg, emscriptenOpts) => {
		const setup = await postgis.setup(pg, emscriptenOpts);
		if (!setup.bundlePath) return setup;
		try {
			return { ...setup, bundlePath: new URL(`file://${leanBundlePath(setup.bundlePath)}`) };
		} catch (error) {
			console.warn('PostGIS: using the package bundle (the lean copy failed):', error);
			return setup;
		}
	}
};
