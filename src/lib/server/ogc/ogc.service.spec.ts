import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	defaultRules,
	tambonSquares,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { loadOfficialModel } from '../scoring/scores-page.service';
import { runWorkflowEvent } from '../zones/workflow.service';
import { createZone, saveZoneRevision } from '../zones/zone.service';
import { ogcValidators } from '../../../../tests/fixtures/ogcapi-features/ogc-schemas';
import type { Database } from '../db/database';
import { DomainError } from '../domain-errors';
import { itemsParams, describeParamError } from './ogc.params';
import {
	conformance,
	describeCollection,
	findItem,
	landingPage,
	listCollections,
	listItems
} from './ogc.service';

const base = 'http://sedz.test';
const schemas = ogcValidators();
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase('imported');
});
afterAll(() => database?.close());

/** Fails with Ajv's own messages, so a schema violation says where. */
function expectValid(name: keyof typeof schemas, document: unknown) {
	const validate = schemas[name];
	const valid = validate(JSON.parse(JSON.stringify(document)));
	expect(validate.errors ?? [], `${name}.yaml`).toEqual([]);
	expect(valid).toBe(true);
}

describe('the OGC API – Features documents', () => {
	it('landing page, conformance and collections follow the OGC schemas', async () => {
		expectValid('landingPage', landingPage(base));
		expect(landingPage(base).links.map((l) => l.rel)).toEqual(
			expect.arrayContaining(['self', 'service-desc', 'conformance', 'data'])
		);
		expectValid('confClasses', conformance());
		const collections = await listCollections(database.db, base);
		expectValid('collections', collections);
		const laos = await describeCollection(database.db, base, 'laos');
		expectValid('collection', laos);
		const [west, south, east, north] = laos.extent!.spatial.bbox[0]!;
		// Thailand's extent, from the tambon boundaries.
		expect([west, south, east, north].map((x) => Math.round(x))).toEqual([97, 6, 106, 20]);
		expect(laos.description).toContain('CC BY-IGO');
	});

	it('pages through every LAO of the registry with next and prev links', async () => {
		const first = await listItems(database.db, base, 'laos', itemsParams.parse({ limit: '5' }));
		expectValid('featureCollectionGeoJSON', first);
		expect(first.numberMatched).toBe(7849);
		expect(first.numberReturned).toBe(5);
		expect(Number.isNaN(Date.parse(first.timeStamp))).toBe(false);
		expect(first.links.find((l) => l.rel === 'next')?.href).toBe(
			`${base}/ogc/collections/laos/items?limit=5&offset=5`
		);
		expect(first.links.some((l) => l.rel === 'prev')).toBe(false);

		const last = await listItems(
			database.db,
			base,
			'laos',
			itemsParams.parse({ limit: '5', offset: '7845' })
		);
		expectValid('featureCollectionGeoJSON', last);
		expect(last.numberReturned).toBe(4);
		expect(last.links.some((l) => l.rel === 'next')).toBe(false);
		expect(last.links.find((l) => l.rel === 'prev')?.href).toContain('offset=7840');
		// Pages do not overlap: codes are in order.
		const codes = [...first.features, ...last.features].map((f) => f.id);
		expect([...codes].sort()).toEqual(codes);
	});

	it('filters by bbox: every feature returned touches the box', async () => {
		// Around Khon Kaen city.
		const bbox = '102.75,16.35,102.95,16.5';
		const page = await listItems(
			database.db,
			base,
			'laos',
			itemsParams.parse({ bbox, limit: '1000' })
		);
		expectValid('featureCollectionGeoJSON', page);
		expect(page.numberMatched).toBe(page.numberReturned);
		expect(page.numberMatched).toBeGreaterThan(5);
		expect(page.numberMatched).toBeLessThan(60);
		expect(page.features.map((f) => f.properties.province_code)).toContain('TH40');
		expect(page.links.find((l) => l.rel === 'self')?.href).toContain(
			`bbox=${encodeURIComponent(bbox)}`
		);
	});

	it('serves one LAO by its DLA code, and 404 for an unknown one or collection', async () => {
		const sao = await findItem(database.db, base, 'laos', '6400906');
		expectValid('featureGeoJSON', sao);
		expect(sao.properties).toMatchObject({
			dla_code: '6400906',
			lao_type: 'subdistrict_admin_org'
		});
		expect((sao.geometry as { type: string }).type).toMatch(/Polygon$/);
		for (const attempt of [
			() => findItem(database.db, base, 'laos', '0000000'),
			() => findItem(database.db, base, 'laos', 'x'),
			() => listItems(database.db, base, 'nothing', itemsParams.parse({}))
		]) {
			const refused = await attempt().catch((e: unknown) => e);
			expect(refused).toBeInstanceOf(DomainError);
			expect((refused as DomainError).kind).toBe('not_found');
		}
	});
});

describe('the items query', () => {
	it('refuses unknown parameters and bad values, naming them', () => {
		const problem = (query: Record<string, string>) => {
			const parsed = itemsParams.safeParse(query);
			expect(parsed.success).toBe(false);
			const described = describeParamError(parsed.error!);
			expectValid('exception', described);
			return described.description;
		};
		expect(problem({ limt: '5' })).toBe('unknown query parameter: limt');
		expect(problem({ limit: '0' })).toBe('limit: must be at least 1');
		expect(problem({ limit: '1001' })).toBe('limit: must be at most 1000');
		expect(problem({ offset: '-1' })).toBe('offset: must be 0 or more');
		expect(problem({ bbox: '1,2,3' })).toMatch(/^bbox: /);
		expect(problem({ bbox: '103,16,102,17' })).toMatch(/^bbox: needs minLon ≤ maxLon/);
		expect(problem({ bbox: '100,16,200,17' })).toMatch(/^bbox: longitudes must be within ±180/);
		expect(problem({ bbox: 'a,b,c,d' })).toMatch(/^bbox: /);
	});
});

describe('the approved zones collection', () => {
	it('serves each approved zone at its revision in force, and nothing else', async () => {
		const db = database.db;
		await loadOfficialModel(db);
		const planner = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
		const governor = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
		const [first, second] = await tambonSquares(db, 'TH40', 2);
		const draft = (name: string, geometry: unknown) =>
			createZone(db, {
				actor: planner,
				rules: defaultRules,
				input: {
					provinceCode: 'TH40',
					attributes: zoneAttributes(name),
					geometry,
					geometrySource: 'drawn'
				}
			});
		const approvedZone = await draft('เขตเปิดเผย', first);
		const neverApproved = await draft('เขตร่างเท่านั้น', second);
		const act = (actor: Actor, zoneId: number, revisionId: number, event: 'submit' | 'approve') =>
			runWorkflowEvent(db, { actor, zoneId, revisionId, event });
		await act(planner, approvedZone.zone.id, approvedZone.revision.id, 'submit');
		await act(governor, approvedZone.zone.id, approvedZone.revision.id, 'approve');
		// An amendment in draft: the open data keeps the approved revision.
		await saveZoneRevision(db, {
			actor: planner,
			rules: defaultRules,
			zoneId: approvedZone.zone.id,
			baseRevisionId: approvedZone.revision.id,
			input: {
				attributes: zoneAttributes('เขตเปิดเผย ฉบับร่างแก้ไข'),
				geometry: second,
				geometrySource: 'drawn'
			}
		}).catch(() => undefined);

		const collection = await describeCollection(db, base, 'zones');
		expectValid('collection', collection);
		expect(collection.description).toContain('Open Data Common');
		const items = await listItems(db, base, 'zones', itemsParams.parse({}));
		expectValid('featureCollectionGeoJSON', items);
		expect(items.features.map((f) => f.id)).toEqual([String(approvedZone.zone.id)]);
		expect(items.features[0]!.properties).toMatchObject({
			name: 'เขตเปิดเผย',
			revision_number: 1,
			area_km2: approvedZone.revision.areaKm2,
			approved_by: 'ผู้ว่าราชการจังหวัดขอนแก่น'
		});
		const one = await findItem(db, base, 'zones', String(approvedZone.zone.id));
		expectValid('featureGeoJSON', one);
		const hidden = await findItem(db, base, 'zones', String(neverApproved.zone.id)).catch(
			(e: unknown) => e
		);
		expect((hidden as DomainError).kind).toBe('not_found');
		// A box far from Khon Kaen finds nothing.
		const away = await listItems(db, base, 'zones', itemsParams.parse({ bbox: '98,7,99,8' }));
		expect(away.numberMatched).toBe(0);
	});
});
