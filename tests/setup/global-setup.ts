import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPGlite, openPostgres } from '../../src/lib/server/db/database';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { formatImportReport } from '../../src/lib/server/geodata/import-report-text';
import { importGeodata } from '../../src/lib/server/geodata/import.service';
import { grantAppRole } from '../../src/lib/server/db/roles';
import { sharedGeodataDir, templateNames, testDatabaseUrl, testRoles } from './test-database';

/**
 * Builds the test databases once per run: an empty migrated one and one with the real data
 * imported. On PGlite they are data-directory dumps that each test file loads; on PostgreSQL
 * (TEST_DATABASE_URL) they are template databases that each test file copies.
 */
export default async function setup(project: TestProject) {
	const started = performance.now();
	const url = process.env.TEST_DATABASE_URL;
	if (url) {
		// As in production (README, "Security notes"): the superuser makes the roles, the database
		// and the PostGIS extension; the owner migrates and grants; the app role imports.
		const admin = await openPostgres(url, 1);
		const { sql } = await import('kysely');
		for (const role of Object.values(testRoles)) {
			const exists = await sql`SELECT 1 FROM pg_roles WHERE rolname = ${role}`.execute(admin.db);
			if (exists.rows.length === 0)
				await sql`CREATE ROLE ${sql.id(role)} LOGIN NOSUPERUSER`.execute(admin.db);
		}
		for (const name of Object.values(templateNames)) {
			await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
			await sql`CREATE DATABASE ${sql.id(name)} OWNER ${sql.id(testRoles.owner)}`.execute(admin.db);
		}
		await admin.close();
		for (const [kind, name] of Object.entries(templateNames)) {
			const superuser = await openPostgres(testDatabaseUrl(url, name, 'admin'), 1);
			await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(superuser.db);
			await superuser.close();
			const owner = await openPostgres(testDatabaseUrl(url, name, 'owner'), 1);
			await migrateToLatest(owner.db);
			await grantAppRole(owner.db, testRoles.app);
			await owner.close();
			if (kind === 'imported') {
				const app = await openPostgres(testDatabaseUrl(url, name, 'app'), 2);
				await importRealData(app.db);
				await app.close();
			}
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
	const result = await importGeodata(db, [sharedGeodataDir], {
		trigger: 'test',
		// Every test file copies this template: its tiles (about 170 MB) are cut by the tests that
		// read them (`ensureTilesStored`, as for a database imported before tiles were stored).
		cutTiles: false
	});
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
