import type { Polygon } from 'geojson';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	approveThroughWorkflow,
	defaultRules,
	turnReadinessRulesOff,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { canViewZoneWorkingCopy } from '../accounts/permissions';
import { createUser } from '../accounts/user.service';
import { recordInput } from '../coordination/coordination.schemas';
import { changeRecipientState, createRecord } from '../coordination/coordination.service';
import { getInbox, openRecord } from '../coordination/coordination-register.service';
import type { Database } from '../db/database';
import { readZoneSights } from '../zones/zone-visibility';
import { createZone } from '../zones/zone.service';
import { getDistrictOverview } from './district.service';
import { expectRefusal } from '../../../../tests/fixtures/refusals';

/**
 * The district local administration office (issue 17, item 4): scoped to one district, it
 * sees its LAOs and the zones in force that cover them, no working copy, and answers for itself
 * in the coordination register.
 */

let database: Database;
let dla: Actor, planner40: Actor, planner30: Actor, governor40: Actor;
let mueang: Actor, kranuan: Actor;
let mueangZoneId: number, kranuanZoneId: number, draftZoneId: number;

/** A small square inside a tambon of `districtCode` (the n-th largest), for a zone there. */
async function squareIn(districtCode: string, n = 0): Promise<Polygon> {
	const { rows } = await sql<{ geometry: string }>`
		SELECT ST_AsGeoJSON(ST_Expand(ST_PointOnSurface(geom), 0.007), 7) AS geometry
		FROM tambon WHERE district_code = ${districtCode}
		ORDER BY area_km2 DESC, code OFFSET ${n} LIMIT 1`.execute(database.db);
	const geometry = JSON.parse(rows[0]!.geometry) as Polygon;
	return geometry;
}

async function zoneIn(districtCode: string, name: string, n = 0) {
	const { zone, revision } = await createZone(database.db, {
		actor: planner40,
		rules: defaultRules,
		input: {
			provinceCode: 'TH40',
			attributes: { ...zoneAttributes(name), partners: [] },
			geometry: await squareIn(districtCode, n),
			geometrySource: 'drawn'
		}
	});
	return { zoneId: zone.id, revisionId: revision.id };
}

/** Submitted by the planner and approved by the governor, through the workflow service. */
const approve = (zoneId: number, revisionId: number) =>
	approveThroughWorkflow(database.db, {
		zoneId,
		revisionId,
		planner: planner40,
		governor: governor40
	});

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const db = database.db;
	dla = await createTestUser(db, { role: 'dla_staff' });
	planner40 = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	planner30 = await createTestUser(db, { role: 'planner', provinceCode: 'TH30' });
	mueang = await createTestUser(db, { role: 'district_office', districtCode: 'TH4001' });
	kranuan = await createTestUser(db, { role: 'district_office', districtCode: 'TH4009' });
	governor40 = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
	await turnReadinessRulesOff(db);
	const m = await zoneIn('TH4001', 'เขตเมืองขอนแก่น');
	await approve(m.zoneId, m.revisionId);
	mueangZoneId = m.zoneId;
	const k = await zoneIn('TH4009', 'เขตกระนวน');
	await approve(k.zoneId, k.revisionId);
	kranuanZoneId = k.zoneId;
	draftZoneId = (await zoneIn('TH4001', 'ร่างเขตเมือง', 1)).zoneId;
});
afterAll(() => database?.close());

describe('the district office sees its district', () => {
	it("lists the district's LAOs and only them", async () => {
		const overview = await getDistrictOverview(database.db, mueang);
		expect(overview).toMatchObject({
			districtCode: 'TH4001',
			provinceCode: 'TH40',
			nameTh: 'เมืองขอนแก่น',
			nameEn: 'Mueang Khon Kaen'
		});
		const expected = await database.db
			.selectFrom('lao')
			.select('dla_code')
			.where('district_code', '=', 'TH4001')
			.execute();
		expect(expected.length).toBeGreaterThan(5);
		expect(overview.laos.map((l) => l.dlaCode).sort()).toEqual(
			expected.map((l) => l.dla_code).sort()
		);
	});

	it('lists the zones in force covering its LAOs: not another district’s, not a draft', async () => {
		const mine = await getDistrictOverview(database.db, mueang);
		expect(mine.zones.map((z) => z.zoneId)).toEqual([mueangZoneId]);
		expect(mine.zones[0]).toMatchObject({ name: 'เขตเมืองขอนแก่น', status: 'approved' });
		const districtCodes = new Set(mine.laos.map((l) => l.dlaCode));
		expect(mine.zones[0]!.coveredDlaCodes.length).toBeGreaterThan(0);
		expect(mine.zones[0]!.coveredDlaCodes.every((c) => districtCodes.has(c))).toBe(true);
		const theirs = await getDistrictOverview(database.db, kranuan);
		expect(theirs.zones.map((z) => z.zoneId)).toEqual([kranuanZoneId]);
	});

	it('reads no working copy: a draft in its own district is nothing to it, as to the public', async () => {
		const sights = await readZoneSights(database.db, mueang, [draftZoneId, mueangZoneId]);
		expect(sights.get(draftZoneId)).toEqual({ sees: 'nothing' });
		expect(sights.get(mueangZoneId)).toMatchObject({ sees: 'in_force' });
		expect(
			canViewZoneWorkingCopy(mueang, {
				provinceCode: 'TH40',
				status: 'draft',
				responseRequestedFrom: []
			})
		).toBe(false);
		// The province's planner reads the same draft.
		expect(
			(await readZoneSights(database.db, planner40, [draftZoneId])).get(draftZoneId)
		).toMatchObject({ sees: 'working_copy' });
	});

	it('the page is the district office’s own', async () => {
		for (const actor of [null, dla, planner40]) {
			expect((await expectRefusal(getDistrictOverview(database.db, actor))).kind).toBe('forbidden');
		}
	});
});

describe('the district office in the coordination register', () => {
	let recordId: number;

	it('is addressed by its province’s office and named as the glossary says', async () => {
		recordId = (
			await createRecord(database.db, {
				actor: planner40,
				input: recordInput.parse({
					kind: 'letter',
					subject: 'ขอให้ท้องถิ่นอำเภอแจ้ง อปท. ในพื้นที่',
					recipients: ['district_office:TH4001'],
					dueDate: '31/12/2569'
				})
			})
		).recordId;
		const inbox = await getInbox(database.db, { actor: mueang });
		expect(inbox.party).toMatchObject({ th: 'ท้องถิ่นอำเภอเมืองขอนแก่น' });
		expect(inbox.party.en).toBe('Mueang Khon Kaen District Local Administration Office');
		expect(inbox.askedOfMe.map((r) => r.id)).toContain(recordId);
	});

	it('another province cannot address it', async () => {
		const error = await expectRefusal(
			createRecord(database.db, {
				actor: planner30,
				input: recordInput.parse({
					kind: 'letter',
					subject: 'ข้ามจังหวัด',
					recipients: ['district_office:TH4001']
				})
			})
		);
		expect(error.problems.map((p) => p.rule)).toContain('coordination.not_addressable');
	});

	it('acknowledges what is addressed to it; another district cannot see or answer it', async () => {
		expect((await expectRefusal(openRecord(database.db, { actor: kranuan, recordId }))).kind).toBe(
			'not_found'
		);
		expect(
			(
				await expectRefusal(
					changeRecipientState(database.db, { actor: kranuan, recordId, state: 'acknowledged' })
				)
			).kind
		).toBe('not_found');
		await changeRecipientState(database.db, { actor: mueang, recordId, state: 'acknowledged' });
		const row = await database.db
			.selectFrom('record_recipient')
			.select(['state', 'changed_by'])
			.where('record_id', '=', recordId)
			.where('party_kind', '=', 'district_office')
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ state: 'acknowledged', changed_by: mueang.userId });
		// The province's planner sees the district's answer (the record concerns the province).
		await expect(openRecord(database.db, { actor: planner40, recordId })).resolves.toBeTruthy();
	});

	it("receives DLA's directives, and its users with an email get the notice", async () => {
		await database.db
			.updateTable('app_user')
			.set({ email: 'mueang@example.go.th' })
			.where('id', '=', mueang.userId)
			.execute();
		const { recordId: directiveId } = await createRecord(database.db, {
			actor: dla,
			input: recordInput.parse({
				kind: 'directive',
				subject: 'ให้ท้องถิ่นอำเภอสนับสนุนการจัดทำเขตพัฒนาเศรษฐกิจพอเพียง',
				recipients: ['district_office:TH4001']
			})
		});
		const notices = await database.db
			.selectFrom('notice_outbox as n')
			.innerJoin('record_recipient as rr', 'rr.id', 'n.record_recipient_id')
			.select(['n.user_id'])
			.where('rr.record_id', '=', directiveId)
			.execute();
		expect(notices.map((n) => n.user_id)).toEqual([mueang.userId]);
	});

	it('may not send a directive', async () => {
		const error = await expectRefusal(
			createRecord(database.db, {
				actor: mueang,
				input: recordInput.parse({
					kind: 'directive',
					subject: 'ไม่ได้',
					recipients: ['lao:6400906']
				})
			})
		);
		expect(error.kind).toBe('forbidden');
	});
});

describe('district office accounts', () => {
	it('are created with a district of the registry; the province follows from it', async () => {
		const { userId } = await createUser(database.db, dla, {
			username: 'district.th4001.test',
			displayName: 'ท้องถิ่นอำเภอเมืองขอนแก่น',
			position: 'ท้องถิ่นอำเภอ',
			role: 'district_office',
			provinceCode: null,
			dlaCode: null,
			districtCode: 'th4001',
			password: 'a long enough district password 2569'
		});
		const row = await database.db
			.selectFrom('app_user')
			.select(['province_code', 'district_code', 'dla_code'])
			.where('id', '=', userId)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ province_code: 'TH40', district_code: 'TH4001', dla_code: null });
	});

	it('are refused without a district, or with one the registry does not know, naming the field', async () => {
		const base = {
			username: 'district.bad',
			displayName: 'ท้องถิ่นอำเภอ',
			position: null,
			role: 'district_office' as const,
			provinceCode: null,
			dlaCode: null,
			password: 'a long enough district password 2569'
		};
		const missing = await expectRefusal(
			createUser(database.db, dla, { ...base, districtCode: null })
		);
		expect(missing.problems).toMatchObject([
			{ rule: 'user.district.required', field: 'districtCode' }
		]);
		const unknown = await expectRefusal(
			createUser(database.db, dla, { ...base, districtCode: 'TH4099' })
		);
		expect(unknown.problems).toMatchObject([
			{ rule: 'user.district.unknown', field: 'districtCode' }
		]);
		const malformed = await expectRefusal(
			createUser(database.db, dla, { ...base, districtCode: '4001' })
		);
		expect(malformed.problems).toMatchObject([
			{ rule: 'user.district.format', field: 'districtCode' }
		]);
	});
});
