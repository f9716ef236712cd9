import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPGlite, openPostgres } from '../../src/lib/server/db/database';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { formatImportReport } from '../../src/lib/server/geodata/import-report-text';
import { importGeodata } from '../../src/lib/server/geodata/import.service';
import { sharedGeodataDir, templateNames } from './test-database';

/**
 * Builds the test databases once per run: an empty migrated one and one with the real data
 * imported. On PGlite they are data-directory dumps that each test file loads; on PostgreSQL
 * (TEST_DATABASE_URL) they are template databases that each test file copies.
 */
export default async function setup(project: TestProject) {
	const started = performance.now();
	const url = process.env.TEST_DATABASE_URL;
	if (url) {
		const admin = await openPostgres(url, 1);
		const { sql } = await import('kysely');
		for (const name of Object.values(templateNames)) {
			await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
			await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
		}
		await admin.close();
		const withDatabase = (name: string) => {
			const u = new URL(url);
			u.pathname = `/${name}`;
			return u.toString();
		};
		for (const [kind, name] of Object.entries(templateNames)) {
			const db = await openPostgres(withDatabase(name), 2);
			await migrateToLatest(db.db);
			if (kind === 'imported') await importRealData(db.db);
			await db.close();
		}
		project.provide('postgresTemplates', templateNames);
	} else {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-test-'));
		const dumps = {
			empty: path.join(dir, 'empty.tar.gz'),
			imported: path.join(dir, 'imported.tar.gz')
		};
		const db = await openPGlite(path.join(dir, 'data'));
		await migrateToLatest(db.db);
		fs.writeFileSync(
			dumps.empty,
			Buffer.from(await (await db.pglite!.dumpDataDir('gzip')).arrayBuffer())
		);
		await importRealData(db.db);
		fs.writeFileSync(
			dumps.imported,
			Buffer.from(await (await db.pglite!.dumpDataDir('gzip')).arrayBuffer())
		);
		await db.close();
		fs.rmSync(path.join(dir, 'data'), { recursive: true, force: true });
		project.provide('pgliteDumps', dumps);
	}
	console.log(`Test databases ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function importRealData(db: Parameters<typeof importGeodata>[0]) {
	const result = await importGeodata(db, [sharedGeodataDir], { trigger: 'test' });
	if (result.status !== 'succeeded') {
		throw new Error(`The real data did not import:\n${formatImportReport(result)}`);
	}
}

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteDumps: { empty: string; imported: string };
		postgresTemplates: typeof templateNames;
	}
}
