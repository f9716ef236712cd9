import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	defaultRules,
	tambonSquares,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import type { RecordKind } from '../../coordination/terms';
import type { Database } from '../db/database';
import { DomainError } from '../domain-errors';
import { loadOfficialModel } from '../scoring/scores-page.service';
import { createZone } from '../zones/zone.service';
import { maxAttachmentBytes } from '../files/attachment-file';
import { recordInput, registerParams } from './coordination.schemas';
import { addPartnerOrganisation, changeRecipientState, createRecord } from './coordination.service';
import {
	getAttachment,
	getInbox,
	getOverdueDashboard,
	getTimeline,
	openRecord,
	searchRegister
} from './coordination-register.service';
import { registerCsv } from './register-csv';

let database: Database;
let dla: Actor, planner40: Actor, governor40: Actor, planner30: Actor, governor30: Actor;
let lao906: Actor, lao907: Actor, lao30: Actor;
let lao30Code: string;
let partnerId: number;
const ids = {} as Record<RecordKind, number>;
// 1 December 2026, 00:30 in Bangkok (still 30 November in UTC).
const now = new Date('2026-11-30T17:30:00Z');

const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function input(values: Record<string, unknown>) {
	return recordInput.parse(values);
}

async function expectRefusal(promise: Promise<unknown>, kind: DomainError['kind']) {
	const caught = await promise.then(
		() => undefined,
		(error: unknown) => error
	);
	expect(caught).toBeInstanceOf(DomainError);
	expect((caught as DomainError).kind).toBe(kind);
	return caught as DomainError;
}

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const db = database.db;
	dla = await createTestUser(db, { role: 'dla_staff' });
	planner40 = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	governor40 = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
	planner30 = await createTestUser(db, { role: 'planner', provinceCode: 'TH30' });
	governor30 = await createTestUser(db, { role: 'governor', provinceCode: 'TH30' });
	lao906 = await createTestUser(db, {
		role: 'lao_officer',
		dlaCode: '6400906',
		provinceCode: 'TH40'
	});
	lao907 = await createTestUser(db, {
		role: 'lao_officer',
		dlaCode: '6400907',
		provinceCode: 'TH40'
	});
	const other = await db
		.selectFrom('lao')
		.select('dla_code')
		.where('province_code', '=', 'TH30')
		.orderBy('dla_code')
		.executeTakeFirstOrThrow();
	lao30Code = other.dla_code;
	lao30 = await createTestUser(db, {
		role: 'lao_officer',
		dlaCode: lao30Code,
		provinceCode: 'TH30'
	});
	partnerId = await addPartnerOrganisation(db, {
		actor: dla,
		name: 'มหาวิทยาลัยขอนแก่น',
		sector: 'academia'
	});

	// One record of every kind, each addressed so that a different set of roles sees it.
	ids.directive = (
		await createRecord(db, {
			actor: dla,
			input: input({
				kind: 'directive',
				subject: 'ให้ท้องถิ่นจังหวัดสนับสนุนผู้ว่าราชการจังหวัดเรื่องเขตพัฒนาเศรษฐกิจพอเพียง',
				documentNumber: 'มท ๐๘๐๑.๒/ว ๕๒',
				documentDate: '๓/๑/๒๕๖๕',
				dueDate: '30/11/2569',
				recipients: ['provincial_office:TH40']
			})
		})
	).recordId;
	ids.letter = (
		await createRecord(db, {
			actor: planner40,
			input: input({ kind: 'letter', subject: 'ขอข้อมูลพื้นที่', recipients: ['lao:6400906'] })
		})
	).recordId;
	ids.memo = (
		await createRecord(db, {
			actor: governor30,
			input: input({
				kind: 'memo',
				subject: 'บันทึกข้อความภายในจังหวัด',
				recipients: ['provincial_office:TH30']
			})
		})
	).recordId;
	ids.meeting = (
		await createRecord(db, {
			actor: dla,
			input: input({
				kind: 'meeting',
				subject: 'ประชุมภาคีเครือข่าย',
				meetingPlace: 'ศาลากลางจังหวัดขอนแก่น',
				attendees_academia: 'มหาวิทยาลัยขอนแก่น',
				attendees_people: 'กลุ่มวิสาหกิจชุมชน\nสภาองค์กรชุมชน',
				decisions: 'เห็นชอบแผน',
				recipients: [`partner:${partnerId}`],
				linkLaos: '6400907'
			})
		})
	).recordId;
	ids.report = (
		await createRecord(db, {
			actor: lao906,
			input: input({
				kind: 'report',
				subject: 'รายงานผลเดือนตุลาคม',
				recipients: ['provincial_office:TH40']
			})
		})
	).recordId;
	ids.acknowledgement = (
		await createRecord(db, {
			actor: planner40,
			input: input({
				kind: 'acknowledgement',
				subject: 'รับทราบข้อสั่งการ',
				recipients: ['dla'],
				replyTo: String(ids.directive)
			})
		})
	).recordId;
	ids.standard = (
		await createRecord(db, {
			actor: dla,
			input: input({
				kind: 'standard',
				subject: 'หลักเกณฑ์การกำหนดเขตพัฒนาเศรษฐกิจพอเพียง',
				recipients: ['lao:6400907'],
				isPublic: 'on'
			}),
			files: [{ fileName: 'หลักเกณฑ์.pdf', bytes: pdf }]
		})
	).recordId;
});
afterAll(() => database?.close());

describe('visibility', () => {
	// Who sees which record, by role: the issue's rule (DLA all; a province its own; an LAO
	// what is addressed to it or about it; the public only what is marked public).
	const expected: Record<string, RecordKind[]> = {
		dla: ['directive', 'letter', 'memo', 'meeting', 'report', 'acknowledgement', 'standard'],
		planner40: ['directive', 'letter', 'meeting', 'report', 'acknowledgement', 'standard'],
		governor40: ['directive', 'letter', 'meeting', 'report', 'acknowledgement', 'standard'],
		planner30: ['memo', 'standard'],
		governor30: ['memo', 'standard'],
		lao906: ['letter', 'report', 'standard'],
		lao907: ['meeting', 'standard'],
		lao30: ['standard'],
		public: ['standard']
	};
	const actorOf = (name: string): Actor | null =>
		(
			({
				dla,
				planner40,
				governor40,
				planner30,
				governor30,
				lao906,
				lao907,
				lao30,
				public: null
			}) as Record<string, Actor | null>
		)[name]!;

	for (const [name, kinds] of Object.entries(expected)) {
		it(`${name}: the register lists exactly what the record page opens`, async () => {
			const actor = actorOf(name);
			const { records } = await searchRegister(database.db, {
				actor,
				filters: {},
				limit: 500,
				now
			});
			const listed = records.map((r) => r.kind).sort();
			expect(listed).toEqual([...kinds].sort());
			for (const kind of Object.keys(ids) as RecordKind[]) {
				const opened = await openRecord(database.db, { actor, recordId: ids[kind], now }).then(
					() => true,
					(error: unknown) => {
						expect(error).toBeInstanceOf(DomainError);
						expect((error as DomainError).kind).toBe('not_found');
						return false;
					}
				);
				expect(opened, `${name} opens the ${kind}`).toBe(kinds.includes(kind));
			}
		});
	}

	it('shows the public organisations and positions, never a person’s name', async () => {
		const page = await openRecord(database.db, { actor: null, recordId: ids.standard, now });
		expect(page.record.sender.th).toBe('กรมส่งเสริมการปกครองท้องถิ่น');
		expect(page.record.createdBy?.name).toBeNull();
		const signedIn = await openRecord(database.db, { actor: lao907, recordId: ids.standard, now });
		expect(signedIn.record.createdBy?.name).toBe(dla.displayName);
	});
});

describe('sending', () => {
	it('refuses kinds and recipients an organisation may not use, naming the field', async () => {
		await expectRefusal(
			createRecord(database.db, {
				actor: lao906,
				input: input({ kind: 'directive', subject: 'x', recipients: ['dla'] })
			}),
			'forbidden'
		);
		await expectRefusal(
			createRecord(database.db, {
				actor: planner40,
				input: input({ kind: 'standard', subject: 'x', recipients: ['dla'] })
			}),
			'forbidden'
		);
		const error = await expectRefusal(
			createRecord(database.db, {
				actor: planner30,
				input: input({ kind: 'letter', subject: 'x', recipients: ['lao:6400906', 'governor:TH99'] })
			}),
			'invalid'
		);
		expect(error.problems.map((p) => [p.field, p.rule])).toEqual([
			['recipients', 'coordination.not_addressable'],
			['recipients', 'coordination.unknown_party']
		]);
		await expectRefusal(
			createRecord(database.db, {
				actor: null,
				input: input({ kind: 'letter', subject: 'x', recipients: ['dla'] })
			}),
			'forbidden'
		);
	});

	it('parses form input with zod and names the bad field', () => {
		const result = recordInput.safeParse({
			kind: 'letter',
			subject: ' ',
			dueDate: '31/2/2569',
			recipients: ['x']
		});
		expect(result.success).toBe(false);
		const fields = result.error!.issues.map((i) => i.path.join('.')).sort();
		expect(fields).toEqual(['dueDate', 'recipients.0', 'subject']);
	});

	it('stores document numbers as typed and dates as ISO', async () => {
		const page = await openRecord(database.db, { actor: dla, recordId: ids.directive, now });
		expect(page.record.documentNumber).toBe('มท ๐๘๐๑.๒/ว ๕๒');
		expect(page.record.documentDate).toBe('2022-01-03');
		expect(page.record.dueDate).toBe('2026-11-30');
		const meeting = await openRecord(database.db, { actor: dla, recordId: ids.meeting, now });
		// Each organisation as DLA's national partner list names it (issue 17).
		expect(meeting.record.attendees).toEqual([
			{ sector: 'people', organisation: 'กลุ่มวิสาหกิจชุมชน', partnerId: expect.any(Number) },
			{ sector: 'people', organisation: 'สภาองค์กรชุมชน', partnerId: expect.any(Number) },
			{ sector: 'academia', organisation: 'มหาวิทยาลัยขอนแก่น', partnerId }
		]);
		expect(meeting.links.laos.map((l) => l.dlaCode)).toEqual(['6400907']);
	});
});

describe('answering, the inbox and overdue', () => {
	it('an acknowledgement in reply moves the province to acknowledged, and it stays overdue until done', async () => {
		const inbox = await getInbox(database.db, { actor: governor40, now });
		expect(inbox.askedOfMe.map((r) => r.id)).not.toContain(ids.directive);
		const office = await getInbox(database.db, { actor: planner40, now });
		const directive = office.askedOfMe.find((r) => r.id === ids.directive)!;
		expect(directive.myState).toBe('acknowledged');
		// Due 30 November, now 1 December 00:30 in Bangkok: one day overdue.
		expect(directive.daysOverdue).toBe(1);
		expect(office.overdue.map((r) => r.id)).toContain(ids.directive);

		const dashboard = await getOverdueDashboard(database.db, { actor: dla, now });
		expect(dashboard.today).toBe('2026-12-01');
		expect(dashboard.byProvince.find((p) => p.provinceCode === 'TH40')?.count).toBe(1);
		const theirs = await getOverdueDashboard(database.db, { actor: governor30, now });
		expect(theirs.items).toEqual([]);
		await expectRefusal(getOverdueDashboard(database.db, { actor: lao906, now }), 'forbidden');
		// At 23:59 on 30 November in Bangkok it was not overdue yet.
		const before = await getOverdueDashboard(database.db, {
			actor: dla,
			now: new Date('2026-11-30T16:59:00Z')
		});
		expect(before.items.map((i) => i.recordId)).not.toContain(ids.directive);

		await changeRecipientState(database.db, {
			actor: planner40,
			recordId: ids.directive,
			state: 'done'
		});
		const after = await getOverdueDashboard(database.db, { actor: dla, now });
		expect(after.items.map((i) => i.recordId)).not.toContain(ids.directive);
		const done = await getInbox(database.db, { actor: planner40, now: new Date() });
		expect(done.recentlyDone.map((r) => r.id)).toContain(ids.directive);
		await expectRefusal(
			changeRecipientState(database.db, {
				actor: planner40,
				recordId: ids.directive,
				state: 'acknowledged'
			}),
			'conflict'
		);
		// Someone who sees the record but is not a recipient may not answer for it.
		await expectRefusal(
			changeRecipientState(database.db, {
				actor: governor40,
				recordId: ids.directive,
				state: 'done'
			}),
			'forbidden'
		);
	});

	it('counts unread per organisation until someone of it opens the record', async () => {
		const { recordId } = await createRecord(database.db, {
			actor: planner40,
			input: input({ kind: 'letter', subject: 'ขอเชิญประชุม', recipients: ['lao:6400906'] })
		});
		const before = await getInbox(database.db, { actor: lao906, now });
		expect(before.askedOfMe.find((r) => r.id === recordId)?.read).toBe(false);
		// The sender opening it changes nothing for the recipient.
		await openRecord(database.db, { actor: planner40, recordId, now });
		await openRecord(database.db, { actor: lao906, recordId, now });
		const after = await getInbox(database.db, { actor: lao906, now });
		expect(after.unread).toBe(before.unread - 1);
		expect(after.askedOfMe.find((r) => r.id === recordId)?.read).toBe(true);
	});
});

describe('register, export and timeline', () => {
	it('filters by kind, party, province, words, period and state', async () => {
		const search = async (query: Record<string, string>) => {
			const filters = registerParams.parse(query);
			const { records } = await searchRegister(database.db, {
				actor: dla,
				filters: {
					q: filters.q,
					kind: filters.kind,
					party: filters.party,
					provinceCode: filters.province,
					from: filters.from ?? undefined,
					to: filters.to ?? undefined,
					state: filters.state
				},
				limit: 500,
				now
			});
			return records.map((r) => r.id).sort((a, b) => a - b);
		};
		expect(await search({ kind: 'memo' })).toEqual([ids.memo]);
		const forLao = await search({ party: 'lao:6400906' });
		expect(forLao).toEqual(expect.arrayContaining([ids.letter, ids.report]));
		expect(forLao).not.toContain(ids.directive);
		expect(forLao).not.toContain(ids.meeting);
		expect(await search({ province: 'TH30' })).toEqual([ids.memo]);
		expect(await search({ q: '๐๘๐๑.๒' })).toEqual([ids.directive]);
		expect(await search({ from: '1/1/2565', to: '31/1/2565' })).toEqual([ids.directive]);
		expect(await search({ state: 'acknowledged' })).toEqual([]);
		expect(await search({ state: 'done', kind: 'directive' })).toEqual([ids.directive]);
	});

	it('exports CSV in UTF-8 with a byte-order mark, organisations only', async () => {
		const { records } = await searchRegister(database.db, {
			actor: dla,
			filters: {},
			limit: 500,
			now
		});
		const csv = registerCsv(records, { locale: 'th' });
		// In Thai: Thai headers, kinds, states and yes/no, dates in the Buddhist Era.
		expect(csv.startsWith('\uFEFFเลขที่รายการ,ประเภท,ที่ (เลขที่หนังสือ),ลงวันที่')).toBe(true);
		expect(csv).toContain('มท ๐๘๐๑.๒/ว ๕๒');
		expect(csv).toContain('ข้อสั่งการ');
		expect(csv).toMatch(/\((รอดำเนินการ|รับทราบแล้ว|ดำเนินการแล้ว)\)/);
		expect(csv).toMatch(/,\d{1,2}\/\d{1,2}\/25\d\d,/);
		expect(csv).not.toMatch(/\b(directive|open|acknowledged|yes|no)\b/);
		expect(csv).not.toMatch(/\d{4}-\d{2}-\d{2}/);
		expect(csv).not.toContain(dla.displayName);
		expect(csv.split('\r\n').length).toBe(records.length + 2);
		// In English: English words, ISO dates.
		const english = registerCsv(records, { locale: 'en' });
		expect(english.startsWith('\uFEFFRecord no.,Kind,')).toBe(true);
		expect(english).toMatch(/\((Open|Acknowledged|Done)\)/);
		expect(english).toMatch(/,20\d\d-\d{2}-\d{2},/);
	});

	it('links to a zone: its province sees the record, the zone’s timeline lists it', async () => {
		// A draft of TH30, made by the zone service (a zone is linked as its readers see it).
		await loadOfficialModel(database.db);
		const { zone } = await createZone(database.db, {
			actor: planner30,
			rules: defaultRules,
			input: {
				provinceCode: 'TH30',
				attributes: zoneAttributes('เขตร่างนครราชสีมา'),
				geometry: (await tambonSquares(database.db, 'TH30', 1))[0]!,
				geometrySource: 'drawn'
			}
		});
		// Addressed to a partner only: the province sees it through the zone link alone.
		const { recordId } = await createRecord(database.db, {
			actor: dla,
			input: input({
				kind: 'letter',
				subject: 'ความเห็นต่อเขตที่เสนอ',
				recipients: [`partner:${partnerId}`],
				linkZones: String(zone.id)
			})
		});
		const forProvince = await getTimeline(database.db, { actor: governor30, zoneId: zone.id, now });
		expect(forProvince.map((e) => e.id)).toEqual([recordId]);
		// Another province's planner may not see the draft, so not its timeline either.
		await expectRefusal(
			getTimeline(database.db, { actor: planner40, zoneId: zone.id, now }),
			'not_found'
		);
		await expectRefusal(
			createRecord(database.db, {
				actor: dla,
				input: input({ kind: 'letter', subject: 'x', recipients: ['dla'], linkZones: '999999' })
			}),
			'invalid'
		);
	}, 600_000); // the first zone computes the official scores: a minute or two on PGlite

	it('gives an LAO’s timeline only what the asker may see', async () => {
		const forDla = await getTimeline(database.db, { actor: dla, dlaCode: '6400907', now });
		expect(forDla.map((e) => e.kind).sort()).toEqual(['meeting', 'standard']);
		const forPublic = await getTimeline(database.db, { actor: null, dlaCode: '6400907', now });
		expect(forPublic.map((e) => e.kind)).toEqual(['standard']);
	});
});

describe('attachments', () => {
	const files = (fileName: string, bytes: Uint8Array) => ({
		actor: dla,
		input: input({ kind: 'letter', subject: 'แนบไฟล์', recipients: ['provincial_office:TH40'] }),
		files: [{ fileName, bytes }]
	});
	const countRecords = async () =>
		Number(
			(
				await database.db
					.selectFrom('coordination_record')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);

	it('refuses forbidden types, a signature that contradicts the name, and files over the limit, writing nothing', async () => {
		const before = await countRecords();
		const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]);
		const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
		const cases: [string, Uint8Array, string][] = [
			['setup.exe', exe, 'attachment.type_not_allowed'],
			['page.html', html, 'attachment.type_not_allowed'],
			['drawing.svg', html, 'attachment.type_not_allowed'],
			['report.pdf', html, 'attachment.signature_mismatch'],
			['photo.jpg', exe, 'attachment.signature_mismatch'],
			['empty.pdf', new Uint8Array(), 'attachment.empty']
		];
		const big = new Uint8Array(maxAttachmentBytes + 1);
		big.set(pdf);
		cases.push(['big.pdf', big, 'attachment.too_large']);
		for (const [name, bytes, rule] of cases) {
			const error = await expectRefusal(createRecord(database.db, files(name, bytes)), 'invalid');
			expect(
				error.problems.map((p) => [p.field, p.rule]),
				name
			).toEqual([['attachments', rule]]);
		}
		expect(await countRecords()).toBe(before);
	});

	it('keeps accepted files in the database and serves them only to those who see the record', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
		const { recordId } = await createRecord(database.db, files('แผนที่.PNG', png));
		const page = await openRecord(database.db, { actor: planner40, recordId, now });
		expect(page.attachments).toEqual([
			{ id: expect.any(Number), fileName: 'แผนที่.PNG', mediaType: 'image/png', byteSize: png.length }
		]);
		const attachmentId = page.attachments[0]!.id;
		const served = await getAttachment(database.db, { actor: governor40, attachmentId });
		expect([...served.content]).toEqual([...png]);
		await expectRefusal(getAttachment(database.db, { actor: lao906, attachmentId }), 'not_found');
		await expectRefusal(getAttachment(database.db, { actor: null, attachmentId }), 'not_found');
		// The standard is public, and so is its PDF.
		const standard = await openRecord(database.db, { actor: null, recordId: ids.standard, now });
		const publicFile = await getAttachment(database.db, {
			actor: null,
			attachmentId: standard.attachments[0]!.id
		});
		expect(publicFile.mediaType).toBe('application/pdf');
		expect(publicFile.fileName).toBe('หลักเกณฑ์.pdf');
	});
});
