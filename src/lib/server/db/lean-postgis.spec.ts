import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { withoutUnusedEntries } from './lean-postgis';

const bundle = path.join(
	path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite-postgis')),
	'postgis.tar.gz'
);

/** The entries of a tar as GNU tar lists them: an independent reader of the result. */
function listed(tar: Uint8Array) {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-lean-')), 'b.tar');
	fs.writeFileSync(file, tar);
	try {
		return execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n');
	} finally {
		fs.rmSync(path.dirname(file), { recursive: true, force: true });
	}
}

describe('the lean PostGIS bundle PGlite opens', () => {
	it('keeps postgis-3.so, its SQL and the PROJ data, and drops raster, topology and tiger', () => {
		const original = gunzipSync(fs.readFileSync(bundle));
		const lean = withoutUnusedEntries(original);
		const before = listed(original);
		const after = listed(lean);
		expect(before).toContain('lib/postgresql/postgis_raster-3.so');
		expect(after).toContain('lib/postgresql/postgis-3.so');
		expect(after).toContain('share/proj/proj.db');
		expect(after).toContain('share/postgresql/extension/postgis.control');
		expect(after.filter((name) => name.endsWith('.so'))).toEqual(['lib/postgresql/postgis-3.so']);
		expect(after.filter((name) => /postgis_(raster|topology|tiger)/.test(name))).toEqual([]);
		// Everything else is kept, byte for byte (same entries, in the same order).
		expect(after).toEqual(
			before.filter((name) => !/postgis_(raster|topology|tiger)|address_standardizer/.test(name))
		);
		expect(lean.byteLength).toBeLessThan(original.byteLength - 30e6);
	});
});
