import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import type { Database } from '../db/database';
import { DomainError } from '../domain-errors';
import {
	detectEmblemType,
	getOfficeEmblem,
	listManageableOffices,
	maxEmblemBytes,
	readOfficeEmblem,
	uploadOfficeEmblem
} from './office-emblem.service';
import { expectRefusal } from '../../../../tests/fixtures/refusals';

let database: Database;
let dla: Actor;
let planner40: Actor;
let governor40: Actor;
let governor30: Actor;
let lao: Actor;
let acting: Actor;

/** The first bytes of a PNG (signature and IHDR header), padded to `size`. */
function png(size = 64, fill = 0): Uint8Array {
	const bytes = new Uint8Array(size).fill(fill);
	bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
	return bytes;
}
function jpeg(size = 64): Uint8Array {
	const bytes = new Uint8Array(size);
	bytes.set([0xff, 0xd8, 0xff, 0xe0]);
	return bytes;
}

async function auditOf(officeKey: string) {
	return database.db
		.selectFrom('audit_log')
		.selectAll()
		.where('action', '=', 'office_emblem.uploaded')
		.where('entity_id', '=', officeKey)
		.orderBy('id')
		.execute();
}

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const db = database.db;
	dla = await createTestUser(db, { role: 'dla_staff' });
	planner40 = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	governor40 = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
	governor30 = await createTestUser(db, { role: 'governor', provinceCode: 'TH30' });
	lao = await createTestUser(db, { role: 'lao_officer', provinceCode: 'TH40', dlaCode: '6400906' });
	const deputy = await createTestUser(db, { role: 'planner', provinceCode: 'TH41' });
	acting = {
		...deputy,
		actingFor: [
			{
				designationId: 1,
				provinceCode: 'TH40',
				governorUserId: governor40.userId,
				governorName: governor40.displayName,
				endsOn: '2099-12-31'
			}
		]
	};
});
afterAll(() => database?.close());

describe('detectEmblemType', () => {
	it('knows PNG and JPEG by their first bytes, whatever the name', () => {
		expect(detectEmblemType(png())).toBe('image/png');
		expect(detectEmblemType(jpeg())).toBe('image/jpeg');
		expect(detectEmblemType(new TextEncoder().encode('<svg onload="alert(1)"></svg>'))).toBeNull();
		expect(detectEmblemType(new TextEncoder().encode('GIF89a......'))).toBeNull();
		// The PNG signature alone, without its IHDR chunk, is not an image.
		expect(detectEmblemType(png().slice(0, 8))).toBeNull();
		expect(detectEmblemType(new Uint8Array([0xff, 0xd8, 0xff]))).toBeNull();
		expect(detectEmblemType(new Uint8Array())).toBeNull();
	});
});

describe('uploadOfficeEmblem', () => {
	it('stores the governor’s emblem, replaces it on the next upload and audits both', async () => {
		const first = await uploadOfficeEmblem(database.db, {
			actor: governor40,
			officeKey: 'governor:TH40',
			fileName: 'ตรา.png',
			bytes: png(100)
		});
		expect(first).toMatchObject({
			officeKey: 'governor:TH40',
			mediaType: 'image/png',
			byteSize: 100
		});
		// Named .png, but a JPEG: the bytes decide.
		const second = await uploadOfficeEmblem(database.db, {
			actor: acting,
			officeKey: 'governor:TH40',
			fileName: 'emblem.png',
			bytes: jpeg(200)
		});
		expect(second.mediaType).toBe('image/jpeg');
		const stored = await getOfficeEmblem(database.db, 'governor:TH40');
		expect(stored).toMatchObject({ mediaType: 'image/jpeg', byteSize: 200 });
		expect([...stored!.bytes]).toEqual([...jpeg(200)]);
		const rows = await database.db
			.selectFrom('office_emblem')
			.select('office_key')
			.where('office_key', '=', 'governor:TH40')
			.execute();
		expect(rows).toHaveLength(1);

		const audit = await auditOf('governor:TH40');
		expect(audit).toHaveLength(2);
		expect(audit[0]).toMatchObject({
			entity_type: 'office_emblem',
			province_code: 'TH40',
			actor_user_id: governor40.userId,
			before: null
		});
		expect(audit[0]!.after).toMatchObject({
			mediaType: 'image/png',
			byteSize: 100,
			fileName: 'ตรา.png'
		});
		expect(audit[0]!.after!.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(audit[1]!.before).toMatchObject({ mediaType: 'image/png', byteSize: 100 });
		expect(audit[1]!.after).toMatchObject({ mediaType: 'image/jpeg', byteSize: 200 });
	});

	it('lets DLA staff upload any office’s emblem, DLA’s own included', async () => {
		await uploadOfficeEmblem(database.db, {
			actor: dla,
			officeKey: 'dla',
			fileName: 'dla.png',
			bytes: png()
		});
		await uploadOfficeEmblem(database.db, {
			actor: dla,
			officeKey: 'governor:TH30',
			fileName: 'korat.jpg',
			bytes: jpeg()
		});
		expect((await getOfficeEmblem(database.db, 'dla'))?.mediaType).toBe('image/png');
		expect((await auditOf('dla'))[0]?.province_code).toBeNull();
		expect((await auditOf('governor:TH30'))[0]?.province_code).toBe('TH30');
	});

	it('refuses other offices, other roles and the public', async () => {
		const attempt = (actor: Actor | null, officeKey: string) =>
			expectRefusal(
				uploadOfficeEmblem(database.db, { actor, officeKey, fileName: 'x.png', bytes: png() })
			).then((e) => e.kind);
		expect({
			governorOther: await attempt(governor40, 'governor:TH30'),
			governorDla: await attempt(governor40, 'dla'),
			governor30Of40: await attempt(governor30, 'governor:TH40'),
			actingOther: await attempt(acting, 'governor:TH41'),
			planner: await attempt(planner40, 'governor:TH40'),
			lao: await attempt(lao, 'governor:TH40'),
			public: await attempt(null, 'governor:TH40')
		}).toEqual({
			governorOther: 'forbidden',
			governorDla: 'forbidden',
			governor30Of40: 'forbidden',
			actingOther: 'forbidden',
			planner: 'forbidden',
			lao: 'forbidden',
			public: 'forbidden'
		});
		expect(await auditOf('governor:TH41')).toHaveLength(0);
	});

	it('refuses what is not a PNG or JPEG, too large, empty, or for no office', async () => {
		const problem = async (officeKey: string, bytes: Uint8Array) => {
			const error = await expectRefusal(
				uploadOfficeEmblem(database.db, { actor: dla, officeKey, fileName: 'e.png', bytes })
			);
			expect(error.kind).toBe('invalid');
			return `${error.problems[0]!.field} ${error.problems[0]!.rule}`;
		};
		expect(await problem('governor:TH41', new TextEncoder().encode('<html>'))).toBe(
			'file emblem.not_image'
		);
		expect(await problem('governor:TH41', png(maxEmblemBytes + 1))).toBe('file emblem.too_large');
		expect(await problem('governor:TH41', new Uint8Array())).toBe('file emblem.file_required');
		expect(await problem('governor:TH99', png())).toBe('officeKey emblem.office_invalid');
		expect(await problem('governor:th41', png())).toBe('officeKey emblem.office_invalid');
		expect(await problem('mayor:TH41', png())).toBe('officeKey emblem.office_invalid');
		// Exactly the limit is accepted.
		await uploadOfficeEmblem(database.db, {
			actor: dla,
			officeKey: 'governor:TH41',
			fileName: 'e.png',
			bytes: png(maxEmblemBytes)
		});
		expect((await getOfficeEmblem(database.db, 'governor:TH41'))?.byteSize).toBe(maxEmblemBytes);
	});
});

describe('readOfficeEmblem', () => {
	it('shows the emblem to its managers and to whoever writes the province’s memos', async () => {
		const outcome = async (actor: Actor | null, officeKey: string) => {
			try {
				return (await readOfficeEmblem(database.db, { actor, officeKey })).mediaType;
			} catch (error) {
				if (error instanceof DomainError) return error.kind;
				throw error;
			}
		};
		expect({
			governor: await outcome(governor40, 'governor:TH40'),
			acting: await outcome(acting, 'governor:TH40'),
			planner: await outcome(planner40, 'governor:TH40'),
			dla: await outcome(dla, 'governor:TH40'),
			otherGovernor: await outcome(governor30, 'governor:TH40'),
			lao: await outcome(lao, 'governor:TH40'),
			public: await outcome(null, 'governor:TH40'),
			dlaOwn: await outcome(dla, 'dla'),
			governorOfDla: await outcome(governor40, 'dla'),
			noSuchOffice: await outcome(dla, '../etc'),
			notUploaded: await outcome(dla, 'governor:TH50')
		}).toEqual({
			governor: 'image/jpeg',
			acting: 'image/jpeg',
			planner: 'image/jpeg',
			dla: 'image/jpeg',
			otherGovernor: 'forbidden',
			lao: 'forbidden',
			public: 'forbidden',
			dlaOwn: 'image/png',
			governorOfDla: 'forbidden',
			noSuchOffice: 'not_found',
			notUploaded: 'not_found'
		});
	});
});

describe('listManageableOffices', () => {
	it('lists DLA’s and every governor’s office for DLA staff, one’s own for a governor', async () => {
		const forDla = await listManageableOffices(database.db, dla);
		expect(forDla[0]).toMatchObject({ officeKey: 'dla', emblem: { mediaType: 'image/png' } });
		expect(forDla).toHaveLength(78);
		expect(forDla.find((o) => o.officeKey === 'governor:TH40')).toMatchObject({
			nameTh: 'ผู้ว่าราชการจังหวัดขอนแก่น',
			nameEn: 'Governor of Khon Kaen',
			emblem: { mediaType: 'image/jpeg' }
		});
		expect((await listManageableOffices(database.db, governor40)).map((o) => o.officeKey)).toEqual([
			'governor:TH40'
		]);
		expect((await listManageableOffices(database.db, acting)).map((o) => o.officeKey)).toEqual([
			'governor:TH40'
		]);
		expect((await expectRefusal(listManageableOffices(database.db, planner40))).kind).toBe(
			'forbidden'
		);
		expect((await expectRefusal(listManageableOffices(database.db, null))).kind).toBe('forbidden');
	});
});
