import type { Polygon } from 'geojson';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	approveThroughWorkflow,
	defaultRules,
	tambonSquares,
	turnReadinessRulesOff,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { createMigrator } from '../db/migrate';
import type { Database } from '../db/database';
import { recordInput } from '../coordination/coordination.schemas';
import { createRecord } from '../coordination/coordination.service';
import { openRecord } from '../coordination/coordination-register.service';
import { getPublicZone } from '../zones/public-zone.service';
import { createZone } from '../zones/zone.service';
import { addPartner, listPartnerDirectory, updatePartner } from './partner.service';
import { expectRefusal } from '../../../../tests/fixtures/refusals';

/** The network-sector directory (issue 17, item 5), its rules, its use by zones, its migration. */

let database: Database;
let dla: Actor, planner40: Actor, planner30: Actor, governor40: Actor, district40: Actor;
let squares: Polygon[];

const auditOf = (partnerId: number) =>
	database.db
		.selectFrom('audit_log')
		.select(['action', 'actor_user_id', 'province_code', 'before', 'after'])
		.where('entity_type', '=', 'partner')
		.where('entity_id', '=', String(partnerId))
		.orderBy('id')
		.execute();

beforeAll(async () => {
	database = await openTestDatabase('imported', { as: 'owner' });
	const db = database.db;
	dla = await createTestUser(db, { role: 'dla_staff' });
	planner40 = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	planner30 = await createTestUser(db, { role: 'planner', provinceCode: 'TH30' });
	governor40 = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
	district40 = await createTestUser(db, { role: 'district_office', districtCode: 'TH4001' });
	squares = await tambonSquares(db, 'TH40', 4);
});
afterAll(() => database?.close());

describe('the directory', () => {
	let kku: number;

	it("the province's planner adds an organisation with its sector; the entry is audit-logged", async () => {
		kku = (
			await addPartner(database.db, {
				actor: planner40,
				provinceCode: 'TH40',
				input: { name: '  มหาวิทยาลัยขอนแก่น ', sector: 'academia' }
			})
		).partnerId;
		const listed = await listPartnerDirectory(database.db, {
			actor: district40,
			provinceCode: 'TH40'
		});
		expect(listed).toContainEqual({
			id: kku,
			provinceCode: 'TH40',
			name: 'มหาวิทยาลัยขอนแก่น',
			sector: 'academia'
		});
		expect(await auditOf(kku)).toMatchObject([
			{
				action: 'partner.added',
				actor_user_id: planner40.userId,
				province_code: 'TH40',
				after: { name: 'มหาวิทยาลัยขอนแก่น', sector: 'academia', provinceCode: 'TH40' }
			}
		]);
	});

	it('refuses a name already in the province (409, naming the field); another province may use it', async () => {
		const error = await expectRefusal(
			addPartner(database.db, {
				actor: dla,
				provinceCode: 'TH40',
				input: { name: 'มหาวิทยาลัยขอนแก่น', sector: 'government' }
			})
		);
		expect(error.kind).toBe('conflict');
		expect(error.problems).toMatchObject([{ rule: 'partner.name.taken', field: 'name' }]);
		const other = await addPartner(database.db, {
			actor: planner30,
			provinceCode: 'TH30',
			input: { name: 'มหาวิทยาลัยขอนแก่น', sector: 'academia' }
		});
		expect(other.partnerId).toBeGreaterThan(0);
		expect(other.partnerId).not.toBe(kku);
		const th40 = await listPartnerDirectory(database.db, {
			actor: planner40,
			provinceCode: 'TH40'
		});
		expect(th40.filter((p) => p.name === 'มหาวิทยาลัยขอนแก่น')).toHaveLength(1);
	});

	it("only the province's planners and DLA staff keep it", async () => {
		for (const actor of [planner30, governor40, district40, null]) {
			const error = await expectRefusal(
				addPartner(database.db, {
					actor,
					provinceCode: 'TH40',
					input: { name: 'วัดศรีจันทร์', sector: 'religion' }
				})
			);
			expect(error.kind).toBe('forbidden');
		}
		expect(
			(
				await expectRefusal(
					updatePartner(database.db, {
						actor: planner30,
						partnerId: kku,
						input: { name: 'มข.', sector: 'academia' }
					})
				)
			).kind
		).toBe('forbidden');
		// The national list is DLA's.
		expect(
			(
				await expectRefusal(
					addPartner(database.db, {
						actor: planner40,
						provinceCode: null,
						input: { name: 'สภาองค์กรชุมชนแห่งชาติ', sector: 'civil_society' }
					})
				)
			).kind
		).toBe('forbidden');
		expect(
			(
				await expectRefusal(
					listPartnerDirectory(database.db, { actor: null, provinceCode: 'TH40' })
				)
			).kind
		).toBe('forbidden');
	});

	it('refuses bad input by field: an empty name, an unknown sector', async () => {
		const error = await expectRefusal(
			addPartner(database.db, {
				actor: planner40,
				provinceCode: 'TH40',
				input: { name: '  ', sector: 'sports' }
			})
		);
		expect(error.problems.map((p) => [p.field, p.rule]).sort()).toEqual([
			['name', 'partner.name.required'],
			['sector', 'partner.sector.unknown']
		]);
	});

	it('a correction is audit-logged with before and after; a rename onto a taken name is refused', async () => {
		const { partnerId } = await addPartner(database.db, {
			actor: planner40,
			provinceCode: 'TH40',
			input: { name: 'หอการค้าขอนแก่น', sector: 'government' }
		});
		await updatePartner(database.db, {
			actor: planner40,
			partnerId,
			input: { name: 'หอการค้าจังหวัดขอนแก่น', sector: 'private' }
		});
		expect((await auditOf(partnerId)).map((e) => e.action)).toEqual([
			'partner.added',
			'partner.updated'
		]);
		expect((await auditOf(partnerId))[1]).toMatchObject({
			before: { name: 'หอการค้าขอนแก่น', sector: 'government' },
			after: { name: 'หอการค้าจังหวัดขอนแก่น', sector: 'private' }
		});
		const error = await expectRefusal(
			updatePartner(database.db, {
				actor: planner40,
				partnerId,
				input: { name: 'มหาวิทยาลัยขอนแก่น', sector: 'private' }
			})
		);
		expect(error.kind).toBe('conflict');
	});
});

describe('zone partners come from the directory', () => {
	async function zoneWith(square: Polygon, name: string, partners: unknown[]) {
		return createZone(database.db, {
			actor: planner40,
			rules: defaultRules,
			input: {
				provinceCode: 'TH40',
				attributes: { ...zoneAttributes(name), partners: partners as never },
				geometry: square,
				geometrySource: 'drawn'
			}
		});
	}

	it('a picked entry is kept with its id, name and sector; a new name joins the directory once', async () => {
		const [kku] = (
			await listPartnerDirectory(database.db, { actor: planner40, provinceCode: 'TH40' })
		).filter((p) => p.name === 'มหาวิทยาลัยขอนแก่น');
		const first = await zoneWith(squares[0]!, 'เขตภาคี ๑', [
			{ partnerId: kku!.id, sector: 'academia', name: 'ignored: the directory names it' },
			{ sector: 'people', name: 'กลุ่มวิสาหกิจชุมชนบ้านโนน' }
		]);
		const saved = await database.db
			.selectFrom('zone_revision')
			.select('partners')
			.where('id', '=', first.revision.id)
			.executeTakeFirstOrThrow();
		const added = await database.db
			.selectFrom('partner_organisation')
			.select(['id', 'sector'])
			.where('province_code', '=', 'TH40')
			.where('name', '=', 'กลุ่มวิสาหกิจชุมชนบ้านโนน')
			.execute();
		expect(added).toHaveLength(1);
		expect(saved.partners).toEqual([
			{ partnerId: kku!.id, sector: 'academia', name: 'มหาวิทยาลัยขอนแก่น' },
			{ partnerId: added[0]!.id, sector: 'people', name: 'กลุ่มวิสาหกิจชุมชนบ้านโนน' }
		]);
		// A second zone naming the same group reuses the entry: no free-text duplicate.
		const second = await zoneWith(squares[1]!, 'เขตภาคี ๒', [
			{ sector: 'people', name: 'กลุ่มวิสาหกิจชุมชนบ้านโนน' }
		]);
		const again = await database.db
			.selectFrom('zone_revision')
			.select('partners')
			.where('id', '=', second.revision.id)
			.executeTakeFirstOrThrow();
		expect(again.partners).toEqual([
			{ partnerId: added[0]!.id, sector: 'people', name: 'กลุ่มวิสาหกิจชุมชนบ้านโนน' }
		]);
	});

	it("refuses another province's entry and a sector the directory contradicts, naming the row", async () => {
		const th30 = (
			await listPartnerDirectory(database.db, { actor: planner30, provinceCode: 'TH30' })
		).find((p) => p.provinceCode === 'TH30')!;
		const error = await expectRefusal(
			zoneWith(squares[2]!, 'เขตผิด', [
				{ sector: 'academia', name: 'มหาวิทยาลัยขอนแก่น' },
				{ partnerId: th30.id, sector: th30.sector, name: th30.name },
				{ sector: 'media', name: 'มหาวิทยาลัยขอนแก่น' }
			])
		);
		expect(error.problems.map((p) => [p.field, p.rule])).toEqual([
			['partners.1', 'partner.unknown'],
			['partners.2', 'partner.sector.differs']
		]);
	});

	it('the public zone page lists the partners by sector', async () => {
		const { zone, revision } = await zoneWith(squares[3]!, 'เขตสาธารณะ', [
			{ sector: 'people', name: 'กลุ่มวิสาหกิจชุมชนบ้านโนน' },
			{ sector: 'academia', name: 'มหาวิทยาลัยขอนแก่น' }
		]);
		await turnReadinessRulesOff(database.db);
		await approveThroughWorkflow(database.db, {
			zoneId: zone.id,
			revisionId: revision.id,
			planner: planner40,
			governor: governor40
		});
		const shown = await getPublicZone(database.db, { zoneId: zone.id });
		expect(shown.revision.partnersBySector).toEqual([
			{ sector: 'people', names: ['กลุ่มวิสาหกิจชุมชนบ้านโนน'] },
			{ sector: 'academia', names: ['มหาวิทยาลัยขอนแก่น'] }
		]);
	});
});

describe('meeting attendees come from the directory', () => {
	async function meeting(actor: Actor, attendees: Record<string, string>) {
		const { recordId } = await createRecord(database.db, {
			actor,
			input: recordInput.parse({
				kind: 'meeting',
				subject: 'ประชุมภาคีเครือข่ายจังหวัด',
				meetingPlace: 'ศาลากลางจังหวัดขอนแก่น',
				recipients: ['dla'],
				...attendees
			})
		});
		return (await openRecord(database.db, { actor, recordId })).record.attendees;
	}

	it("the planner's meeting names each organisation as the directory does, adding new ones once", async () => {
		const attendees = await meeting(planner40, {
			attendees_academia: 'มหาวิทยาลัยขอนแก่น',
			attendees_media: 'สถานีวิทยุชุมชนขอนแก่น'
		});
		const directory = await listPartnerDirectory(database.db, {
			actor: planner40,
			provinceCode: 'TH40'
		});
		const id = (name: string) => directory.find((p) => p.name === name)?.id;
		expect(attendees).toEqual([
			{ sector: 'academia', organisation: 'มหาวิทยาลัยขอนแก่น', partnerId: id('มหาวิทยาลัยขอนแก่น') },
			{
				sector: 'media',
				organisation: 'สถานีวิทยุชุมชนขอนแก่น',
				partnerId: id('สถานีวิทยุชุมชนขอนแก่น')
			}
		]);
		// The governor's meeting reuses the entry; a name not in the directory stays as typed.
		const governors = await meeting(governor40, {
			attendees_media: 'สถานีวิทยุชุมชนขอนแก่น',
			attendees_religion: 'วัดหนองแวง'
		});
		expect(governors).toEqual([
			{ sector: 'religion', organisation: 'วัดหนองแวง' },
			{
				sector: 'media',
				organisation: 'สถานีวิทยุชุมชนขอนแก่น',
				partnerId: id('สถานีวิทยุชุมชนขอนแก่น')
			}
		]);
		expect(
			(await listPartnerDirectory(database.db, { actor: planner40, provinceCode: 'TH40' })).some(
				(p) => p.name === 'วัดหนองแวง'
			)
		).toBe(false);
	});

	it('refuses an attendee under a sector the directory contradicts, naming the field', async () => {
		const error = await expectRefusal(meeting(planner40, { attendees_people: 'มหาวิทยาลัยขอนแก่น' }));
		expect(error.problems).toMatchObject([
			{ rule: 'partner.sector.differs', field: 'attendees_people' }
		]);
	});
});

describe('the migration', () => {
	it("moves the free-text partners of existing revisions into their province's directory", async () => {
		const db = database.db;
		const migrator = createMigrator(db);
		const before = '2026-12-05T0100_create_ogc_candidates';
		const result = await migrator.migrateTo(before);
		expect(result.error).toBeUndefined();
		// A revision as the app wrote them before the directory: free text, no id; the same name
		// twice with different sectors (the newest revision's wins) and a blank name (skipped).
		const zone = await db
			.selectFrom('zone')
			.select(['id', 'current_revision_id'])
			.where('province_code', '=', 'TH40')
			.orderBy('id')
			.executeTakeFirstOrThrow();
		await db.deleteFrom('partner_organisation').execute();
		for (const [number, partners] of [
			[
				90,
				[
					{ sector: 'government', name: 'อำเภอเมือง' },
					{ sector: 'people', name: ' ' }
				]
			],
			[
				91,
				[
					{ sector: 'civil_society', name: 'อำเภอเมือง' },
					{ sector: 'media', name: 'ขอนแก่นทีวี' }
				]
			]
		] as const) {
			await sql`INSERT INTO zone_revision (zone_id, revision_number, name, description, objectives,
				objective_tags, partners, geometry_source, geom, area_km2, vertex_count, covered_laos,
				population_covered, score, scoring_model_id, metrics, based_on_revision_id, created_by)
				SELECT zone_id, ${number}, name, description, objectives, objective_tags,
					${JSON.stringify(partners)}::jsonb, geometry_source, geom, area_km2, vertex_count,
					covered_laos, population_covered, score, scoring_model_id, metrics, id, created_by
				FROM zone_revision WHERE id = ${zone.current_revision_id}`.execute(db);
		}
		const up = await migrator.migrateToLatest();
		expect(up.error).toBeUndefined();
		const directory = await db
			.selectFrom('partner_organisation')
			.select(['province_code', 'name', 'sector'])
			.where('province_code', '=', 'TH40')
			.orderBy('name')
			.execute();
		expect(directory).toContainEqual({
			province_code: 'TH40',
			name: 'อำเภอเมือง',
			sector: 'civil_society'
		});
		expect(directory).toContainEqual({ province_code: 'TH40', name: 'ขอนแก่นทีวี', sector: 'media' });
		// Names of the revisions saved through the directory above are in it once each.
		expect(directory.filter((p) => p.name === 'กลุ่มวิสาหกิจชุมชนบ้านโนน')).toHaveLength(1);
		expect(directory.some((p) => p.name.trim() === '')).toBe(false);
		// The old revisions read unchanged.
		const old = await db
			.selectFrom('zone_revision')
			.select('partners')
			.where('zone_id', '=', zone.id)
			.where('revision_number', '=', 91)
			.executeTakeFirstOrThrow();
		expect(old.partners).toEqual([
			{ sector: 'civil_society', name: 'อำเภอเมือง' },
			{ sector: 'media', name: 'ขอนแก่นทีวี' }
		]);
	});
});
