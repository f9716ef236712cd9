import { sql } from 'kysely';
import { render } from 'svelte/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	defaultRules,
	tambonSquares,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import DecisionMemo from '../../memo/DecisionMemo.svelte';
import type { Database } from '../db/database';
import { DomainError } from '../domain-errors';
import { loadOfficialModel } from '../scoring/scores-page.service';
import { createZone, type SavedZone } from '../zones/zone.service';
import {
	decisionMemoFieldsSchema,
	defaultClosingText,
	getDecisionMemo,
	saveDecisionMemo,
	type DecisionMemoFields
} from './decision-memo.service';
import { uploadOfficeEmblem } from './office-emblem.service';
import { expectRefusal } from '../../../../tests/fixtures/refusals';

let database: Database;
let model: { id: number; name: string; version: number };
let dla: Actor;
let planner40: Actor;
let planner41: Actor;
let governor40: Actor;
let governor41: Actor;
let laoConsulted: Actor;
let laoOther: Actor;
/** A deputy governor of ขอนแก่น acting for its governor (a planner of another province by role). */
let acting: Actor;

/** An approved zone: submitted, consulted, approved, then returned on a second revision. */
let approved: SavedZone;
let submitId: number;
let approveId: number;
/** A draft zone of ขอนแก่น returned by the acting governor (never approved: not public). */
let draft: SavedZone;
let returnId: number;
let consultedCodes: string[];

/** Times of the story, so "before the decision" is certain whatever the clock. */
const submittedAt = '2026-11-20T03:00:00Z';
const answeredAt = '2026-11-20T09:00:00Z';
// 00:30 on 21 November in Bangkok: the memo's date is the day in Thailand.
const decidedAt = '2026-11-20T17:30:00Z';
const laterAt = '2026-11-21T05:00:00Z';

async function insertTransition(row: {
	zoneId: number;
	revisionId: number;
	event: 'submit' | 'approve' | 'return' | 'reject';
	from: string;
	to: string;
	actor: Actor;
	actingForUserId?: number;
	reasonCodes?: string[];
	reasonText?: string;
	at: string;
}): Promise<number> {
	const inserted = await database.db
		.insertInto('zone_transition')
		.values({
			zone_id: row.zoneId,
			revision_id: row.revisionId,
			event: row.event,
			from_status: row.from as 'draft',
			to_status: row.to as 'submitted',
			actor_user_id: row.actor.userId,
			acting_for_user_id: row.actingForUserId ?? null,
			reason_codes: JSON.stringify(row.reasonCodes ?? []),
			reason_text: row.reasonText ?? '',
			created_at: new Date(row.at)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return inserted.id;
}

async function consult(zoneId: number, revisionId: number, dlaCode: string, at: string) {
	const row = await database.db
		.insertInto('lao_consultation')
		.values({
			zone_id: zoneId,
			dla_code: dlaCode,
			requested_revision_id: revisionId,
			requested_by: planner40.userId,
			requested_at: new Date(at)
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

async function answer(
	consultationId: number,
	revisionId: number,
	value: 'agree' | 'agree_with_conditions' | 'object',
	at: string
) {
	await database.db
		.insertInto('lao_response')
		.values({
			consultation_id: consultationId,
			revision_id: revisionId,
			answer: value,
			comment: '',
			responded_by: laoConsulted.userId,
			created_at: new Date(at)
		})
		.execute();
}

/** The refusal a call ends with (the test fails if it succeeds or throws something else). */

async function memoRows(transitionId: number) {
	return database.db
		.selectFrom('decision_memo')
		.selectAll()
		.where('transition_id', '=', transitionId)
		.orderBy('id')
		.execute();
}

const fields = (overrides: Partial<DecisionMemoFields> = {}): DecisionMemoFields => ({
	office: 'จังหวัดขอนแก่น สำนักงานจังหวัด โทร. 0 4323 6868',
	documentNumber: 'ขก 0023/123',
	memoDate: '2026-11-22',
	subject: 'การพิจารณาเขตพัฒนาเศรษฐกิจพอเพียง เขตบันทึก',
	addressee: 'ท้องถิ่นจังหวัดขอนแก่น',
	closingText: 'จึงเรียนมาเพื่อโปรดทราบ',
	signerName: 'นายทดสอบ ผู้ว่า',
	signerPosition: 'ผู้ว่าราชการจังหวัดขอนแก่น',
	...overrides
});

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const db = database.db;
	const official = await loadOfficialModel(db);
	model = { id: official.id, name: official.name, version: official.version };
	dla = await createTestUser(db, { role: 'dla_staff' });
	planner40 = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	planner41 = await createTestUser(db, { role: 'planner', provinceCode: 'TH41' });
	governor40 = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
	governor41 = await createTestUser(db, { role: 'governor', provinceCode: 'TH41' });
	const squares = await tambonSquares(db, 'TH40', 2);
	approved = await createZone(db, {
		actor: planner40,
		rules: defaultRules,
		input: {
			provinceCode: 'TH40',
			attributes: zoneAttributes('เขตบันทึก'),
			geometry: squares[0],
			geometrySource: 'drawn'
		}
	});
	draft = await createZone(db, {
		actor: planner40,
		rules: defaultRules,
		input: {
			provinceCode: 'TH40',
			attributes: zoneAttributes('เขตส่งกลับ'),
			geometry: squares[1],
			geometrySource: 'drawn'
		}
	});
	const laos = await db
		.selectFrom('lao')
		.select('dla_code')
		.where('province_code', '=', 'TH40')
		.where('lao_type', '=', 'subdistrict_admin_org')
		.orderBy('dla_code')
		.limit(5)
		.execute();
	consultedCodes = laos.slice(0, 3).map((l) => l.dla_code);
	laoConsulted = await createTestUser(db, {
		role: 'lao_officer',
		provinceCode: 'TH40',
		dlaCode: consultedCodes[0]
	});
	laoOther = await createTestUser(db, {
		role: 'lao_officer',
		provinceCode: 'TH40',
		dlaCode: laos[4]!.dla_code
	});
	const deputy = await createTestUser(db, { role: 'planner', provinceCode: 'TH41' });
	await db
		.updateTable('app_user')
		.set({ position: 'รองผู้ว่าราชการจังหวัดขอนแก่น' })
		.where('id', '=', deputy.userId)
		.execute();
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

	// The approved zone's story: consulted, submitted, answered, approved; more afterwards.
	const revisionId = approved.revision.id;
	const zoneId = approved.zone.id;
	const [a, b] = [
		await consult(zoneId, revisionId, consultedCodes[0]!, submittedAt),
		await consult(zoneId, revisionId, consultedCodes[1]!, submittedAt)
	];
	await consult(zoneId, revisionId, consultedCodes[2]!, submittedAt);
	submitId = await insertTransition({
		zoneId,
		revisionId,
		event: 'submit',
		from: 'draft',
		to: 'submitted',
		actor: planner40,
		at: submittedAt
	});
	await answer(a, revisionId, 'agree', answeredAt);
	// The latest answer before the decision counts.
	await answer(a, revisionId, 'object', '2026-11-20T10:00:00Z');
	await answer(b, revisionId, 'agree_with_conditions', answeredAt);
	approveId = await insertTransition({
		zoneId,
		revisionId,
		event: 'approve',
		from: 'submitted',
		to: 'approved',
		actor: governor40,
		at: decidedAt
	});
	await sql`UPDATE zone SET status = 'approved', approved_revision_id = ${revisionId} WHERE id = ${zoneId}`.execute(
		db
	);
	// After the decision: a changed answer and a new consultation, which its memo ignores.
	await answer(b, revisionId, 'agree', laterAt);
	await consult(zoneId, revisionId, laos[3]!.dla_code, laterAt);

	// The draft's story: submitted by DLA staff, returned by the acting governor.
	await insertTransition({
		zoneId: draft.zone.id,
		revisionId: draft.revision.id,
		event: 'submit',
		from: 'draft',
		to: 'submitted',
		actor: dla,
		at: submittedAt
	});
	returnId = await insertTransition({
		zoneId: draft.zone.id,
		revisionId: draft.revision.id,
		event: 'return',
		from: 'submitted',
		to: 'returned',
		actor: acting,
		actingForUserId: governor40.userId,
		reasonCodes: ['boundary_unclear', 'other'],
		reasonText: 'ขอให้ทบทวนแนวเขตด้านทิศเหนือ',
		at: decidedAt
	});
	await sql`UPDATE zone SET status = 'returned' WHERE id = ${draft.zone.id}`.execute(db);
});
afterAll(() => database?.close());

describe('getDecisionMemo', () => {
	it('gives the decision, the revision figures, the answers at the time and the defaults', async () => {
		const memo = await getDecisionMemo(database.db, {
			actor: governor40,
			zoneId: approved.zone.id,
			transitionId: approveId
		});
		expect(memo.provinceCode).toBe('TH40');
		expect(memo.provinceNameTh).toBe('ขอนแก่น');
		expect(memo.transition).toMatchObject({
			id: approveId,
			event: 'approve',
			revisionId: approved.revision.id,
			actorUserId: governor40.userId,
			actorName: governor40.displayName,
			actingForUserId: null,
			reasonCodes: [],
			reasonText: '',
			decidedAt: '2026-11-20T17:30:00.000Z',
			decidedOn: '2026-11-21'
		});
		expect(memo.submission).toEqual({
			submittedAt: '2026-11-20T03:00:00.000Z',
			by: 'provincial_office'
		});
		expect(memo.revision).toMatchObject({
			id: approved.revision.id,
			revisionNumber: 1,
			name: 'เขตบันทึก',
			areaKm2: approved.revision.areaKm2,
			coveredLaos: approved.revision.coveredLaos,
			populationCovered: approved.revision.populationCovered,
			score: approved.revision.score,
			model
		});
		expect(memo.revision.geometry.type).toBe('MultiPolygon');
		expect(memo.provinceOutline?.type).toBe('MultiPolygon');
		// a: agree then object (object counts); b: conditions (its later agree does not);
		// c: none; d: asked after the decision, not counted.
		expect(memo.consultation).toEqual({
			agree: 0,
			agree_with_conditions: 1,
			object: 1,
			not_answered: 1
		});
		const defaults: DecisionMemoFields = {
			office: 'จังหวัดขอนแก่น',
			documentNumber: '',
			memoDate: '2026-11-21',
			subject: 'การพิจารณาเขตพัฒนาเศรษฐกิจพอเพียง เขตบันทึก',
			addressee: 'ท้องถิ่นจังหวัดขอนแก่น',
			closingText: defaultClosingText,
			signerName: governor40.displayName,
			// Test users have no position: the governor's title.
			signerPosition: 'ผู้ว่าราชการจังหวัดขอนแก่น'
		};
		expect(memo.defaults).toEqual(defaults);
		expect(memo.fields).toEqual(defaults);
		expect(memo.saved).toBeNull();
		expect(memo.officeKey).toBe('governor:TH40');
		expect(memo.actingFor).toBeNull();
	});

	it('cites the published comments of the public posted before the decision (issue 17)', async () => {
		const comment = (createdAt: string, state: 'pending' | 'published' | 'hidden') => ({
			zone_id: approved.zone.id,
			revision_id: approved.revision.id,
			province_code: 'TH40',
			category: 'support' as const,
			body: `ความคิดเห็น ${state} ${createdAt}`,
			state,
			hide_reason: state === 'hidden' ? 'ทดสอบ' : null,
			address_hash: 'memo-spec',
			created_at: new Date(createdAt)
		});
		// The decision was at 2026-11-20T17:30Z: two published before it count; a pending and a
		// hidden one before it, and a published one after it, do not.
		await database.db
			.insertInto('zone_comment')
			.values([
				comment('2026-11-19T03:00:00Z', 'published'),
				comment('2026-11-20T17:00:00Z', 'published'),
				comment('2026-11-19T04:00:00Z', 'pending'),
				comment('2026-11-19T05:00:00Z', 'hidden'),
				comment('2026-11-21T03:00:00Z', 'published')
			])
			.execute();
		const memo = await getDecisionMemo(database.db, {
			actor: governor40,
			zoneId: approved.zone.id,
			transitionId: approveId
		});
		expect(memo.publishedComments).toBe(2);
		await database.db.deleteFrom('zone_comment').where('address_hash', '=', 'memo-spec').execute();
	});

	it('names the governor acted for, with the acting governor’s own position', async () => {
		const memo = await getDecisionMemo(database.db, {
			actor: acting,
			zoneId: draft.zone.id,
			transitionId: returnId
		});
		expect(memo.transition).toMatchObject({
			event: 'return',
			actingForUserId: governor40.userId,
			actingForName: governor40.displayName,
			reasonCodes: ['boundary_unclear', 'other'],
			reasonText: 'ขอให้ทบทวนแนวเขตด้านทิศเหนือ'
		});
		expect(memo.actingFor).toEqual({
			governorName: governor40.displayName,
			position: 'ผู้ว่าราชการจังหวัดขอนแก่น'
		});
		expect(memo.defaults.signerName).toBe(acting.displayName);
		expect(memo.defaults.signerPosition).toBe('รองผู้ว่าราชการจังหวัดขอนแก่น');
		expect(memo.submission?.by).toBe('dla');
		expect(memo.consultation).toEqual({
			agree: 0,
			agree_with_conditions: 0,
			object: 0,
			not_answered: 0
		});
	});

	it('answers the province’s governor, acting governor, planners and DLA staff; not_found or forbidden to others', async () => {
		const outcome = async (actor: Actor | null, zoneId: number, transitionId: number) => {
			try {
				await getDecisionMemo(database.db, { actor, zoneId, transitionId });
				return 'ok';
			} catch (error) {
				if (error instanceof DomainError) return error.kind;
				throw error;
			}
		};
		const cases: [string, Actor | null][] = [
			['dla', dla],
			['planner40', planner40],
			['governor40', governor40],
			['acting', acting],
			['planner41', planner41],
			['governor41', governor41],
			['laoConsulted', laoConsulted],
			['laoOther', laoOther],
			['public', null]
		];
		const onApproved: Record<string, string> = {};
		const onDraft: Record<string, string> = {};
		for (const [name, actor] of cases) {
			onApproved[name] = await outcome(actor, approved.zone.id, approveId);
			onDraft[name] = await outcome(actor, draft.zone.id, returnId);
		}
		expect(onApproved).toEqual({
			dla: 'ok',
			planner40: 'ok',
			governor40: 'ok',
			acting: 'ok',
			// The approved zone is public: everyone may know it, only its office writes memos.
			planner41: 'forbidden',
			governor41: 'forbidden',
			laoConsulted: 'forbidden',
			laoOther: 'forbidden',
			public: 'forbidden'
		});
		expect(onDraft).toEqual({
			dla: 'ok',
			planner40: 'ok',
			governor40: 'ok',
			acting: 'ok',
			// A returned zone never approved: its existence does not leak.
			planner41: 'not_found',
			governor41: 'not_found',
			laoConsulted: 'not_found',
			laoOther: 'not_found',
			public: 'not_found'
		});
		// Without the designation the deputy is a planner of another province.
		const notActing: Actor = { ...acting, actingFor: [] };
		expect(await outcome(notActing, draft.zone.id, returnId)).toBe('not_found');
	});

	it('has memos only for decisions of that zone', async () => {
		const notFound = async (zoneId: number, transitionId: number) =>
			(await expectRefusal(getDecisionMemo(database.db, { actor: dla, zoneId, transitionId })))
				.kind;
		expect(await notFound(approved.zone.id, submitId)).toBe('not_found');
		expect(await notFound(approved.zone.id, returnId)).toBe('not_found');
		expect(await notFound(approved.zone.id, 2_000_000_000)).toBe('not_found');
		expect(await notFound(2_000_000_000, approveId)).toBe('not_found');
	});
});

describe('saveDecisionMemo', () => {
	it('appends the fields with an audit entry; the latest prints', async () => {
		const first = await saveDecisionMemo(database.db, {
			actor: planner40,
			zoneId: approved.zone.id,
			transitionId: approveId,
			fields: { ...fields(), subject: '  การพิจารณาเขตพัฒนาเศรษฐกิจพอเพียง เขตบันทึก  ' }
		});
		expect(first.fields).toEqual(fields());
		const second = await saveDecisionMemo(database.db, {
			actor: governor40,
			zoneId: approved.zone.id,
			transitionId: approveId,
			fields: fields({ documentNumber: 'ขก ๐๐๒๓/๑๒๔', closingText: '' })
		});
		expect(second.memoId).toBeGreaterThan(first.memoId);

		const rows = await memoRows(approveId);
		expect(rows.map((r) => r.document_number)).toEqual(['ขก 0023/123', 'ขก ๐๐๒๓/๑๒๔']);
		expect(rows.map((r) => r.created_by)).toEqual([planner40.userId, governor40.userId]);

		const memo = await getDecisionMemo(database.db, {
			actor: dla,
			zoneId: approved.zone.id,
			transitionId: approveId
		});
		expect(memo.fields).toEqual(fields({ documentNumber: 'ขก ๐๐๒๓/๑๒๔', closingText: '' }));
		expect(memo.defaults.documentNumber).toBe('');
		expect(memo.saved).toMatchObject({
			memoId: second.memoId,
			savedByName: governor40.displayName
		});

		const audit = await database.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'memo.saved')
			.where('entity_id', '=', String(approved.zone.id))
			.orderBy('id')
			.execute();
		expect(audit).toHaveLength(2);
		expect(audit[0]).toMatchObject({
			entity_type: 'zone',
			province_code: 'TH40',
			actor_user_id: planner40.userId,
			acting_for_user_id: null,
			before: null
		});
		expect(audit[0]!.after).toEqual({
			memoId: first.memoId,
			transitionId: approveId,
			event: 'approve',
			...fields()
		});
		expect(audit[1]!.before).toEqual({ memoId: first.memoId, ...fields() });
		expect(audit[1]!.after).toMatchObject({ documentNumber: 'ขก ๐๐๒๓/๑๒๔' });
	});

	it('records whom an acting governor acted for', async () => {
		await saveDecisionMemo(database.db, {
			actor: acting,
			zoneId: draft.zone.id,
			transitionId: returnId,
			fields: fields({ signerName: acting.displayName, signerPosition: 'รองผู้ว่าราชการจังหวัดขอนแก่น' })
		});
		const entry = await database.db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'memo.saved')
			.where('entity_id', '=', String(draft.zone.id))
			.executeTakeFirstOrThrow();
		expect(entry.actor_user_id).toBe(acting.userId);
		expect(entry.acting_for_user_id).toBe(governor40.userId);
	});

	it('refuses wrong fields, naming each, and saves nothing', async () => {
		const before = (await memoRows(approveId)).length;
		const error = await expectRefusal(
			saveDecisionMemo(database.db, {
				actor: governor40,
				zoneId: approved.zone.id,
				transitionId: approveId,
				fields: {
					...fields(),
					office: '   ',
					documentNumber: 'x'.repeat(101),
					memoDate: '2026-02-30',
					subject: 'ก'.repeat(501),
					signerName: undefined
				}
			})
		);
		expect(error.kind).toBe('invalid');
		expect(Object.fromEntries(error.problems.map((p) => [p.field, p.rule]))).toEqual({
			office: 'memo.required',
			documentNumber: 'memo.too_long',
			memoDate: 'memo.date_invalid',
			subject: 'memo.too_long',
			signerName: 'memo.invalid'
		});
		expect(error.problems.find((p) => p.field === 'subject')?.details).toEqual({ max: 500 });
		// A day typed in the Buddhist Era, in Thai digits, is the same day as its ISO form.
		expect(decisionMemoFieldsSchema.parse({ ...fields(), memoDate: '๒๒/๑๑/๒๕๖๙' }).memoDate).toBe(
			'2026-11-22'
		);
		// The limits are the database's: the longest accepted values save.
		await saveDecisionMemo(database.db, {
			actor: governor40,
			zoneId: approved.zone.id,
			transitionId: approveId,
			fields: fields({
				office: 'ก'.repeat(300),
				documentNumber: '๑'.repeat(100),
				subject: 'ข'.repeat(500),
				addressee: 'ค'.repeat(300),
				signerName: 'ง'.repeat(200),
				signerPosition: 'จ'.repeat(300)
			})
		});
		expect(await memoRows(approveId)).toHaveLength(before + 1);
	});

	it('refuses those who may not write the memo before reading the fields', async () => {
		const before = (await memoRows(approveId)).length;
		const kinds: Record<string, string> = {};
		for (const [name, actor, zoneId, transitionId] of [
			['laoConsulted', laoConsulted, approved.zone.id, approveId],
			['governor41', governor41, approved.zone.id, approveId],
			['public', null, approved.zone.id, approveId],
			['planner41 on a draft', planner41, draft.zone.id, returnId],
			['dla on a submission', dla, approved.zone.id, submitId]
		] as const) {
			kinds[name] = (
				await expectRefusal(
					saveDecisionMemo(database.db, { actor, zoneId, transitionId, fields: { office: '' } })
				)
			).kind;
		}
		expect(kinds).toEqual({
			laoConsulted: 'forbidden',
			governor41: 'forbidden',
			public: 'forbidden',
			'planner41 on a draft': 'not_found',
			'dla on a submission': 'not_found'
		});
		expect(await memoRows(approveId)).toHaveLength(before);
	});
});

/** The text of the rendered memo, tags removed. */
function textOf(html: string): string {
	return html
		.replace(/<style[\s\S]*?<\/style>/g, '')
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

describe('DecisionMemo printed from the service', () => {
	it('prints the approval with Thai numerals, the figures, the map and the emblem', async () => {
		await uploadOfficeEmblem(database.db, {
			actor: governor40,
			officeKey: 'governor:TH40',
			fileName: 'emblem.png',
			bytes: new Uint8Array([
				0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52
			])
		});
		const memo = await getDecisionMemo(database.db, {
			actor: governor40,
			zoneId: approved.zone.id,
			transitionId: approveId
		});
		expect(memo.emblem).not.toBeNull();
		const printed = { ...memo.defaults, documentNumber: 'ขก 0023/123' };
		const { body } = render(DecisionMemo, {
			props: { memo, fields: printed, emblemUrl: '/offices/emblem/governor:TH40' }
		});
		const text = textOf(body);
		expect(text).toContain('ที่ ขก ๐๐๒๓/๑๒๓');
		expect(text).toContain('วันที่ ๒๑ พฤศจิกายน ๒๕๖๙');
		expect(text).toContain('เรื่อง การพิจารณาเขตพัฒนาเศรษฐกิจพอเพียง เขตบันทึก');
		expect(text).toContain('เรียน ท้องถิ่นจังหวัดขอนแก่น');
		expect(text).toContain(
			'ตามที่สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่นได้เสนอเขตพัฒนาเศรษฐกิจพอเพียง เขตบันทึก ฉบับที่ ๑ เพื่อขอรับการพิจารณา เมื่อวันที่ ๒๐ พฤศจิกายน ๒๕๖๙ นั้น'
		);
		expect(text).toContain(
			'เห็นชอบ ๐ แห่ง เห็นชอบโดยมีเงื่อนไข ๑ แห่ง ไม่เห็นชอบ ๑ แห่ง และยังไม่ให้ความเห็น ๑ แห่ง'
		);
		expect(text).toContain(
			`ตามแบบจำลองการให้คะแนน ${model.name.replace(/[0-9]/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)]!)}`
		);
		expect(text).toContain(
			'ผู้ว่าราชการจังหวัดขอนแก่นได้พิจารณาแล้ว อนุมัติเขตพัฒนาเศรษฐกิจพอเพียง เขตบันทึก ฉบับที่ ๑'
		);
		expect(text).toContain(defaultClosingText);
		// Issue 17: the appendix cites the public's published comments (none on this zone).
		expect(text).toMatch(/ความคิดเห็นของประชาชนที่ตรวจสอบและเผยแพร่แล้ว\s*๐ ความคิดเห็น/);
		expect(text).toContain(`(${governor40.displayName}) ผู้ว่าราชการจังหวัดขอนแก่น`);
		expect(text).not.toContain('ปฏิบัติราชการแทน');
		// The map is drawn inline, so its text uses the page's bundled Thai font.
		expect(body).toMatch(/data-testid="memo-map">(<!--[^>]*-->)*<svg /);
		expect(body).toContain('font-family="Sarabun');
		expect(body).toContain('src="/offices/emblem/governor:TH40"');
		for (const lao of memo.revision.coveredLaos) expect(text).toContain(lao.nameTh);
	});

	it('prints a return with its reasons’ labels, the free text and the acting line', async () => {
		const memo = await getDecisionMemo(database.db, {
			actor: acting,
			zoneId: draft.zone.id,
			transitionId: returnId
		});
		const { body } = render(DecisionMemo, { props: { memo } });
		const text = textOf(body);
		expect(text).toContain(
			'ได้พิจารณาแล้ว ให้ส่งกลับแก้ไขเขตพัฒนาเศรษฐกิจพอเพียง เขตส่งกลับ ฉบับที่ ๑ ด้วยเหตุผล ดังนี้ (๑) ขอบเขตไม่ชัดเจน (๒) อื่น ๆ รายละเอียดเพิ่มเติม ขอให้ทบทวนแนวเขตด้านทิศเหนือ'
		);
		expect(text).toContain('ตามที่กรมส่งเสริมการปกครองท้องถิ่นได้เสนอ');
		expect(text).toContain('โดยไม่ได้ขอความเห็นองค์กรปกครองส่วนท้องถิ่น');
		expect(text).toContain(
			`(${acting.displayName}) รองผู้ว่าราชการจังหวัดขอนแก่น ปฏิบัติราชการแทน ผู้ว่าราชการจังหวัดขอนแก่น`
		);
		// Nothing uploaded is passed: the emblem's place stays empty.
		expect(body).not.toContain('alt="ตราสัญลักษณ์ของส่วนราชการ"');
	});
});
