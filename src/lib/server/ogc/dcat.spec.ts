import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dcatApProblems } from '../../../../tests/fixtures/dcat-ap/dcat-ap';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import { catalog, ckanPackage } from './dcat';

const base = 'http://sedz.test';
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase('imported');
});
afterAll(() => database?.close());

describe('the DCAT-AP catalogue', () => {
	it('validates against the stored DCAT-AP shapes and lists every published layer', async () => {
		const document = await catalog(database.db, base);
		expect(dcatApProblems(document)).toEqual([]);
		expect(document['dcat:dataset'].map((d) => d['dct:identifier'])).toEqual([
			'sedz-provinces',
			'sedz-districts',
			'sedz-tambons',
			'sedz-laos',
			'sedz-lao_offices',
			'sedz-scores',
			'sedz-zones',
			'sedz-zone_progress',
			'sedz-candidates',
			'sedz-constraints'
		]);
		const tambons = document['dcat:dataset'][2]!;
		expect(tambons['dct:temporal']['dcat:startDate']['@value']).toBe('2021-12-31');
		expect(tambons['dcat:distribution'][0]!['dcat:downloadURL']).toEqual({
			'@id': `${base}/data/download/tambons.gpkg`
		});
		expect(tambons['dct:license'].map((l) => l['@id'])).toContain(
			'https://creativecommons.org/licenses/by/3.0/igo/'
		);
	});

	it('fails the shapes when a mandatory property is missing or misspelt', async () => {
		const document = await catalog(database.db, base);
		const broken = JSON.parse(JSON.stringify(document)) as Record<string, unknown> & {
			'dcat:dataset': Record<string, unknown>[];
		};
		delete broken['dcat:dataset'][0]!['dct:title'];
		broken['dcat:dataset'][1]!['dcat:distrbution'] = [];
		const problems = dcatApProblems(broken);
		expect(problems).toContain("/dcat:dataset/0 must have required property 'dct:title'");
		expect(problems).toContain(
			'/dcat:dataset/1/dcat:distrbution is not a DCAT-AP term of the context'
		);
	});

	it('gives data.go.th a CKAN package per dataset with its resources and sources', async () => {
		const pkg = await ckanPackage(database.db, base, 'laos');
		expect(pkg.name).toBe('sedz-laos');
		expect(pkg.title).toContain('องค์กรปกครองส่วนท้องถิ่น');
		expect(pkg.resources.map((r) => r.format)).toEqual(['GPKG', 'OGC API - Features']);
		expect(pkg.extras.find((e) => e.key === 'source')?.value).toContain('dlads_05_01');
		expect(pkg.notes).not.toContain('show the source line');
	});
});
